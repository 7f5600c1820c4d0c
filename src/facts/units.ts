// The measure words (量词) and multipliers a statistical figure is read with, in one table.
// A figure is a number followed by one of these units; anything else after a number (年, 月, 日,
// 号, 层, 届 …) makes it a date, an address or an ordinal, which are not figures.

/** Units, longest first so that 人次 wins over 人 and 个月 over 个. */
export const UNITS: readonly string[] = [
  // people and occasions
  '人次', '人', '名', '位', '户',
  '场次', '场', '次', '期', '批',
  // things counted
  '个百分点', '个月', '个', '项', '家', '所', '条', '份', '大类', '类', '件', '种', '款',
  '台', '辆', '套', '座', '处', '支', '篇', '部', '册', '张', '间', '株', '头',
  // money
  '澳门元', '港元', '美元', '欧元', '元',
  // measures
  '平方公里', '平方米', '立方米', '公顷', '亩', '公里', '千米', '米', '千瓦时', '千瓦', '吨', '公斤', '千克',
  '标准箱', '小时', '天',
  // ratios
  '%', '％', '‰', '倍',
].sort((a, b) => b.length - a.length);

/** Units that give a ratio: the thing measured is named before the number, never after it. */
export const RATIO_UNITS: ReadonlySet<string> = new Set(['%', '％', '‰', '倍', '个百分点']);

/** Units written in two ways, stored in one. */
export const UNIT_ALIASES: Readonly<Record<string, string>> = { '％': '%' };

/** Multipliers between a number and its unit: 13万人次, 1.5亿元. Powers of ten. */
export const MULTIPLIERS: Readonly<Record<string, number>> = {
  万亿: 12,
  千万: 7,
  百万: 6,
  亿: 8,
  万: 4,
  千: 3,
  百: 2,
};
