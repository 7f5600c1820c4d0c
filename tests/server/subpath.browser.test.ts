// The built site served from a sub-path, as GitHub Pages serves a project (https://owner.github.io/yearbook/):
// in Chromium every page loads its stylesheet and every link stays under /yearbook/ and resolves.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { runCli } from '../support/cli.ts';
import { copyProject } from '../support/dev.ts';
import { serveStatic, type StaticServer } from '../support/server.ts';

const BASE = '/yearbook/';
let browser: Browser;
let server: StaticServer;
let out: string;
let pages: string[];

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

beforeAll(async () => {
  const { content } = copyProject();
  // The project's Pages address: the 404 page, served at any depth, links from it.
  writeFileSync(path.join(content, 'site.yml'), 'url: https://owner.github.io/yearbook/\n');
  out = path.join(path.dirname(content), 'dist');
  const result = runCli(['build', '--content', content, '--out', out]);
  expect(result.status, result.stderr).toBe(0);
  pages = listFiles(out).filter((f) => f.endsWith('.html') && f !== '404.html');
  server = await serveStatic(out, BASE);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens an address; returns the page, the HTTP status, and the responses of everything it loaded. */
async function open(address: string): Promise<{ page: Page; status: number; loaded: Map<string, number> }> {
  const page = await (await browser.newContext()).newPage();
  const loaded = new Map<string, number>();
  page.on('response', (response) => loaded.set(response.url(), response.status()));
  const response = await page.goto(address);
  return { page, status: response!.status(), loaded };
}

async function stylesheetApplied(page: Page): Promise<boolean> {
  return page.evaluate(() => Array.from(document.styleSheets).some((sheet) => sheet.href?.includes('/yearbook/assets/site.css') && sheet.cssRules.length > 0));
}

describe('the site under /yearbook/', () => {
  it('has no trace of the dev server in the built output', () => {
    for (const file of listFiles(out)) expect(readFileSync(path.join(out, file), 'utf8'), file).not.toContain('__yearbook');
  });

  it('loads the stylesheet on every page, and every link stays under /yearbook/ and resolves', async () => {
    expect(pages).toEqual(expect.arrayContaining(['index.html', '2020/index.html', '2020/zuzhi-gongzuo/index.html']));
    for (const file of pages) {
      const address = new URL(file.replace(/index\.html$/, ''), server.url).href;
      const { page, status, loaded } = await open(address);
      expect(status, address).toBe(200);
      expect(await stylesheetApplied(page), address).toBe(true);
      expect([...loaded.values()].every((s) => s === 200), `${address}: ${JSON.stringify([...loaded])}`).toBe(true);

      const links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      expect(links.length, address).toBeGreaterThan(0);
      for (const link of links) {
        const target = new URL(link);
        expect(target.pathname.startsWith(BASE), `${address} links to ${link}`).toBe(true);
        const response = await fetch(target, { redirect: 'manual' });
        expect(response.status, `${address} links to ${link}`).toBe(200);
        if (target.hash) {
          const html = await response.text();
          expect(html, `${address} links to ${link}`).toContain(`id="${decodeURIComponent(target.hash.slice(1))}"`);
        }
      }
      await page.context().close();
    }
  });

  it('serves the 404 page at any depth with its stylesheet and a link home to /yearbook/', async () => {
    const { page, status } = await open(new URL('2020/no/such/page/', server.url).href);
    expect(status).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('找不到页面');
    expect(await stylesheetApplied(page)).toBe(true);
    // Links away from the page (the skip link stays on it) stay under /yearbook/, home among them, and resolve.
    const away = await page.$$eval('a[href]', (anchors) =>
      anchors.map((a) => new URL((a as HTMLAnchorElement).href)).filter((u) => u.pathname !== location.pathname).map((u) => u.href),
    );
    expect(away.map((link) => new URL(link).pathname)).toContain(BASE);
    for (const link of away) {
      expect(new URL(link).pathname.startsWith(BASE), link).toBe(true);
      expect((await fetch(link, { redirect: 'manual' })).status, link).toBe(200);
    }
    await page.context().close();
  });
});
