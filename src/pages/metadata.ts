// Files about the whole site for search engines and feed readers: sitemap.xml (every page in both
// scripts) and feed.xml (an Atom feed of chapters). Both need absolute addresses, so they are
// made only when content/site.yml sets `url`. Dates come from the content, never from the clock.
import { digest, type VolumeModel } from '../pipeline/model.ts';
import type { SiteFileGenerator } from '../pipeline/render.ts';
import { chapterPath, volumeLabel } from './urls.ts';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const sitemap: SiteFileGenerator = ({ site }, paths) => {
  if (!site.url) return [];
  const locations = paths
    .filter((p) => p === 'index.html' || p.endsWith('/index.html'))
    .map((p) => `${site.url}${p.slice(0, -'index.html'.length)}`)
    .sort();
  const body = locations.map((loc) => `<url><loc>${xml(loc)}</loc></url>`).join('\n');
  return [{ path: 'sitemap.xml', content: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n` }];
};

/** What the feed says of each chapter of a volume (kept with the volume: see `digest`). */
interface FeedItem {
  title: string;
  slug: string;
  date: string;
  author: string[];
  compiler: string | null;
  category: string | null;
  summary: string | null;
}

function feedItems(volume: VolumeModel): FeedItem[] {
  return digest(volume, 'feed', (v) =>
    v.chapters.map(({ record }) => ({
      title: record.title,
      slug: record.slug,
      date: record.date,
      author: record.author,
      compiler: record.compiler,
      category: record.category,
      summary: record.entries.find((e) => e.paragraphs.length > 0)?.paragraphs[0] ?? null,
    })),
  );
}

export const feed: SiteFileGenerator = ({ site, volumes }) => {
  if (!site.url) return [];
  const chapters = volumes.flatMap((volume) =>
    feedItems(volume).map((record) => ({ record, label: volumeLabel(volume.yearbook, volume.edition), url: `${site.url}${chapterPath(volume.edition, record.slug)}` })),
  );
  // Newest first; chapters of one date keep their reading order.
  chapters.sort((a, b) => (a.record.date < b.record.date ? 1 : a.record.date > b.record.date ? -1 : 0));
  const updated = chapters[0] ? `${chapters[0].record.date}T00:00:00Z` : '1970-01-01T00:00:00Z';
  const entries = chapters.map(({ record, label, url }) => {
    const authors = record.author.length > 0 ? record.author : [record.compiler ?? site.title];
    const summary = record.summary;
    return [
      '<entry>',
      `<title>${xml(`${record.title}（${label}）`)}</title>`,
      `<id>${xml(url)}</id>`,
      `<link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `<published>${record.date}T00:00:00Z</published>`,
      `<updated>${record.date}T00:00:00Z</updated>`,
      ...authors.map((name) => `<author><name>${xml(name)}</name></author>`),
      ...(record.category ? [`<category term="${xml(record.category)}"/>`] : []),
      ...(summary ? [`<summary>${xml(summary)}</summary>`] : []),
      '</entry>',
    ].join('\n');
  });
  const content = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `<title>${xml(site.title)}</title>`,
    `<id>${xml(site.url)}</id>`,
    `<link rel="self" type="application/atom+xml" href="${xml(`${site.url}feed.xml`)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(site.url)}"/>`,
    `<updated>${updated}</updated>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
  return [{ path: 'feed.xml', content }];
};
