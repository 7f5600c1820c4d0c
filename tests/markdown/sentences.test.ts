// Sentences wrapped in <span id> on the sanitized HTML tree.
import { describe, expect, it } from 'vitest';
import { blocksToHtml, inlineToHtml, parseMarkdown } from '../../src/markdown/processor.ts';
import { markSentences, type MarkedSentence } from '../../src/markdown/sentences.ts';

function mark(markdown: string, inline = false): { html: string; sentences: MarkedSentence[] } {
  const tree = parseMarkdown(markdown);
  let n = 0;
  let sentences: MarkedSentence[] = [];
  const transform = (t: Parameters<typeof markSentences>[0]) => {
    sentences = markSentences(t, () => `e-s${++n}`);
  };
  const paragraph = tree.children[0]!;
  const html = inline && paragraph.type === 'paragraph' ? inlineToHtml(paragraph.children, transform) : blocksToHtml(tree.children, transform);
  return { html, sentences };
}

describe('markSentences', () => {
  it('wraps each sentence, closing quotes and brackets included', () => {
    const { html, sentences } = mark('开展“三会一课”学习。他说：“好。”最后一句');
    expect(html).toBe('<p><span id="e-s1">开展“三会一课”学习。</span><span id="e-s2">他说：“好。”</span><span id="e-s3">最后一句</span></p>');
    expect(sentences).toEqual([
      { id: 'e-s1', text: '开展“三会一课”学习。' },
      { id: 'e-s2', text: '他说：“好。”' },
      { id: 'e-s3', text: '最后一句' },
    ]);
  });

  it('keeps inline elements whole inside their sentence, and numbers through blocks', () => {
    const { html, sentences } = mark('培训**党员**13万人次；完成。\n\n- 一项。\n- 两项');
    expect(html).toContain('<span id="e-s1">培训<strong>党员</strong>13万人次；</span><span id="e-s2">完成。</span>');
    expect(html).toContain('<li><span id="e-s3">一项。</span></li>');
    expect(sentences.map((s) => s.text)).toEqual(['培训党员13万人次；', '完成。', '一项。', '两项']);
  });

  it('works on inline content without a paragraph, and after sanitizing', () => {
    const { html } = mark('新发展党员2212人。<b onclick="x()">raw</b>', true);
    expect(html).toMatch(/^<span id="e-s1">新发展党员2212人。<\/span><span id="e-s2">\s*raw<\/span>$/);
    expect(html).not.toContain('onclick');
  });
});
