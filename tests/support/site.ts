// The real site built by the CLI, served locally and opened in Chromium, for browser tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser } from './browser.ts';
import { runCli } from './cli.ts';
import { serveStatic, type StaticServer } from './server.ts';

export interface OpenSite {
  server: StaticServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openBuiltSite(): Promise<OpenSite> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-browser-')), 'site');
  const result = runCli(['build', '--out', out]);
  expect(result.status, result.stderr).toBe(0);
  const server = await serveStatic(out);
  const browser = await launchBrowser();
  const page = await (await browser.newContext()).newPage();
  return {
    server,
    browser,
    page,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
