// Series across volumes: the same label and unit in the same chapter of two volumes, drawn as an
// SVG bar chart at build time, with a table.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, checkContent, DEFAULT_TEMPLATES } from '../../src/build.ts';
import { barChart, findSeries } from '../../src/facts/series.ts';
import { formatValue } from '../../src/pages/data.ts';
import { chapterFile, makeContent, VOLUME_2020 } from '../support/content.ts';
import { brokenLinks } from '../support/links.ts';

const front = 'title: 组织工作\nslug: zuzhi-gongzuo\ncategory: 政治';
const content = () =>
  makeContent({
    '2020/volume.yml': VOLUME_2020,
    '2020/zuzhi-gongzuo.md': chapterFile(front, '## 党组织建设\n\n全年新发展党员2212人，培训党员13万人次。完成调研课题33个，各部门完成调研课题816个。\n'),
    '2020/renli.md': chapterFile('title: 人力资源\ncategory: 政治', '## 概况\n\n全年新发展党员10人。\n'),
    '2021/volume.yml': 'title: 中山年鉴\nedition: 2021\ncategories:\n  - 政治\n',
    '2021/zuzhi-gongzuo.md': chapterFile(front, '## 党组织建设\n\n全年新发展党员2500人，培训党员12.5万人次。完成调研课题40个。\n'),
  });

describe('findSeries', () => {
  it('pairs figures with the same label and unit in the same chapter of several volumes', async () => {
    const { diagnostics, site } = await checkContent(content());
    expect(diagnostics.errors).toEqual([]);
    const series = findSeries(site.volumes);
    expect(series.map((s) => [s.slug, s.label, s.unit, s.points.map((p) => [p.year, p.fact.value])])).toEqual([
      ['zuzhi-gongzuo', '新发展党员', '人', [[2019, 2212], [2020, 2500]]],
      ['zuzhi-gongzuo', '培训党员', '人次', [[2019, 130000], [2020, 125000]]],
    ]);
  });

  it('draws bars in proportion, the largest one full height', async () => {
    const { site } = await checkContent(content());
    const chart = barChart(findSeries(site.volumes)[0]!, formatValue);
    const [a, b] = chart.bars;
    expect(b!.y + b!.height).toBe(chart.baseline);
    expect(a!.height / b!.height).toBeCloseTo(2212 / 2500, 2);
    expect(a!.x + a!.width).toBeLessThan(b!.x);
    expect(chart.bars.map((bar) => [bar.year, bar.value])).toEqual([[2019, '2,212'], [2020, '2,500']]);
  });
});

describe('the series on the data pages', () => {
  let out: string;
  beforeAll(async () => {
    out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-series-')), 'site');
    const result = await build({ contentDir: content(), outDir: out, templatesDir: DEFAULT_TEMPLATES });
    expect(result.diagnostics.errors).toEqual([]);
  });

  it('shows each series as an accessible SVG chart and a table, linked from its figures', () => {
    const page = readFileSync(path.join(out, '2021/zuzhi-gongzuo/data/index.html'), 'utf8');
    const section = page.slice(page.indexOf('<section class="series" id="series-1"'), page.indexOf('<section class="series" id="series-2"'));
    expect(section).toContain('<h3 id="series-1-heading">新发展党员（人）</h3>');
    expect(section).toMatch(/<svg class="series-chart" [^>]*role="img" aria-labelledby="series-1-title series-1-desc">/);
    expect(section).toContain('<title id="series-1-title">新发展党员（人）历年柱状图</title>');
    expect(section).toContain('<desc id="series-1-desc">2019年 2,212；2020年 2,500</desc>');
    expect(section.match(/<rect class="bar"/g)).toHaveLength(2);
    expect(section).toContain('<tr><th scope="row">2019</th><td>中山年鉴·2020</td><td class="num">2,212</td><td><a href="../../../2020/zuzhi-gongzuo/#党组织建设-s1">2212人</a></td></tr>');
    expect(section).toContain('<tr class="current"><th scope="row">2020</th>');
    expect(page).toContain('<td><a href="#series-1">新发展党员</a></td>');
    expect(page).toContain('<td><a href="#series-2">培训党员</a></td>');
    expect(page).not.toContain('id="series-3"');
    expect(page).toContain('<td>调研课题</td>');
    for (const file of ['2021/zuzhi-gongzuo/data/index.html', '2020/zuzhi-gongzuo/data/index.html', '2020/renli/data/index.html']) {
      expect(brokenLinks(out, file), file).toEqual([]);
    }
    expect(readFileSync(path.join(out, '2020/renli/data/index.html'), 'utf8')).not.toContain('历年数据');
  });
});
