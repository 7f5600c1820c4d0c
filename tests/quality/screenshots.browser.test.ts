// Screenshots of the chapter page at phone and desktop widths, for a person to look at:
// tests/artifacts/chapter-phone.png and chapter-desktop.png (not committed). The test also proves
// the Chinese text is drawn with a CJK font (fonts-noto-cjk), not with missing-glyph boxes.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { ROOT } from '../support/cli.ts';
import { serveStatic, type StaticServer } from '../support/server.ts';
import { buildSite } from '../support/site.ts';

const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
const WIDTHS = [
  { device: 'phone', width: 375, height: 740 },
  { device: 'desktop', width: 1280, height: 900 },
];

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  const site = buildSite();
  server = await serveStatic(site.out);
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Width and height from a PNG file's header. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The fonts Chromium actually drew a node's text with (DevTools protocol), by glyph count. */
async function fontsOf(page: Page, selector: string): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

describe('the chapter page, as a person sees it', () => {
  it.each(WIDTHS)('$device, $width px wide: written to tests/artifacts/chapter-<device>.png', async ({ device, width, height }) => {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.url}2020/zuzhi-gongzuo/`);
    await page.evaluate(() => document.fonts.ready);
    const file = path.join(ARTIFACTS, `chapter-${device}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const size = pngSize(file);
    expect(size.width).toBe(width);
    // The whole chapter: many screens tall.
    expect(size.height).toBeGreaterThan(height * 2);
    const fonts = await fontsOf(page, 'section.entry .entry-body p');
    expect(fonts[0]?.familyName).toMatch(/Noto Sans CJK/);
    await context.close();
  });
});
