// One pass over the text of our own HTML: what is text, what is an attribute, what is left alone.
import { describe, expect, it } from 'vitest';
import { attributeOf, mapHtml } from '../../src/pipeline/html-text.ts';
import { traditionalHtml } from '../../src/pipeline/traditional.ts';

const upper = (s: string) => s.toUpperCase();

describe('mapHtml', () => {
  it('rewrites text only, with the enclosing elements known', () => {
    const seen: string[] = [];
    const out = mapHtml('<p class="x">ab<strong>cd</strong><!-- ef --></p>gh', {
      text(text, open) {
        seen.push(`${text}:${open.map((e) => e.name).join('>')}`);
        return upper(text);
      },
    });
    expect(out).toBe('<p class="x">AB<strong>CD</strong><!-- ef --></p>GH');
    expect(seen).toEqual(['ab:p', 'cd:p>strong', 'gh:']);
  });

  it('closes void elements and keeps character references as written', () => {
    const open: string[] = [];
    mapHtml('<p>a<br>b<img src="x" alt="y">c &amp; d</p>', {
      text(text, elements) {
        open.push(`${text}:${elements.map((e) => e.name).join('>')}`);
        return text;
      },
    });
    expect(open).toEqual(['a:p', 'b:p', 'c &amp; d:p']);
  });

  it('hands attributes with their element, and scripts as raw text', () => {
    const out = mapHtml('<html lang="zh-CN"><a href="#甲" title="标题">甲</a><script type="application/json">{"a":"<b>"}</script></html>', {
      attribute: (name, value, open) => (name === 'title' && open.at(-1)!.name === 'a' ? `[${value}]` : undefined),
      rawText: (element, content) => (attributeOf(element.attributes, 'type') === 'application/json' ? content.replace('a', 'A') : content),
    });
    expect(out).toBe('<html lang="zh-CN"><a href="#甲" title="[标题]">甲</a><script type="application/json">{"A":"<b>"}</script></html>');
  });
});

describe('traditionalHtml', () => {
  it('converts text and text attributes, never addresses, ids or translate="no"', () => {
    const page =
      '<!doctype html>\n<html lang="zh-CN"><head><title>组织工作</title><meta name="description" content="党员发展"><meta property="og:locale" content="zh_CN"></head>' +
      '<body><section id="党组织建设"><h2><a href="#党组织建设" title="党组织建设">党组织建设</a></h2><p>发展党员<span translate="no">https://example.org/组织</span></p></section>' +
      '<script type="application/ld+json">{"@type":"Chapter","name":"组织工作","url":"https://example.org/组织","inLanguage":"zh-CN"}</script></body></html>';
    expect(traditionalHtml(page)).toBe(
      '<!doctype html>\n<html lang="zh-Hant-HK"><head><title>組織工作</title><meta name="description" content="黨員發展"><meta property="og:locale" content="zh_HK"></head>' +
        '<body><section id="党组织建设"><h2><a href="#党组织建设" title="黨組織建設">黨組織建設</a></h2><p>發展黨員<span translate="no">https://example.org/组织</span></p></section>' +
        '<script type="application/ld+json">{"@type":"Chapter","name":"組織工作","url":"https://example.org/组织","inLanguage":"zh-Hant-HK"}</script></body></html>',
    );
  });
});
