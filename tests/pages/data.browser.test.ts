// The data page in Chromium: sorting by column headers, and a figure leading to its highlighted sentence.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltSite, type OpenSite } from '../support/site.ts';

let site: OpenSite;
let page: Page;

beforeAll(async () => {
  site = await openBuiltSite();
  page = site.page;
});

afterAll(async () => {
  await site?.close();
});

const column = (n: number) => page.locator(`table.facts tbody tr td:nth-child(${n})`).allInnerTexts();

describe('the data page in a browser', () => {
  it('sorts the table by a column when its header button is pressed, and says so with aria-sort', async () => {
    await page.goto(`${site.server.url}2020/zuzhi-gongzuo/data/`);
    const valueHeader = page.locator('table.facts th', { hasText: '数值' });
    const button = valueHeader.getByRole('button', { name: '数值' });
    await button.click();
    expect(await valueHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('table.facts th[aria-sort]').count()).toBe(1);
    const ascending = (await page.locator('table.facts tbody td:nth-child(4)').evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.value))));
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(ascending.at(-1)).toBe(15000000);
    await button.press('Enter');
    expect(await valueHeader.getAttribute('aria-sort')).toBe('descending');
    expect((await column(4))[0]).toBe('15,000,000');
    await page.getByRole('button', { name: '序号' }).click();
    expect((await column(1)).slice(0, 3)).toEqual(['1', '2', '3']);
  });

  it('takes the reader from a figure to its sentence, highlighted', async () => {
    await page.goto(`${site.server.url}2020/zuzhi-gongzuo/data/`);
    await page.getByRole('link', { name: '13万人次' }).click();
    await page.waitForURL(/zuzhi-gongzuo\/#/);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#党组织建设-s13');
    const target = page.locator(':target');
    expect(await target.innerText()).toContain('培训党员13万人次');
    const background = await target.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    expect(await target.isVisible()).toBe(true);
  });
});
