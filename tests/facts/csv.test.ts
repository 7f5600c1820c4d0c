// facts.csv: quoting, line ends, byte-order mark, and text that Excel would run as a formula.
import { describe, expect, it } from 'vitest';
import { factsCsv } from '../../src/facts/csv.ts';
import type { FactRow } from '../../src/schema.ts';

const row = (over: Partial<FactRow>): FactRow => ({
  edition: 2020,
  year: 2019,
  chapter: '组织工作',
  slug: 'zuzhi-gongzuo',
  entry: '党组织建设',
  entryTitle: '党组织建设',
  subentry: null,
  sentence: '党组织建设-s1',
  label: '新发展党员',
  value: 2212,
  max: null,
  unit: '人',
  approximate: false,
  text: '2212人',
  context: '全年新发展党员2212人。',
  url: 'https://example.org/2020/zuzhi-gongzuo/#党组织建设-s1',
  ...over,
});

describe('factsCsv', () => {
  it('writes a byte-order mark, a header, CRLF line ends and RFC 4180 quoting', () => {
    const csv = factsCsv([row({ context: '甲，乙, "丙"' })]);
    expect(csv.startsWith('\uFEFFedition,year,chapter,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[1]).toContain(',"甲，乙, ""丙"""');
  });

  it('keeps text that starts like a formula as text, and numbers as numbers', () => {
    const csv = factsCsv([row({ label: '=HYPERLINK("http://x","点")', context: '@SUM(1)', value: -5 })]);
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain(`"'=HYPERLINK(""http://x"",""点"")"`);
    expect(line).toContain(",'@SUM(1),");
    expect(line).toContain(',-5,');
  });
});
