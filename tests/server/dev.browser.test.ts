// `yearbook dev` in Chromium: an open page reloads by itself when a file is saved, shows the
// error when the file is broken, and comes back when it is fixed, with no click from the editor.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { copyProject, startDev, type DevProcess } from '../support/dev.ts';

let dev: DevProcess;
let browser: Browser;
let page: Page;
let chapterFile: string;
let original: string;

beforeAll(async () => {
  const { content } = copyProject();
  chapterFile = path.join(content, '2020', 'zuzhi-gongzuo.md');
  original = readFileSync(chapterFile, 'utf8');
  dev = await startDev(['--content', content]);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  await page.goto(`${dev.url}2020/zuzhi-gongzuo/`);
});

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
});

/** The page's heading; empty while the page is reloading. */
const h1 = () => page.locator('h1').innerText({ timeout: 1_000 }).catch(() => '');

describe('an open preview page', () => {
  it('reloads by itself after an edit, shows the error after a breakage, and recovers after the fix', async () => {
    expect(await h1()).toBe('组织工作');
    writeFileSync(chapterFile, original.replace('title: 组织工作', 'title: 组织工作(修订)'));
    await expect.poll(h1, { timeout: 15_000, interval: 200 }).toBe('组织工作(修订)');

    writeFileSync(chapterFile, original.replace('title: 组织工作', 'title: ""'));
    await expect.poll(h1, { timeout: 15_000, interval: 200 }).toBe('内容有错误，请修改后保存');
    expect(await page.locator('ol.errors li').first().innerText()).toMatch(/zuzhi-gongzuo\.md:2:8\s+字段 title 的值不对 \(field "title": must not be empty\)/);

    writeFileSync(chapterFile, original);
    await expect.poll(h1, { timeout: 15_000, interval: 200 }).toBe('组织工作');
    expect(await page.locator('nav.toc li').count()).toBe(8);
  });
});
