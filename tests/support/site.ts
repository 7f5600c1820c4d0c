// The real content built once into a temporary folder, served locally, with Chromium to read it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { runCli } from './cli.ts';
import { serveStatic, type StaticServer } from './server.ts';

export interface BuiltSite {
  /** The output folder. */
  out: string;
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function buildAndServe(name: string): Promise<BuiltSite> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), `yearbook-${name}-`)), 'site');
  const result = runCli(['build', '--out', out]);
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
  const server = await serveStatic(out);
  const browser = await launchBrowser();
  return {
    out,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export interface OpenSite extends BuiltSite {
  /** A page in a fresh browser context. */
  page: Page;
}

/** The real site, built, served, with a page open to read it. */
export async function openBuiltSite(name = 'browser'): Promise<OpenSite> {
  const site = await buildAndServe(name);
  const page = await (await site.browser.newContext()).newPage();
  return { ...site, page };
}
