// The figure extractor on edge cases: multipliers, decimals, percentages, approximations,
// ranges, Chinese numerals, and the numbers that are not figures.
import { describe, expect, it } from 'vitest';
import { chineseValue, extractFacts, numberValue } from '../../src/facts/extract.ts';
import { seeded } from '../support/random-markup.ts';

const facts = (text: string) => extractFacts({ text, entry: 'e', subentry: 'e-sub', sentence: 'e-s1' });
const brief = (text: string) => facts(text).map((f) => [f.value, f.unit, f.label]);

describe('values in base units', () => {
  it('multiplies 万, 亿 and 千万, exactly on decimals', () => {
    expect(brief('培训党员13万人次。')).toEqual([[130000, '人次', '培训党员']]);
    expect(brief('安排资金1500万元。')).toEqual([[15000000, '元', '资金']]);
    expect(brief('完成投资12.5亿元。')).toEqual([[1250000000, '元', '投资']]);
    expect(brief('开展学习3.47万次。')).toEqual([[34700, '次', '学习']]);
    expect(brief('预算0.35万元。')).toEqual([[3500, '元', '预算']]);
    expect(brief('总额1.2万亿元。')).toEqual([[1.2e12, '元', '总额']]);
    expect(brief('常住人口441.81万，增加3万余。')).toEqual([
      [4418100, '', '常住人口'],
      [30000, '', '增加'],
    ]);
    expect(facts('增加3万余。')[0]!.approximate).toBe(true);
    expect(brief('二〇一九年，约三万。')).toEqual([]);
    expect(numberValue('1,384')).toBe(1384);
    expect(numberValue('１２．５', 4)).toBe(125000);
  });

  it('keeps a percentage as written, with 个百分点 and ‰ as their own units', () => {
    expect(brief('报名人数比上年增长319.8%。')).toEqual([[319.8, '%', '报名人数比上年增长']]);
    expect(brief('占比提高2.5个百分点，出生率8.6‰。')).toEqual([
      [2.5, '个百分点', '占比提高'],
      [8.6, '‰', '出生率'],
    ]);
    expect(brief('组建率１００％。')).toEqual([[100, '%', '组建率']]);
  });

  it('reads the longest unit: 人次 not 人, 场次 not 场, 个月 not 个', () => {
    expect(brief('服务5000人次，举办85场，开展1031场次，历时3个月。').map((f) => f[1])).toEqual(['人次', '场', '场次', '个月']);
  });
});

describe('approximate figures', () => {
  it('marks 余, 多, 约, 近, 逾, 超过, 超, 左右, 以上 and 上下', () => {
    for (const text of ['走访专家人才100余人次。', '参与群众2万余人。', '吸引100多家企业。', '约5万元。', '大约5万元。', '近300人参加。', '将近300人参加。', '接近300人参加。',
      '逾200人参加。', '超过40家企业。', '超40家企业。', '培训200人左右。', '服务500人次以上。', '培训200人上下。']) {
      const [fact] = facts(text);
      expect(fact?.approximate, text).toBe(true);
    }
    expect(facts('参与群众2万余人。')[0]).toMatchObject({ value: 20000, unit: '人', text: '2万余人' });
    expect(facts('新发展党员2212人。')[0]!.approximate).toBe(false);
    // The word must end right before the figure.
    expect(facts('约定参加300人。')[0]!.approximate).toBe(false);
  });
});

describe('ranges', () => {
  it('gives a range of counts its lower and upper bound', () => {
    expect(facts('每期培训30～50人。')[0]).toMatchObject({ value: 30, max: 50, unit: '人', text: '30～50人' });
    expect(facts('补贴3至5万元。')[0]).toMatchObject({ value: 30000, max: 50000, unit: '元' });
    expect(facts('新发展党员2212人。')[0]!.max).toBeNull();
  });

  it('does not read ranges of years, dates or floors', () => {
    expect(facts('三年行动计划（2018—2020年）。')).toEqual([]);
    expect(facts('2019年3月23日至4月2日，举办人才节。')).toEqual([]);
    expect(facts('驻东区松苑路1号市委大楼4~5层。')).toEqual([]);
  });
});

describe('Chinese numerals', () => {
  it('reads numerals of ten or more before a unit', () => {
    expect(brief('培训学员十二人。')).toEqual([[12, '人', '培训学员']]);
    expect(brief('建成二十三个服务站。')).toEqual([[23, '个', '服务站']]);
    expect(brief('共一百零五人参加。')).toEqual([[105, '人', '']]);
    expect(facts('资助三十余人。')[0]).toMatchObject({ value: 30, approximate: true });
    expect(chineseValue('三万五千')).toBe(35000);
    expect(chineseValue('一亿两千万')).toBe(120000000);
    expect(chineseValue('十九')).toBe(19);
  });

  it('leaves single Chinese digits, names and ordinals alone', () => {
    expect(chineseValue('四')).toBeNull();
    expect(chineseValue('十一五')).toBeNull();
    expect(chineseValue('百')).toBeNull();
    for (const text of [
      '聚焦党建、干部、人才、公务员四项主责主业。',
      '打造“五讲”组织工作干部队伍。',
      '推动两个覆盖，贯彻党的十九届四中全会精神。',
      '制订中山重振虎威“十大方案”。',
      '举行百名“双一流”大学青年人才创新创业交流会。',
      '“十一五”期间，实施十一五规划。',
    ]) {
      expect(facts(text), text).toEqual([]);
    }
  });
});

describe('numbers that are not figures', () => {
  it('skips ordinals, quoted names, codes and years', () => {
    expect(facts('第3次会议，排名第5名。')).toEqual([]);
    expect(facts('建设“760澳门互动区”，制定“横栏镇人才十条”。')).toEqual([]);
    expect(facts('《关于2个确保的意见》印发。')).toEqual([]);
    expect(facts('改革开放40年，2019年，5G基站建设。')).toEqual([]);
  });

  it('skips figures inside straight quotes too, and counts positions past characters beyond the BMP', () => {
    expect(brief('引进 "双百工程100家" 企业，另建设120家企业。')).toEqual([[120, '家', '企业']]);
    // 𠀀 takes two UTF-16 units: the quotes must still be found where the figures are.
    expect(facts('𠀀𠀀建设“三个100家”企业、𠀀120家企业。').map((f) => f.text)).toEqual(['120家']);
    expect(facts('𠀀“𠀀7家”基地。')).toEqual([]);
  });

  it('tells quoted figures as a character-by-character count of the marks does, on 3,000 random texts', () => {
    // The reading of quotes the extractor first had: each UTF-16 unit inside or not, marks nested,
    // a straight quote opening or closing.
    const quoted = (text: string): boolean[] => {
      const inside: boolean[] = [];
      let depth = 0;
      let straight = false;
      for (const c of text) {
        if ('“‘「『《〈'.includes(c)) depth++;
        if (c === '"') straight = !straight;
        for (let k = 0; k < c.length; k++) inside.push(depth > 0 || (straight && c !== '"'));
        if ('”’」』》〉'.includes(c)) depth = Math.max(0, depth - 1);
      }
      return inside;
    };
    const random = seeded(5_005);
    const pieces = ['“', '”', '‘', '’', '「', '」', '『', '』', '《', '》', '〈', '〉', '"', '建设', '，', '𠀀', '100家'];
    for (let n = 0; n < 3_000; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]!).join('');
      const inside = quoted(text);
      const expected = [...text.matchAll(/100家/g)].filter((m) => !inside[m.index]).length;
      expect(facts(text).length, text).toBe(expected);
    }
  });
});

describe('labels', () => {
  it('takes the phrase before the number, less scope words and light verbs', () => {
    expect(brief('全年新发展党员2212人。')).toEqual([[2212, '人', '新发展党员']]);
    expect(brief('市委常委会开展第一议题学习76次，理论学习中心组专题学习19次。').map((f) => f[2])).toEqual(['第一议题学习', '理论学习中心组专题学习']);
    expect(brief('累计服务人才5000人次。')[0]![2]).toBe('服务人才');
    expect(brief('举办“大师面对面”等各类人才专题活动85场。')[0]![2]).toBe('各类人才专题活动');
    expect(brief('从优秀村（社区）党组织书记中专项选拔乡镇公务员5人。')[0]![2]).toBe('专项选拔乡镇公务员');
  });

  it('takes the noun after the unit when one follows it', () => {
    expect(brief('有党员的711家规模以上企业中，党组织单独组建率80%。')).toEqual([
      [711, '家', '有党员的规模以上企业'],
      [80, '%', '党组织单独组建率'],
    ]);
    expect(brief('全市镇街11万名党员参与主题教育。')[0]![2]).toBe('党员');
    expect(brief('对接全市25个镇区135个创新创业服务载体。').map((f) => f[2])).toEqual(['镇区', '创新创业服务载体']);
    expect(brief('举办3大类12项招才引智活动。').map((f) => f[2])).toEqual(['招才引智活动', '招才引智活动']);
  });

  it('gives a ratio after a counted noun to that noun', () => {
    expect(brief('255所公办中小学党组织实现100%全覆盖。')).toEqual([
      [255, '所', '公办中小学党组织'],
      [100, '%', '公办中小学党组织'],
    ]);
  });

  it('keeps the figure as written and where it comes from', () => {
    expect(facts('培训党员13万人次。')[0]).toEqual({
      value: 130000,
      max: null,
      unit: '人次',
      label: '培训党员',
      text: '13万人次',
      approximate: false,
      entry: 'e',
      subentry: 'e-sub',
      sentence: 'e-s1',
      context: '培训党员13万人次。',
    });
  });
});
