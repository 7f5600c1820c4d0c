// One pass over the text of our own HTML: what is text, what is an attribute, what is left alone.
import { describe, expect, it } from 'vitest';
import { attributeOf, attributesOf, closesItself, mapHtml, scanHtml, tagId, tagIdAt, type TagId } from '../../src/pipeline/html-text.ts';
import { traditionalHtml } from '../../src/pipeline/traditional.ts';
import { randomMarkup, seeded } from '../support/random-markup.ts';

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

// The scanner replaced a regular expression with alternation; this is that expression's tokenizer,
// kept as the reference every page must be read the same way by.
const REFERENCE_TOKEN = /<!--[\s\S]*?-->|<(script|style|textarea|title)\b([^>]*)>([\s\S]*?)<\/\1\s*>|<(\/?)([a-zA-Z][\w:-]*)([^>]*)>|<!doctype[^>]*>|[^<]+|</gi;
const REFERENCE_VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Every token as the reference reads it: text with the open elements, attributes, raw content. */
function referenceTokens(html: string): string[] {
  const open: string[] = [];
  const seen: string[] = [];
  for (const [token, rawName, rawAttributes, rawContent, slash, name, attributes] of html.matchAll(REFERENCE_TOKEN)) {
    if (rawName !== undefined) seen.push(`raw ${rawName}|${rawAttributes}|${rawContent}|${open.join('>')}`);
    else if (name !== undefined) {
      const tag = name.toLowerCase();
      if (slash) {
        seen.push(`end ${token}`);
        const at = open.lastIndexOf(tag);
        if (at !== -1) open.length = at;
      } else {
        seen.push(`tag ${name}|${attributes}|${open.join('>')}`);
        if (!REFERENCE_VOID.has(tag) && !attributes!.endsWith('/')) open.push(tag);
      }
    } else if (token[0] === '<' && token.length > 1) {
      // Comments and doctypes next to each other are one stretch the scanner steps over.
      if (seen.at(-1)?.startsWith('other ')) seen.push(`${seen.pop()!}${token}`);
      else seen.push(`other ${token}`);
    } else seen.push(`text ${token}|${open.join('>')}`);
  }
  return seen;
}

/** The same, from scanHtml. */
function scannedTokens(html: string): string[] {
  const open: string[] = [];
  // The open elements as the scanner names them: its end tags are matched by these alone.
  const ids: TagId[] = [];
  const seen: string[] = [];
  let covered = 0;
  const at = (start: number) => {
    if (start > covered) seen.push(`other ${html.slice(covered, start)}`); // comments and doctypes are not reported
  };
  scanHtml(html, {
    text(start, end) {
      at(start);
      seen.push(`text ${html.slice(start, end)}|${open.join('>')}`);
      covered = end;
    },
    startTag(id, start, end, nameEnd) {
      at(start);
      const name = html.slice(start + 1, nameEnd);
      seen.push(`tag ${name}|${attributesOf(html, name, start, end)}|${open.join('>')}`);
      if (!closesItself(html, id, end)) {
        open.push(name.toLowerCase());
        ids.push(id);
      }
      covered = end;
    },
    endTag(id, start, end) {
      at(start);
      seen.push(`end ${html.slice(start, end)}`);
      const found = ids.lastIndexOf(id);
      if (found !== -1) open.length = ids.length = found;
      covered = end;
    },
    rawElement(name, start, contentStart, contentEnd, end) {
      at(start);
      seen.push(`raw ${name}|${attributesOf(html, name, start, contentStart)}|${html.slice(contentStart, contentEnd)}|${open.join('>')}`);
      covered = end;
    },
  });
  at(html.length);
  return seen;
}

describe('tagId', () => {
  it('gives names the same id exactly when they are the same name in any case', () => {
    const names = ['a', 'b', 'p', 'br', 'hr', 'h1', 'h2', 'li', 'ol', 'ul', 'tr', 'td', 'th', 'div', 'span', 'meta', 'html', 'head', 'body', 'title', 'style', 'script', 'textarea',
      'section', 'article', 'x_y', 'x:y', 'x-y', 'a1', 'a_', 'a:', 'a-', '_', ':', '-', '0', '9', 'z', 'zz', 'abcdefgh', 'abcdefgi', 'abcdefghi', 'abcdefghij', 'my-element', 'my-elements'];
    const ids = names.map(tagId);
    expect(new Set(ids).size).toBe(names.length);
    for (const name of names) {
      expect(tagId(name.toUpperCase())).toBe(tagId(name));
      expect(tagIdAt(`<${name.toUpperCase()}>`, 1, name.length + 1)).toBe(tagId(name));
    }
    // Up to 8 characters a number, beyond that the name in lower case.
    expect(typeof tagId('abcdefgh')).toBe('number');
    expect(tagId('ABCDEFGHI')).toBe('abcdefghi');
  });
});

describe('scanHtml', () => {
  it('reads comments, doctypes, raw elements, tags, stray "<" and text as the regular expression it replaced did', () => {
    const page = '<!DOCTYPE html><!-- 注 <p> --><TITLE>标题</title ><p class="x">甲<br/>乙 < 丙</p><script>if (a<b) x="</p>"</script><style>p>a{}</style><!-- 没有结束';
    expect(scannedTokens(page)).toEqual(referenceTokens(page));
    expect(scannedTokens(page)).toContain('raw TITLE||标题|');
    expect(scannedTokens(page)).toContain('text <|');
  });

  it('agrees with the regular expression on 3,000 random pages', () => {
    const random = seeded(20191231);
    for (let i = 0; i < 3000; i++) {
      const html = randomMarkup(random, 1 + Math.floor(random() * 40));
      expect(scannedTokens(html), JSON.stringify(html)).toEqual(referenceTokens(html));
    }
  });
});
