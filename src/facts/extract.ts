// Statistical figures (数据) of a sentence → typed facts. Pure: text in, facts out.
//
// A figure is a number (Arabic, or a Chinese numeral of ten or more such as 十二, 三百五十) with an
// optional multiplier (万, 亿 …), an optional approximation (余, 多) and a unit from units.ts; an
// Arabic number with a multiplier is a figure even without a unit (常住人口441.81万, unit "").
// Not figures: a number followed by anything else (2019年, 3月28日, 1号, 4~5层, 十九届), ordinals
// (第3次), numbers inside quotation marks or book titles (“760澳门互动区”, “横栏镇人才十条”), and
// single Chinese digits, which in running text name things (四项主责主业, 三年行动计划, 五讲;
// GB/T 15835 asks for Arabic numerals in counts).
//
// The label is what is counted. Two shapes:
//   before the number: 全年新发展党员2212人 → 新发展党员; 举办各类培训班1031场次 → 各类培训班
//   after the unit:    有党员的711家规模以上企业 → 有党员的规模以上企业; 11万名党员参与… → 党员
import type { Fact } from '../schema.ts';
import { MULTIPLIERS, RATIO_UNITS, UNIT_ALIASES, UNITS } from './units.ts';

export interface FactSource {
  /** One sentence (or any run of text) as a reader sees it. */
  text: string;
  entry: string;
  subentry: string | null;
  /** Anchor of the sentence on the chapter page. */
  sentence: string;
}

const ARABIC = '[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?';
const CHINESE = '[零〇一二两三四五六七八九十百千万亿]+';
const RANGE = '[~～〜\\-－—–至到]';
const FIGURE = new RegExp(
  `(${ARABIC}|${CHINESE})(?:\\s*${RANGE}\\s*(${ARABIC}|${CHINESE}))?(${Object.keys(MULTIPLIERS).join('|')})?(余|多)?\\s?`,
  'gu',
);

/** Words before a figure that make it approximate: 约5万元 (大约), 近千人 (将近, 接近), 超过100家. */
const APPROXIMATE_BEFORE = ['约', '近', '逾', '超过', '超'];
/** Words after a figure that make it approximate: 100人左右, 500人以上 (read where the figure ends). */
const APPROXIMATE_AFTER = /左右|以上|上下|多/uy;
/** A figure right after one of these is part of something else: 第3次, A4, 1.5, 2-3. */
const NOT_BEFORE_FIGURE = /[第A-Za-z0-9._\-]/u;

/** Where a clause ends, going back from a figure. The list comma 、 does not end one. */
const CLAUSE_END = /[，。；：！？,;:!?\n]/u;
/** Where a noun phrase after a unit ends. */
const NOUN_END = /[，。；：、！？,;:!?（）()\s0-9０-９]/u;

/** Words that start a predicate: a noun phrase after a unit stops before them. */
const PREDICATE_WORDS = [
  '参与', '参加', '实现', '设立', '成立', '提供', '开展', '获得', '完成', '落地', '落户', '入驻', '通过',
  '达到', '受益', '覆盖', '全部', '分别', '累计', '共计', '合计', '比上年', '同比', '增长', '下降', '成功', '以及',
  '等',
];
/** Light verbs (形式动词): the label is what follows them (开展学习活动 → 学习活动). */
const LIGHT_VERBS = ['开展', '进行', '举办', '举行', '完成', '形成', '安排', '达成', '产生', '提供', '实现', '召开', '推出'];
/** Scope and time words at the start of a label, which say where or when, not what. */
const SCOPE_WORDS = /^(全年|全市|全省|全区|全县|全镇|全国|当年|年内|本年|今年|累计|共计|合计|总计|其中|另外|此外|同时|先后|共|另|并|还)/u;
/** Words at the end of a label that belong to the figure, not to what is counted. */
const TRAILING_WORDS = /(各|达到|达|约|近|逾|超过|超|共|计|为|有)$/u;
/** 等 closes a list of examples (制定…等人才政策实施细则); not in these words. */
const NOT_ETC = /(平等|中等|高等|初等|同等|对等|等级|等待|等于|等同)/u;

const OPEN_QUOTES = '“‘「『《〈';

/**
 * A test of one UTF-16 unit against a character class, remembered for each unit once asked: the
 * scans below ask it of every character they pass.
 */
function unitTest(pattern: RegExp): (code: number) => boolean {
  const known = new Uint8Array(0x10000); // 0 not asked yet, 1 in the class, 2 not
  return (code) => (known[code] ||= pattern.test(String.fromCharCode(code)) ? 1 : 2) === 1;
}
const isClauseEnd = unitTest(CLAUSE_END);
const isNounEnd = unitTest(NOUN_END);

/** Words by their first UTF-16 unit, each list in the order of `words`. */
function byFirstUnit(words: readonly string[]): ReadonlyMap<number, readonly string[]> {
  const lists = new Map<number, string[]>();
  for (const word of words) {
    const code = word.charCodeAt(0);
    lists.set(code, [...(lists.get(code) ?? []), word]);
  }
  return lists;
}
const UNITS_BY_FIRST = byFirstUnit(UNITS);
const PREDICATES_BY_FIRST = byFirstUnit(PREDICATE_WORDS);

/** The first of UNITS (in its order) written at `at`. */
function unitAt(text: string, at: number): string | undefined {
  return UNITS_BY_FIRST.get(text.charCodeAt(at))?.find((u) => text.startsWith(u, at));
}

function startsPredicate(text: string, at: number): boolean {
  return PREDICATES_BY_FIRST.get(text.charCodeAt(at))?.some((w) => text.startsWith(w, at)) ?? false;
}

interface Found {
  start: number;
  end: number;
  /** End of the noun phrase after the unit (= end when there is none). */
  nounEnd: number;
  noun: string;
  fact: Fact;
}

export function extractFacts(source: FactSource): Fact[] {
  const { text } = source;
  // Worked out for the first figure with a unit only: most sentences have none.
  let quoted: QuotedPositions | null = null;
  const found: Found[] = [];
  FIGURE.lastIndex = 0;
  for (let match = FIGURE.exec(text); match; match = FIGURE.exec(text)) {
    const start = match.index;
    let end = start + match[0].length;
    const [, first, second, multiplier, approximation] = match;
    // 常住人口441.81万: a multiplier makes a quantity even when the unit is left unsaid.
    const unit = unitAt(text, end) ?? (multiplier && /^[0-9０-９]/u.test(first!) ? '' : undefined);
    if (unit === undefined) continue;
    end += unit.length;
    if ((quoted ??= new QuotedPositions(text)).inside(start)) continue;
    if (start > 0 && NOT_BEFORE_FIGURE.test(text[start - 1]!)) continue;
    const power = multiplier ? MULTIPLIERS[multiplier]! : 0;
    const value = numberValue(first!, power);
    const max = second === undefined ? null : numberValue(second, power);
    if (value === null || (second !== undefined && max === null)) continue;
    APPROXIMATE_AFTER.lastIndex = end;
    const after = APPROXIMATE_AFTER.exec(text)?.[0] ?? '';
    const figureEnd = end;
    end += after.length;
    const noun = RATIO_UNITS.has(unit) || !unit ? '' : nounAfter(text, end);
    found.push({
      start,
      end,
      nounEnd: end + noun.length,
      noun,
      fact: {
        value,
        max,
        unit: UNIT_ALIASES[unit] ?? unit,
        label: '',
        text: text.slice(start, figureEnd + after.length).trim(),
        approximate: Boolean(approximation || after || APPROXIMATE_BEFORE.some((word) => text.endsWith(word, start))),
        entry: source.entry,
        subentry: source.subentry,
        sentence: source.sentence,
        context: text,
      },
    });
    FIGURE.lastIndex = end;
  }
  // Right to left, so that 3大类12项招才引智活动 can lend 3大类 the noun of 12项.
  for (let i = found.length - 1; i >= 0; i--) {
    const f = found[i]!;
    const next = found[i + 1];
    const previous = found[i - 1];
    if (f.noun) {
      f.fact.label = modifierBefore(text.slice(clauseStart(text, f.start, previous), f.start)) + f.noun;
    } else if (next && next.start === f.end && next.noun) {
      f.fact.label = next.fact.label;
    } else {
      const label = labelBefore(text.slice(clauseStart(text, f.start, previous), f.start));
      // 255所公办中小学党组织实现100%全覆盖: the ratio belongs to the noun just before.
      f.fact.label = label || (previous && previous.nounEnd >= clauseStart(text, f.start) ? previous.noun : '');
    }
  }
  return found.map((f) => f.fact);
}

const ASCII_DIGITS = /^[0-9]+$/;

/** The value of a numeral times 10^power, computed on the digits so that 3.47万 is exactly 34700. */
export function numberValue(numeral: string, power = 0): number | null {
  // Digits alone (most figures): the same decimal string read as below, without the rewriting.
  if (ASCII_DIGITS.test(numeral)) return Number(power > 0 ? numeral + '0'.repeat(power) : numeral);
  const ascii = numeral.replace(/[０-９．]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/,/g, '');
  if (/^[0-9]+(?:\.[0-9]+)?$/.test(ascii)) {
    const [whole, fraction = ''] = ascii.split('.') as [string, string?];
    const digits = (whole + fraction.padEnd(power, '0'));
    const point = whole.length + power;
    return Number(`${digits.slice(0, point)}.${digits.slice(point)}`);
  }
  const chinese = chineseValue(numeral);
  return chinese === null ? null : chinese * 10 ** power;
}

const CHINESE_DIGITS: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_ORDERS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const CHINESE_SECTIONS: Readonly<Record<string, number>> = { 万: 1e4, 亿: 1e8 };

/**
 * A Chinese numeral of ten or more (十二, 二十三, 一百零五, 三万五千) → its value. Single digits
 * (四, 两) and numerals opened by 百, 千, 万 or 亿 (百名, 千万) are words, not figures: null.
 */
export function chineseValue(numeral: string): number | null {
  if (!/[十百千万亿]/u.test(numeral) || /^[百千万亿零〇]/u.test(numeral)) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastOrder = Infinity;
  for (const c of numeral) {
    if (c in CHINESE_DIGITS) {
      if (digit !== null && digit !== 0) return null; // 十一五, 三四: not one number
      digit = CHINESE_DIGITS[c]!;
    } else if (c in CHINESE_ORDERS) {
      const order = CHINESE_ORDERS[c]!;
      if (order >= lastOrder) return null;
      section += (digit ?? 1) * order;
      digit = null;
      lastOrder = order;
    } else if (c === '万') {
      total += (section + (digit ?? 0)) * 1e4;
      section = 0;
      digit = null;
      lastOrder = Infinity;
    } else {
      total = (total + section + (digit ?? 0)) * 1e8;
      section = 0;
      digit = null;
      lastOrder = Infinity;
    }
  }
  return total + section + (digit ?? 0);
}

/** Every quotation mark and book-title mark, straight quotes included. */
const QUOTE_MARK = /[“‘「『《〈”’」』》〉"]/g;

/**
 * Whether positions of a text are inside quotation marks or book-title marks, asked in increasing
 * order (as the figures are found): the marks up to each position asked about are read once, with
 * nested marks counted and a straight quote opening or closing. The text between two marks is all
 * inside or all outside, so only the marks are looked at.
 */
class QuotedPositions {
  private depth = 0;
  private straight = false;
  private next: RegExpExecArray | null;

  constructor(private readonly text: string) {
    QUOTE_MARK.lastIndex = 0;
    this.next = QUOTE_MARK.exec(text);
  }

  /** Whether text[at] is inside marks; `at` is not itself a mark (a figure starts with a digit). */
  inside(at: number): boolean {
    while (this.next !== null && this.next.index < at) {
      const c = this.next[0];
      if (OPEN_QUOTES.includes(c)) this.depth++;
      else if (c === '"') this.straight = !this.straight;
      else this.depth = Math.max(0, this.depth - 1);
      QUOTE_MARK.lastIndex = this.next.index + 1;
      this.next = QUOTE_MARK.exec(this.text);
    }
    return this.depth > 0 || this.straight;
  }
}

/** Start of the clause a figure is in: after punctuation, or after the figure before it. */
function clauseStart(text: string, at: number, previous?: Found): number {
  let start = at;
  while (start > 0 && !isClauseEnd(text.charCodeAt(start - 1))) start--;
  return previous ? Math.max(start, previous.nounEnd) : start;
}

/** The noun phrase after a unit: 711家规模以上企业中 → 规模以上企业. */
function nounAfter(text: string, from: number): string {
  let end = from;
  while (end < text.length && !isNounEnd(text.charCodeAt(end)) && !startsPredicate(text, end) && !startsFigure(text, end)) {
    end++;
  }
  return text.slice(from, end).replace(/[中里内的]$/u, '');
}

const FIGURE_NUMERAL = /[一二两三四五六七八九十]+/uy;

function startsFigure(text: string, at: number): boolean {
  FIGURE_NUMERAL.lastIndex = at;
  const numeral = FIGURE_NUMERAL.exec(text)?.[0];
  return numeral !== undefined && chineseValue(numeral) !== null && unitAt(text, at + numeral.length) !== undefined;
}

/** 有党员的711家规模以上企业: a modifier ending in 的 right before the number belongs to the label. */
function modifierBefore(before: string): string {
  return before.endsWith('的') ? stripScope(cutAfterLast(before, LIGHT_VERBS)) : '';
}

/** The phrase before a figure, less scope words, light verbs and lists of examples. */
function labelBefore(clause: string): string {
  let label = clause.replace(/^[、\s]+/u, '').trim();
  label = label.replace(/^从.+?中/u, ''); // 从优秀村（社区）党组织书记中专项选拔… → 专项选拔…
  label = stripScope(label);
  label = cutAfterLast(label, LIGHT_VERBS);
  const etc = lastEtc(label);
  if (etc >= 0) label = label.slice(etc + 1);
  label = stripScope(label);
  while (TRAILING_WORDS.test(label)) label = label.replace(TRAILING_WORDS, '');
  // A light verb alone (…党组织实现100%) says nothing of what is counted.
  return LIGHT_VERBS.includes(label.trim()) ? '' : label.trim();
}

function stripScope(label: string): string {
  let result = label;
  while (SCOPE_WORDS.test(result)) result = result.replace(SCOPE_WORDS, '');
  return result;
}

/** The text after the last of some words, when something follows it. */
function cutAfterLast(label: string, words: readonly string[]): string {
  let cut = -1;
  for (const w of words) {
    const at = label.lastIndexOf(w);
    if (at >= 0 && at + w.length < label.length) cut = Math.max(cut, at + w.length);
  }
  return cut >= 0 ? label.slice(cut) : label;
}

function lastEtc(label: string): number {
  for (let at = label.lastIndexOf('等'); at >= 0; at = label.lastIndexOf('等', at - 1)) {
    if (!NOT_ETC.test(label.slice(Math.max(0, at - 1), at + 2)) && at < label.length - 1) return at;
  }
  return -1;
}
