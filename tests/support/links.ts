// Checks the links of built pages: every relative link leads to a file of the site, and every
// #fragment to an id on that page.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function idsOf(html: string): string[] {
  return [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
}

/** Broken links of one page (a path inside `out`), as "href → reason". */
export function brokenLinks(out: string, page: string): string[] {
  const html = readFileSync(path.join(out, page), 'utf8');
  const broken: string[] = [];
  for (const [, href] of html.matchAll(/\shref="([^"]+)"/g)) {
    if (/^[a-z]+:/i.test(href!)) continue;
    const url = new URL(href!, `http://site.test/${page}`);
    let file = path.join(out, decodeURIComponent(url.pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      broken.push(`${href} → no file`);
      continue;
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (fragment && !idsOf(readFileSync(file, 'utf8')).includes(fragment)) broken.push(`${href} → no id`);
  }
  return broken;
}
