// 名词解释: terms collected from the seed chapter and from small cases of each way of defining one.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build.ts';
import { inlineTerms } from '../../src/pipeline/glossary.ts';
import { TermSchema } from '../../src/schema.ts';
import { ROOT } from '../support/cli.ts';

describe('terms of the seed chapter', () => {
  it('are typed records, in reading order, with the entry that defines each', async () => {
    const { site } = await checkContent(path.join(ROOT, 'content'));
    const terms = site.volumes[0]!.chapters[0]!.record.terms;
    for (const term of terms) expect(TermSchema.parse(term)).toEqual(term);
    expect(terms.map((t) => [t.term, t.kind, t.entry])).toEqual([
      ['市委组织部', 'abbreviation', '组织工作概况'],
      ['主题教育', 'abbreviation', '组织工作概况'],
      ['三会一课', 'gloss', '不忘初心-牢记使命-主题教育'],
      ['四个对照', 'sidebar', '不忘初心-牢记使命-主题教育'],
      ['四个找一找', 'sidebar', '不忘初心-牢记使命-主题教育'],
      ['横栏镇人才十条', 'abbreviation', '2019年中山人才节'],
    ]);
    const definition = (term: string) => terms.find((t) => t.term === term)!.definition;
    expect(definition('市委组织部')).toBe('中共中山市委组织部');
    expect(definition('主题教育')).toBe('“不忘初心、牢记使命”主题教育');
    expect(definition('横栏镇人才十条')).toBe('《关于实施横栏镇人才优先发展战略的若干措施》');
    expect(definition('三会一课')).toBe('指定期召开支部党员大会、支部委员会、党小组会，按时上好党课');
    expect(definition('四个对照')).toMatch(/^指对照新时代中国特色社会主义思想.*身边榜样。$/);
    expect(definition('四个找一找')).toMatch(/^指找一找在增强“四个意识”/);
  });
});

describe('inline definitions', () => {
  it('reads an abbreviation with half-width brackets and no quotes', () => {
    expect(inlineTerms('2019年,中山市人力资源和社会保障局(简称人社局)推进……')).toEqual([
      { term: '人社局', definition: '中山市人力资源和社会保障局', kind: 'abbreviation' },
    ]);
  });

  it('keeps punctuation inside quotes and book titles as part of the full form', () => {
    expect(inlineTerms('印发《关于加强、改进人才工作的意见》（简称“意见”）。')[0]!.definition).toBe('《关于加强、改进人才工作的意见》');
    expect(inlineTerms('开展“学习、实践”活动（简称“学实”）')[0]!.definition).toBe('“学习、实践”活动');
  });

  it('reads a gloss with brackets inside it', () => {
    expect(inlineTerms('推行“两学一做”（指学党章党规（含准则）、学系列讲话，做合格党员）学习教育')).toEqual([
      { term: '两学一做', definition: '指学党章党规（含准则）、学系列讲话，做合格党员', kind: 'gloss' },
    ]);
  });

  it('does not take a quotation followed by an ordinary bracket for a gloss', () => {
    expect(inlineTerms('实施“三年行动计划”（2018—2020年）')).toEqual([]);
  });
});
