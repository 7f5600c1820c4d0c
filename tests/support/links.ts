// Our own link checker for a built site: every internal link and #anchor must resolve to a file
// and, for an anchor, to an element with that id in it. External links are listed, not fetched.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';

/** Attributes that hold an address, by element. */
const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  script: ['src'],
  img: ['src'],
  source: ['src'],
  iframe: ['src'],
  audio: ['src'],
  video: ['src', 'poster'],
  track: ['src'],
  form: ['action'],
  button: ['formaction'],
  input: ['formaction'],
};

export interface Link {
  /** The page the link is on, relative to the site root. */
  from: string;
  tag: string;
  url: string;
}

export interface BrokenLink extends Link {
  reason: string;
}

export interface LinkReport {
  checked: number;
  broken: BrokenLink[];
  external: Link[];
}

/** Elements of an HTML file, parsed once. */
export function parseHtml(text: string) {
  return parseDocument(text, { decodeEntities: true, lowerCaseAttributeNames: true });
}

/** Every element of an HTML text, <script> and <style> included, in document order. */
export function elements(text: string): Element[] {
  return DomUtils.findAll(() => true, parseHtml(text).children);
}

/** Every id (and legacy <a name>) in an HTML file. */
function anchorsOf(text: string): Set<string> {
  const ids = new Set<string>();
  for (const el of elements(text)) {
    if (el.attribs.id) ids.add(el.attribs.id);
    if (el.name === 'a' && el.attribs.name) ids.add(el.attribs.name);
  }
  return ids;
}

/** Every address in an HTML file, with the element it is on. */
export function linksOf(from: string, text: string): Link[] {
  const links: Link[] = [];
  for (const el of elements(text)) {
    for (const attribute of URL_ATTRIBUTES[el.name] ?? []) {
      const url = el.attribs[attribute];
      if (url !== undefined) links.push({ from, tag: el.name, url });
    }
    const srcset = el.attribs.srcset;
    if (srcset) for (const candidate of srcset.split(',')) links.push({ from, tag: el.name, url: candidate.trim().split(/\s+/)[0]! });
  }
  return links;
}

/**
 * Checks every link of the given HTML files (paths relative to `root`). `rootAbsoluteAllowed`
 * names pages that may use addresses starting with "/" (the 404 page, served at any depth); every
 * other page must link relatively so that the site works from any base path.
 */
export function checkLinks(root: string, htmlFiles: string[], rootAbsoluteAllowed: (file: string) => boolean = () => false): LinkReport {
  const base = 'http://site.invalid/';
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (file: string) => {
    let ids = anchorCache.get(file);
    if (!ids) {
      ids = anchorsOf(readFileSync(path.join(root, file), 'utf8'));
      anchorCache.set(file, ids);
    }
    return ids;
  };
  const report: LinkReport = { checked: 0, broken: [], external: [] };

  for (const from of htmlFiles) {
    for (const link of linksOf(from, readFileSync(path.join(root, from), 'utf8'))) {
      report.checked++;
      const broken = (reason: string) => report.broken.push({ ...link, reason });
      const url = link.url.trim();
      if (url === '') {
        broken('empty address');
        continue;
      }
      if (/^(mailto|tel|data):/i.test(url)) continue;
      let target: URL;
      try {
        target = new URL(url, base + from.split('/').map(encodeURIComponent).join('/'));
      } catch {
        broken('not a valid address');
        continue;
      }
      if (target.origin !== new URL(base).origin) {
        if (/^https?:$/.test(target.protocol)) report.external.push(link);
        else broken(`unexpected scheme ${target.protocol}`);
        continue;
      }
      if (url.startsWith('/') && !rootAbsoluteAllowed(from)) {
        broken('starts with "/": links must be relative so that the site works under any base path');
        continue;
      }
      let file: string;
      try {
        file = decodeURIComponent(target.pathname).replace(/^\//, '');
      } catch {
        broken('badly encoded path');
        continue;
      }
      const absolute = path.join(root, file);
      if (!absolute.startsWith(root)) {
        broken('points outside the site');
        continue;
      }
      if (file === '' || file.endsWith('/') || (existsSync(absolute) && statSync(absolute).isDirectory())) {
        file = path.posix.join(file, 'index.html');
      }
      if (!existsSync(path.join(root, file))) {
        broken(`no such file: ${file}`);
        continue;
      }
      if (target.hash && target.hash !== '#' && file.endsWith('.html')) {
        let fragment: string;
        try {
          fragment = decodeURIComponent(target.hash.slice(1));
        } catch {
          broken('badly encoded #anchor');
          continue;
        }
        // "#top" scrolls to the top of any page (HTML standard), unless an element takes the id.
        if (fragment !== 'top' && !anchors(file).has(fragment)) broken(`no element with id "${fragment}" in ${file}`);
      }
    }
  }
  return report;
}

/** Every id of an HTML page. */
export function idsOf(text: string): string[] {
  return [...anchorsOf(text)];
}

/** Broken links of one page (a path inside `out`), as "address → reason". */
export function brokenLinks(out: string, page: string): string[] {
  return checkLinks(out, [page]).broken.map((b) => `${b.url} → ${b.reason}`);
}
