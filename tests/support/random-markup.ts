// Random markup for tests that compare two readers of HTML: pieces that meet at every edge case of
// the grammar (raw elements, stray "<", unclosed comments, translate="no", Han text).

/** Random markup from pieces that meet at every edge case of the grammar. */
export function randomMarkup(random: () => number, length: number): string {
  const pieces = ['<', '>', '</', '/', '<p>', '</p>', '<span translate="no">', '</span>', '<div>', '</div>', '<br>', '<img alt="党员"/>',
    '<script>', '</script>', '</SCRIPT >', '<script type="application/ld+json">', '<style>', '</style>', '<title>', '</title', '<textarea>',
    '<scripts>', '<script:x>', '<title-x>', '<!--', '-->', '<!doctype html>', '<!DOCTYPE', '<!x>', '<?x?>', '<a href="#党员" title="党员">', '</a>',
    '<b', ' title="发展"', '="', '"', "'", '=', ' ', '\n', '党员', '发展', 'abc', '&amp;', 'k', 'ſ', '\u0000', '⿰',
    '<html lang="zh-CN">', '<meta name="description" content="党员发展">', '<meta content="干部" property="og:title">', '<meta property="og:locale" content="zh_CN">',
    '<span data-text-none="干部" TITLE="干部队伍">', '<p translate="no" aria-label="干部">', '<input placeholder="搜索条目"/>', '干部队伍建设', '𠮷', '𫟼发展'];
  let html = '';
  for (let i = 0; i < length; i++) html += pieces[Math.floor(random() * pieces.length)];
  return html;
}

/** A seeded generator (mulberry32), so a failure can be replayed. */
export function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
