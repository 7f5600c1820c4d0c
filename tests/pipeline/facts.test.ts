// Figures in the chapter record: from lead paragraphs, sub-entries (with their follow-on
// paragraphs) and sidebars, each naming its entry, sub-entry and sentence; none from see-stubs.
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build.ts';
import { chapterFile, makeContent, VOLUME_2020 } from '../support/content.ts';

const body = [
  '## 党员教育',
  '',
  '全年新发展党员2212人。培训**党员**13万人次；开展活动。',
  '',
  '**党校培训** 举办培训班1031场次。',
  '',
  '续段：培训学员54人次。',
  '',
  ':::sidebar[资料链接]',
  '',
  '**“双百工程”**：指扶持100家企业。',
  '',
  ':::',
  '',
  '## 参见',
  '',
  '（详见“市情概览”类目“政治建设”分目）',
  '',
  '## 人才',
  '',
  '引进博士361名。',
].join('\n');

describe('facts in the chapter record', () => {
  it('come from every sentence the page shows, with entry, sub-entry and sentence anchor', async () => {
    const { diagnostics, site } = await checkContent(makeContent({ '2020/volume.yml': VOLUME_2020, '2020/a.md': chapterFile('title: 组织工作', body) }));
    expect(diagnostics.errors).toEqual([]);
    const chapter = site.volumes[0]!.chapters[0]!;
    expect(chapter.record.facts.map((f) => [f.text, f.label, f.entry, f.subentry, f.sentence])).toEqual([
      ['2212人', '新发展党员', '党员教育', null, '党员教育-s1'],
      ['13万人次', '培训党员', '党员教育', null, '党员教育-s2'],
      ['1031场次', '培训班', '党员教育', '党员教育-党校培训', '党员教育-s4'],
      ['54人次', '培训学员', '党员教育', '党员教育-党校培训', '党员教育-s5'],
      ['100家', '企业', '党员教育', null, '党员教育-s6'],
      ['361名', '引进博士', '人才', null, '人才-s1'],
    ]);
    expect(chapter.record.facts[1]!.context).toBe('培训党员13万人次；');
    // Every sentence anchor is on the page, once.
    const html = [...chapter.views.flatMap((v) => [...v.leadHtml, ...v.subentries.flatMap((s) => s.html), ...v.sidebars.flatMap((b) => b.items.map((i) => i.definitionHtml))])].join('\n');
    for (const fact of chapter.record.facts) expect(html.split(`id="${fact.sentence}"`)).toHaveLength(2);
  });
});
