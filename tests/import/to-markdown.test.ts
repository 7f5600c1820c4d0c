import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.ts';
import type { SourceChapter, SourceEntry } from '../../src/import/source-text.ts';
import { chapterMarkdown, escapeMarkdown, frontMatter, volumeYaml } from '../../src/import/to-markdown.ts';
import { parseChapter } from '../../src/pipeline/model.ts';
import { SEED_FIELDS } from './seed-fields.ts';

function sourceChapter(fields: Partial<SourceChapter> = {}): SourceChapter {
  return {
    ...SEED_FIELDS,
    entries: [{ title: '组织工作概况', line: 4, blocks: [{ kind: 'paragraph', text: '2019年，聚焦党建。', line: 4 }] }],
    ...fields,
  };
}

/** The chapter as the site reads it back. */
function readBack(markdown: string) {
  const diagnostics = new Diagnostics();
  const chapter = parseChapter({ path: 'x.md', absolute: '/x.md', text: markdown }, { config: { title: '中山年鉴', edition: 2020 }, file: 'volume.yml' }, diagnostics);
  expect(diagnostics.items).toEqual([]);
  return chapter!.record;
}

describe('chapterMarkdown', () => {
  it('writes front matter, entries, sub-entries and a sidebar in the content format', () => {
    const entry: SourceEntry = {
      title: '“不忘初心、牢记使命”主题教育',
      line: 22,
      blocks: [
        { kind: 'paragraph', text: '开展主题教育。', line: 22 },
        { kind: 'subentry', title: '“雏鹰归巢”育才计划启动', text: '完善本土青年人才库。', line: 24 },
        { kind: 'paragraph', text: '围绕中心工作深入调查研究。', line: 26 },
        {
          kind: 'sidebar',
          title: '资料链接',
          line: 30,
          items: [
            { kind: 'item', term: '“四个对照”', colon: '：', definition: '指对照党章党规。', line: 32 },
            { kind: 'paragraph', text: '另见下文。', line: 34 },
          ],
        },
      ],
    };
    expect(chapterMarkdown(sourceChapter({ entries: [entry] }), { slug: 'zuzhi-gongzuo', category: '政治' })).toBe(
      [
        '---',
        'title: 组织工作',
        'slug: zuzhi-gongzuo',
        'category: 政治',
        'author: 黄春明',
        'compiler: 中山年鉴编纂委员会',
        'source: 《中山年鉴·2020》',
        '---',
        '',
        '## “不忘初心、牢记使命”主题教育',
        '',
        '开展主题教育。',
        '',
        '**“雏鹰归巢”育才计划启动** 完善本土青年人才库。',
        '',
        '围绕中心工作深入调查研究。',
        '',
        ':::sidebar[资料链接]',
        '',
        '**“四个对照”**：指对照党章党规。',
        '',
        '另见下文。',
        '',
        ':::',
        '',
      ].join('\n'),
    );
  });

  it('leaves out what the text does not say', () => {
    const markdown = chapterMarkdown(sourceChapter({ compiler: null, source: null, authors: [] }));
    expect(markdown.slice(0, markdown.indexOf('\n---\n'))).toBe('---\ntitle: 组织工作');
  });
});

describe('frontMatter', () => {
  it('names one drafter as a name and several as a list', () => {
    expect(frontMatter(sourceChapter(), {}).author).toBe('黄春明');
    expect(frontMatter(sourceChapter({ authors: ['张三', '李四'] }), {}).author).toEqual(['张三', '李四']);
    expect(chapterMarkdown(sourceChapter({ authors: ['张三', '李四'] }))).toContain('author:\n  - 张三\n  - 李四\n');
  });

  it('quotes a title that YAML would read as something else', () => {
    expect(readBack(chapterMarkdown(sourceChapter({ title: '2019' }))).title).toBe('2019');
    expect(readBack(chapterMarkdown(sourceChapter({ title: '工作: 要点 #1' }))).title).toBe('工作: 要点 #1');
  });
});

describe('escapeMarkdown', () => {
  it('leaves ordinary Chinese text as it is', () => {
    const text = '2019年，中共中山市委组织部（简称“市委组织部”）驻东区松苑路1号市委大楼4~5层。';
    expect(escapeMarkdown(text)).toBe(text);
  });

  it.each([
    ['编制*以年底为准*', '编制\\*以年底为准\\*'],
    ['机构_编制_', '机构\\_编制\\_'],
    ['文件[2019]3号', '文件\\[2019\\]3号'],
    ['单位<20家', '单位\\<20家'],
    ['R&amp;D岗位', 'R\\&amp;D岗位'],
    ['A & B', 'A & B'],
    ['1. 调整机构', '1\\. 调整机构'],
    ['2019.5万元', '2019.5万元'],
    ['# 不是标题', '\\# 不是标题'],
    ['#1号楼', '#1号楼'],
    ['- 不是列表', '\\- 不是列表'],
    ['-5℃', '-5℃'],
    ['---', '\\---'],
    ['> 不是引文', '\\> 不是引文'],
    ['::: tip 不是块', '\\::: tip 不是块'],
    ['`代码`', '\\`代码\\`'],
    ['路径C:\\temp', '路径C:\\\\temp'],
  ])('escapes %s', (text, markdown) => {
    expect(escapeMarkdown(text)).toBe(markdown);
  });

  it('reads back as the same text in every place of a chapter (random text)', () => {
    const alphabet = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ ab1中文，“”。'];
    let seed = 20191231;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const word = () => {
      let text = random() < 0.5 ? '中' : '';
      for (let n = 1 + Math.floor(random() * 8); n > 0; n--) text += alphabet[Math.floor(random() * alphabet.length)];
      return (text + (random() < 0.5 ? '文' : '')).trim() || '空';
    };
    for (let n = 0; n < 200; n++) {
      const [title, lead, text, definition, paragraph] = [word(), word(), word(), word(), word()];
      // A term never holds a colon: the importer splits the item at the first one.
      const term = word().replace(/[:：]/g, '') || '术语';
      const chapter = sourceChapter({
        entries: [
          {
            title,
            line: 1,
            blocks: [
              { kind: 'paragraph', text: paragraph, line: 1 },
              { kind: 'subentry', title: lead, text, line: 2 },
              { kind: 'sidebar', title: '资料链接', line: 3, items: [{ kind: 'item', term, colon: '：', definition, line: 4 }] },
            ],
          },
        ],
      });
      const [entry, ...others] = readBack(chapterMarkdown(chapter)).entries;
      expect(others).toEqual([]);
      expect(entry).toMatchObject({
        title,
        paragraphs: [paragraph],
        subentries: [{ title: lead, text }],
        // The parser drops quotes only around the whole term: “四个对照” → 四个对照, “大统战”工作格局 stays.
        sidebars: [{ items: [{ term: /^(?:“([^“”]+)”|"([^"]+)"|‘([^‘’]+)’|「([^「」]+)」|『([^『』]+)』)$/.exec(term)?.slice(1).find((t) => t !== undefined) ?? term, definition }] }],
      });
    }
  }, 60_000);
});

describe('volumeYaml', () => {
  it('writes volume.yml in the form of content/2020/volume.yml', () => {
    expect(volumeYaml(sourceChapter(), '政治')).toBe(
      '# 《中山年鉴·2020》: the 2020 volume records the year 2019.\ntitle: 中山年鉴\nedition: 2020\nyear: 2019\ncategories:\n  - 政治\n',
    );
  });

  it('needs the volume named in the text', () => {
    expect(volumeYaml(sourceChapter({ source: null, yearbook: null, edition: null }), '政治')).toBeNull();
  });
});
