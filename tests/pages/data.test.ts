// The data pages, downloads and open-data files of the real seed chapter.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, DEFAULT_TEMPLATES } from '../../src/build.ts';
import { ChapterSchema, FactsFileSchema } from '../../src/schema.ts';
import { ROOT, runCli } from '../support/cli.ts';
import { makeContent, twoVolumes } from '../support/content.ts';
import { brokenLinks, idsOf } from '../support/links.ts';

let out: string;
const read = (file: string) => readFileSync(path.join(out, file), 'utf8');

beforeAll(async () => {
  out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-data-')), 'site');
  const result = await build({ contentDir: path.join(ROOT, 'content'), outDir: out, templatesDir: DEFAULT_TEMPLATES });
  expect(result.diagnostics.errors).toEqual([]);
});

describe('the chapter data page', () => {
  it('is linked from the chapter page and lists every figure in text order', () => {
    expect(read('2020/zuzhi-gongzuo/index.html')).toContain('<a href="data/">本篇数据（68 项）</a>');
    const page = read('2020/zuzhi-gongzuo/data/index.html');
    expect(page).toContain('<caption id="facts-caption">组织工作的数据（68 项）</caption>');
    expect(page.match(/<tr>\n<td class="num" data-value="\d+">/g)).toHaveLength(68);
    expect(page).toMatch(/<td>培训党员<\/td>\n<td class="num" data-value="130000">130,000<\/td>\n<td>人次<\/td>\n<td><a href="\.\.\/#党组织建设-s13">13万人次<\/a><\/td>/);
    expect(page).toContain('<td class="num" data-value="100">约 100</td>');
    expect(page).toMatch(/<script src="\.\.\/\.\.\/\.\.\/assets\/sort-table\.js" defer><\/script>/);
    expect(read('2020/zuzhi-gongzuo/index.html')).not.toContain('sort-table.js');
  });

  it('links each figure to its sentence, wrapped in a span with a unique id on the chapter page', () => {
    const chapter = read('2020/zuzhi-gongzuo/index.html');
    const ids = idsOf(chapter);
    expect(new Set(ids).size).toBe(ids.length);
    expect(chapter).toContain('<span id="党组织建设-s13">发挥全市镇街党校主阵地作用，举办各类培训班1031场次，培训党员13万人次。</span>');
    for (const page of ['2020/zuzhi-gongzuo/data/index.html', '2020/data/index.html', '2020/zuzhi-gongzuo/index.html', '2020/index.html']) {
      expect(brokenLinks(out, page), page).toEqual([]);
    }
  });

  it('offers the figures as CSV: UTF-8 with BOM, RFC 4180 quoting, CRLF', () => {
    const csv = readFileSync(path.join(out, '2020/zuzhi-gongzuo/data/facts.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(68 + 2);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(lines[0]).toBe('edition,year,chapter,entry,entryTitle,subentry,label,value,max,unit,approximate,text,context,url');
    expect(lines).toContain(
      '2020,2019,组织工作,党组织建设,党组织建设,党组织建设-党员教育管理规范化,培训党员,130000,,人次,false,13万人次,发挥全市镇街党校主阵地作用，举办各类培训班1031场次，培训党员13万人次。,https://nianjian.example.org/2020/zuzhi-gongzuo/#党组织建设-s13',
    );
  });

  it('offers the figures as JSON that matches its published schema', () => {
    const file = FactsFileSchema.parse(JSON.parse(read('2020/zuzhi-gongzuo/data/facts.json')));
    expect(file).toMatchObject({ yearbook: '中山年鉴', edition: 2020, year: 2019, chapter: '组织工作' });
    expect(file.facts).toHaveLength(68);
    expect(file.facts[10]).toMatchObject({ label: '培训党员', value: 130000, url: 'https://nianjian.example.org/2020/zuzhi-gongzuo/#党组织建设-s13' });
    const schema = JSON.parse(read('schema/facts.schema.json'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.facts.items.required).toEqual(expect.arrayContaining(['value', 'unit', 'label', 'entry', 'text', 'approximate', 'url']));
  });

  it('publishes the whole chapter record beside the page, as `yearbook parse` prints it', () => {
    const record = read('2020/zuzhi-gongzuo/record.json');
    expect(record).toBe(runCli(['parse', 'content/2020/zuzhi-gongzuo.md']).stdout);
    expect(ChapterSchema.parse(JSON.parse(record)).facts).toHaveLength(68);
    const schema = JSON.parse(read('schema/chapter.schema.json'));
    expect(schema.required).toEqual(expect.arrayContaining(['entries', 'facts']));
    expect(read('2020/zuzhi-gongzuo/data/index.html')).toContain('<a href="../../../schema/chapter.schema.json">JSON Schema</a>');
  });
});

describe('the volume data page', () => {
  it('lists the figures of all its chapters, with downloads, linked from the volume page', () => {
    expect(read('2020/index.html')).toContain('<a href="data/">本卷数据</a>');
    const page = read('2020/data/index.html');
    expect(page).toContain('<th scope="col">分目</th>');
    expect(page).toContain('<a href="../../2020/zuzhi-gongzuo/data/">组织工作</a> <span class="meta">68 项</span>');
    expect(page).toContain('<a href="../../2020/zuzhi-gongzuo/#党组织建设-s13">13万人次</a>');
    const file = FactsFileSchema.parse(JSON.parse(read('2020/data/facts.json')));
    expect(file.chapter).toBeNull();
    expect(file.facts).toHaveLength(68);
    expect(read('2020/data/facts.csv').split('\r\n')).toHaveLength(70);
  });
});

describe('the data tables in both scripts', () => {
  // The value cells of a data page's table, in order: what the table shows, without the text.
  const cells = (html: string) => [...html.matchAll(/<td class="num" data-value="([^"]*)">([^<]*)<\/td>/g)].map((m) => `${m[1]}=${m[2]}`);

  it('are the same table in Traditional, and each volume shows only its own figures', async () => {
    const site = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-data-')), 'site');
    const result = await build({ contentDir: makeContent(twoVolumes()), outDir: site, templatesDir: DEFAULT_TEMPLATES });
    expect(result.diagnostics.errors).toEqual([]);
    const page = (file: string) => readFileSync(path.join(site, file), 'utf8');
    // Row number, then value, of each figure of the volume's one chapter (a year is no figure).
    const own = {
      2019: ['1=1', '15=15', '2=2', '8=8'],
      2020: ['1=1', '2212=2,212', '2=2', '120=120', '3=3', '30=30'],
    };
    for (const edition of [2019, 2020] as const) {
      for (const dir of [`${edition}/zuzhi-gongzuo/data/`, `${edition}/data/`]) {
        expect(cells(page(`${dir}index.html`)), dir).toEqual(own[edition]);
        expect(cells(page(`hant/${dir}index.html`)), `hant/${dir}`).toEqual(own[edition]);
      }
    }
  });
});
