// Compiled templates give what LiquidJS gives: every case is rendered both ways and compared, and
// what is not compiled (or fails) is left to LiquidJS.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { checkContent, DEFAULT_TEMPLATES } from '../../src/build.ts';
import { pageGenerators, siteFileGenerators } from '../../src/pages/index.ts';
import { TemplateCompiler } from '../../src/pipeline/liquid-compile.ts';
import { Renderer, renderSite } from '../../src/pipeline/render.ts';
import { chapterFile, makeContent, VOLUME_2020 } from '../support/content.ts';

/** An engine set up as the Renderer sets up its own, over a folder of these templates. */
function engineWith(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'yearbook-liquid-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  const engine = new Liquid({ root, extname: '.liquid', outputEscape: 'escape', strictVariables: true, strictFilters: true, cache: true });
  return { engine, compiler: new TemplateCompiler(engine) };
}

/** Renders `source` compiled and with LiquidJS, for each data; both must agree (and compile). */
function expectSame(source: string, datas: object[], partials: Record<string, string> = {}) {
  const { engine, compiler } = engineWith(partials);
  const template = engine.parse(source);
  const compiled = compiler.compile(template);
  expect(compiled, 'the template compiles').not.toBeNull();
  for (const data of datas) {
    const expected = engine.renderSync(template, data) as string;
    expect(compiled!(data), JSON.stringify(data)).toBe(expected);
  }
}

const values = [
  { v: 'a&b <c> "d" \'e\'' },
  { v: '' },
  { v: 0 },
  { v: 12.5 },
  { v: -3 },
  { v: true },
  { v: false },
  { v: null },
  { v: ['x', '<y>', 3, null] },
  { v: [] },
  { v: { a: 1 } },
  { v: '中文“引号”' },
];

describe('compiled templates', () => {
  it('print values as LiquidJS does, escaped unless raw', () => {
    expectSame('<p title="{{ v }}">{{ v }}|{{ v | raw }}</p>', values);
  });

  it('apply join, minus and plus', () => {
    expectSame('{{ list | join: "、" }}/{{ list | join }}/{{ n | minus: 1 }}/{{ n | plus: 2 }}', [
      { list: ['甲', '乙', '<丙>'], n: 5 },
      { list: [], n: '7' },
      { list: 'one', n: null },
      { list: [1, null, 2], n: 2.5 },
    ]);
  });

  it('test truthiness, comparisons, and, or, not and contains like Liquid (0 and "" are true)', () => {
    const source = [
      '{% if v %}T{% else %}F{% endif %}',
      '{% if v and w %}1{% elsif v or w %}2{% else %}3{% endif %}',
      '{% if list.size > 1 %}many{% elsif list.size == 1 %}one{% endif %}',
      '{% if n >= 2 %}ge{% endif %}{% if n <= 2 %}le{% endif %}{% if n != 2 %}ne{% endif %}{% if n < 2 %}lt{% endif %}',
      '{% if list contains "b" %}has{% endif %}{% if text contains "中" %}zh{% endif %}',
      '{% unless v %}U{% elsif w %}W{% else %}E{% endunless %}',
    ].join('|');
    const cases = [
      { v: 0, w: '', list: ['a', 'b'], n: 2, text: '中文' },
      { v: false, w: null, list: ['b'], n: 3, text: 'en' },
      { v: null, w: true, list: [], n: 1, text: '' },
      { v: '', w: false, list: ['a'], n: '2', text: '中' },
    ];
    expectSame(source, cases);
  });

  it('loop with forloop, else for nothing, over arrays, strings and objects', () => {
    const source = [
      '{% for item in items %}{% if forloop.first %}[{% endif %}{{ forloop.index }}/{{ forloop.length }}:{{ item }}{% if forloop.last %}]{% else %},{% endif %}{% else %}none{% endfor %}',
      '{% for row in rows %}{% for cell in row.cells %}{{ forloop.index0 }}{{ cell }}{% endfor %};{% endfor %}',
      '{% for pair in object %}{{ pair[0] }}={{ pair[1] }} {% endfor %}',
    ].join('|');
    expectSame(source, [
      { items: ['a', 'b', 'c'], rows: [{ cells: [1, 2] }, { cells: [] }], object: { x: 1, y: '<2>' } },
      { items: [], rows: [], object: {} },
      { items: 'one', rows: [{ cells: ['&'] }], object: null },
      { items: null, rows: [], object: { 中: '文' } },
    ]);
  });

  it('read size, first, last and indexes', () => {
    expectSame('{{ list.size }} {{ list.first }} {{ list.last }} {{ list[1] }} {{ text.size }} {{ obj.size }} {{ obj.size2 }}', [
      { list: ['a', 'b', 'c'], text: '中文', obj: { a: 1, b: 2, size2: 'z' } },
      { list: [1, 2], text: '', obj: { size: 'own', size2: 0 } },
    ]);
  });

  it('read names through scopes, strings, arrays and objects without a prototype', () => {
    // Names only (`a.b.c`): the path compiled without Liquid's size, first and last.
    const source =
      '{{ page.meta.title }}|{{ text.length }}|{{ list["1"] }}|{{ bare.name }}|{{ deep.a.b.c }}' +
      '{% for page in pages %}[{{ page.title }}:{{ forloop.index }}{% for page in page.kids %}({{ page.title }}){% endfor %}{{ page.title }}]{% endfor %}{{ page.meta.title }}';
    const bare = Object.assign(Object.create(null) as object, { name: '无原型' });
    expectSame(source, [
      {
        page: { meta: { title: '外 & 内' } },
        text: '中文',
        list: ['a', '<b>'],
        bare,
        deep: { a: { b: { c: 0 } } },
        pages: [{ title: '甲', kids: [{ title: '子' }] }, { title: '乙', kids: [] }],
      },
    ]);
  });

  it('give up on a name the data does not have as its own, as LiquidJS reports it', () => {
    const { engine, compiler } = engineWith({});
    for (const [source, data] of [
      ['{{ page.constructor }}', { page: {} }],
      ['{{ page.title.more }}', { page: { title: '标题' } }],
      ['{{ inherited.name }}', { inherited: Object.create({ name: '原型上' }) }],
    ] as const) {
      const template = engine.parse(source);
      expect(() => compiler.compile(template)!(data), source).toThrow();
      expect(() => engine.renderSync(template, data), source).toThrow(/undefined variable/);
    }
  });

  it('fill a layout\'s blocks, keeping the layout\'s own where the page has none', () => {
    const partials = {
      'layout.liquid': '<title>{% block title %}默认{% endblock %}</title>\n<main>{% block content %}{% endblock %}</main>{{ page.footer }}',
    };
    expectSame("{% layout 'layout.liquid' %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n{%- for x in page.list %} {{ x }}{% endfor %}\n{% endblock %}", [
      { page: { title: '标题 & <b>', list: [1, 2], footer: '脚' } },
      { page: { title: '', list: [], footer: null } },
    ], partials);
    expectSame("{% layout 'layout.liquid' %}{% block title %}页{% endblock %}{% block content %}内容{% endblock %}", [{ page: { footer: 'f' } }], partials);
  });

  it('render a partial with its own arguments only', () => {
    const partials = { '_item.liquid': '<li>{{ item.label }}{% if extra %}+{% endif %}</li>' };
    expectSame("{% for i in items %}{% render '_item', item: i, extra: flag %}{% endfor %}", [
      { items: [{ label: '<a>' }, { label: 'b' }], flag: true },
      { items: [{ label: 'c' }], flag: false },
    ], partials);
  });

  it('leave to LiquidJS what it does not compile', () => {
    const { engine, compiler } = engineWith({});
    for (const source of [
      '{% assign x = 1 %}{{ x }}',
      '{% for x in list limit: 2 %}{{ x }}{% endfor %}',
      '{% for x in list %}{% break %}{% endfor %}',
      '{{ "now" | date: "%Y" }}',
      '{% raw %}{{ x }}{% endraw %}',
      '{% for i in (1..3) %}{{ i }}{% endfor %}',
      '{% if x == empty %}e{% endif %}',
    ]) {
      expect(compiler.compile(engine.parse(source)), source).toBeNull();
    }
  });

  it('give up on what LiquidJS reports, so that the Renderer reports it with LiquidJS\'s position', () => {
    const { engine, compiler } = engineWith({});
    const compiled = compiler.compile(engine.parse('{% if page %}{{ page.titel }}{% endif %}'))!;
    expect(() => compiled({ page: { title: 'x' } })).toThrow();
    expect(() => engine.renderSync(engine.parse('{{ page.titel }}'), { page: { title: 'x' } })).toThrow(/undefined variable: page.titel/);
  });

  it('give up on values that are not plain data (LiquidJS calls functions and reads drops)', () => {
    const { engine, compiler } = engineWith({});
    const compiled = compiler.compile(engine.parse('{{ x.y }}'))!;
    expect(() => compiled({ x: { y: () => 'called' } })).toThrow();
    expect(() => compiled({ x: new Map() })).toThrow();
  });
});

describe('the site rendered with compiled templates', () => {
  it('is byte for byte the site LiquidJS renders', async () => {
    const content = makeContent({
      '2020/volume.yml': VOLUME_2020,
      '2020/zuzhi.md': chapterFile('title: 组织工作\nslug: zuzhi\ncategory: 政治\nauthor: [黄春明]', [
        '## 组织工作概况',
        '',
        '2019年，全市新发展党员2212人，培训党员13万人次。',
        '',
        '## 党组织建设',
        '',
        '**“不忘初心”主题教育** 开展专题学习<script>x</script>。',
        '',
        ':::sidebar[资料链接]',
        '**“四个对照”**：指对照党章党规。',
        ':::',
        '',
        '## 专题',
        '',
        '（详见“政治”类目“组织工作”分目）',
        '',
      ].join('\n')),
      '2021/volume.yml': 'title: 中山年鉴\nedition: 2021\ncategories:\n  - 政治\n',
      '2021/zuzhi.md': chapterFile('title: 组织工作\nslug: zuzhi\ncategory: 政治', '## 党组织建设\n\n全市新发展党员2500人。\n'),
      'site.yml': 'title: 中山年鉴\nurl: https://example.org/nianjian/\n',
    });
    for (const dir of [content, path.resolve('content')]) {
      const { site, diagnostics } = await checkContent(dir);
      expect(diagnostics.hasErrors).toBe(false);
      const compiled = renderSite(site, new Renderer(DEFAULT_TEMPLATES), pageGenerators, {}, siteFileGenerators);
      const liquid = renderSite(site, new Renderer(DEFAULT_TEMPLATES, null, false), pageGenerators, {}, siteFileGenerators);
      expect(compiled.map((f) => f.path)).toEqual(liquid.map((f) => f.path));
      compiled.forEach((file, i) => expect(String(file.content), file.path).toBe(String(liquid[i]!.content)));
    }
  });
});
