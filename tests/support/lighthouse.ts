// Lighthouse 12 in Debian's Chromium, for the reader-side figures of the performance issue: the
// quality tests check the categories that do not depend on timing (accessibility, best practices,
// SEO), and `npm run bench -- --reader` measures the performance category, which does.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS } from './browser.ts';

export type Category = 'performance' | 'accessibility' | 'best-practices' | 'seo';

export interface LighthouseReport {
  /** Each category asked for, 0–1 (the report shows it as 0–100). */
  scores: Partial<Record<Category, number>>;
  /** The audits that count towards a score and fell short of full marks: "category: audit (score)". */
  shortfalls: string[];
  /** Lab metrics of the performance category, when it was asked for: in ms, CLS unitless. */
  metrics: Record<string, number>;
}

const METRICS = {
  FCP: 'first-contentful-paint',
  LCP: 'largest-contentful-paint',
  TBT: 'total-blocking-time',
  CLS: 'cumulative-layout-shift',
  SI: 'speed-index',
} as const;

/**
 * Audits one page with Lighthouse's default settings (a mobile phone on a slow 4G network,
 * simulated), in a Chromium of its own that is closed afterwards.
 */
export async function runLighthouse(url: string, categories: Category[]): Promise<LighthouseReport> {
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: CHROMIUM_ARGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories });
    if (!result) throw new Error(`Lighthouse gave no report for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.message}`);
    const scores: LighthouseReport['scores'] = {};
    const shortfalls: string[] = [];
    for (const category of categories) {
      const found = lhr.categories[category];
      if (!found) throw new Error(`Lighthouse's report has no category ${category}`);
      scores[category] = found.score ?? 0;
      for (const ref of found.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) shortfalls.push(`${category}: ${audit.id} (${audit.score}${audit.displayValue ? `, ${audit.displayValue}` : ''})`);
      }
    }
    const metrics: Record<string, number> = {};
    if (categories.includes('performance')) {
      for (const [name, id] of Object.entries(METRICS)) metrics[name] = lhr.audits[id]?.numericValue ?? Number.NaN;
    }
    return { scores, shortfalls, metrics };
  } finally {
    await chrome.kill();
  }
}
