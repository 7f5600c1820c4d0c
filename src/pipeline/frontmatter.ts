// Stage 2a (parse): YAML (volume.yml, site.yml, chapter front matter) checked against the
// schema, with every problem reported at the line and column of the field concerned.
import matter from 'gray-matter';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { Diagnostics, type Position } from '../diagnostics.ts';

/** Chinese names of the fields, so that messages say what the field means. */
const FIELD_NAMES: Record<string, string> = {
  title: '标题',
  slug: '网址名',
  category: '类目',
  order: '排序',
  author: '撰稿人',
  compiler: '编纂单位',
  source: '文章来源',
  draft: '草稿',
  edition: '卷(出版年)',
  year: '记述年份',
  categories: '类目列表',
  url: '网站地址',
};

export interface YamlResult<T> {
  data: T | null;
  /** The YAML as read, before validation (null when it did not parse). */
  raw: unknown;
  /** Position of a top-level field's value (or of the document start), for later checks. */
  positionOf(field: string): Position;
}

/**
 * Parses YAML text that starts at `firstLine` of `file` and validates it with `schema`.
 * Returns null data when anything is wrong; every problem is added to `diagnostics`.
 */
export function parseYaml<S extends z.ZodType>(
  file: string,
  yamlText: string,
  firstLine: number,
  schema: S,
  diagnostics: Diagnostics,
): YamlResult<z.infer<S>> {
  const simple = simpleYaml(yamlText);
  if (simple) {
    const result = schema.safeParse(simple.value);
    if (result.success) {
      const positionOf = (field: string): Position => {
        const p = simple.positions.get(field) ?? simple.first;
        return { line: p.line + firstLine - 1, column: p.column };
      };
      return { data: result.data, raw: simple.value, positionOf };
    }
    // Something to report: the full parser below tells where.
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + firstLine - 1, column: p.col };
  };
  const documentStart: Position = { line: firstLine, column: 1 };
  const positionOf = (field: string): Position => {
    const range = fieldRange(doc, [field], 'value');
    return range ? at(range) : documentStart;
  };

  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      diagnostics.error(file, at(error.pos[0]), `YAML 格式错误 (broken YAML: ${yamlMessage(error.message)})`);
    }
    return { data: null, raw: null, positionOf };
  }
  const value = doc.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.error(file, documentStart, `应为“字段: 值”的列表 (expected "field: value" lines, found ${describe(value)})`);
    return { data: null, raw: null, positionOf };
  }

  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, raw: value, positionOf };

  for (const issue of result.error.issues) {
    const fieldPath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const offset = fieldRange(doc, [...fieldPath, key], 'key');
        const known = Object.keys(FIELD_NAMES);
        const hint = closest(key, known);
        diagnostics.error(
          file,
          offset === null ? documentStart : at(offset),
          `未知字段 ${key} (unknown field "${key}"${hint ? `; did you mean "${hint}"?` : ''})`,
        );
      }
      continue;
    }
    const field = String(fieldPath[0] ?? '');
    const label = FIELD_NAMES[field] ? `${field}(${FIELD_NAMES[field]})` : field;
    const offset = fieldRange(doc, fieldPath, 'value');
    const position = offset === null ? documentStart : at(offset);
    const given = getIn(value, fieldPath);
    if (given === undefined) {
      diagnostics.error(file, position, `缺少必填字段 ${label} (missing required field "${field}")`);
    } else if (field === 'slug' && issue.code === 'invalid_format') {
      diagnostics.error(
        file,
        position,
        `网址名 slug 只能用小写英文字母、数字和连字符，如 zuzhi-gongzuo (bad slug "${String(given)}": use lowercase ASCII letters, digits and single hyphens)`,
      );
    } else {
      diagnostics.error(
        file,
        position,
        `字段 ${fieldPath.join('.')} 的值不对 (field "${fieldPath.join('.')}": ${issueMessage(issue, given)})`,
      );
    }
  }
  return { data: null, raw: value, positionOf };
}

// Front matter is almost always a few `field: value` lines. Read by the full YAML parser, which
// keeps every node's place for the messages, they cost a tenth of a millisecond each, more than
// the rest of checking a chapter's fields (some 0.4 s of 4,000 chapters). Lines of the simplest
// shape are read directly; anything else, or fields the schema refuses, go to the full parser.
// What both read, they read alike (tests/pipeline/frontmatter.test.ts compares them).
const SIMPLE_LINE = /^([a-z]+):( +)(.*)$/;
/** A plain value that means text and nothing else in YAML 1.2: no indicator first, no comment, no nested key. */
const PLAIN_TEXT = /^[^\s\-?:,[\]{}#&*!|>'"%@`0-9+.~][^\t]*$/u;
/** Characters YAML does not allow, or that the full parser treats specially. */
const NOT_SIMPLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]|: | #|:$|\s$/u;
const WHOLE_NUMBER = /^(?:0|[1-9][0-9]{0,14})$/;
/** Spellings the full parser reads as something other than text (null, booleans) but which PLAIN_TEXT lets through. */
const NOT_TEXT = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

interface SimpleYaml {
  value: Record<string, string | number | boolean>;
  /** Line and column (1-based, in the YAML text) of each field's value. */
  positions: Map<string, Position>;
  /** Where the first field starts. */
  first: Position;
}

/** `field: value` lines only (whole numbers, true/false and plain text), or null. */
export function simpleYaml(text: string): SimpleYaml | null {
  const value: Record<string, string | number | boolean> = {};
  const positions = new Map<string, Position>();
  let first: Position | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const match = SIMPLE_LINE.exec(line);
    if (!match) return null;
    const [, key, spaces, written] = match as unknown as [string, string, string, string];
    if (positions.has(key) || NOT_SIMPLE.test(written)) return null;
    let read: string | number | boolean;
    if (WHOLE_NUMBER.test(written)) read = Number(written);
    else if (written === 'true' || written === 'false') read = written === 'true';
    else if (PLAIN_TEXT.test(written) && !NOT_TEXT.test(written)) read = written;
    else return null;
    value[key] = read;
    const at = { line: i + 1, column: key.length + 1 + spaces.length + 1 };
    positions.set(key, at);
    first ??= { line: i + 1, column: 1 };
  }
  return first ? { value, positions, first } : null;
}

export interface FrontMatterResult {
  /** The YAML between the `---` lines, or null when the file has none. */
  yaml: string | null;
  body: string;
  /** Line of the file on which the body starts. */
  bodyLine: number;
}

/** Splits a chapter file into front matter and Markdown body (gray-matter does the split). */
export function splitFrontMatter(file: string, text: string, diagnostics: Diagnostics): FrontMatterResult | null {
  if (text.trim() === '') {
    diagnostics.error(file, undefined, `文件是空的 (the file is empty: a chapter needs front matter with a title, then at least one entry "## title")`);
    return null;
  }
  if (!/^---[ \t]*\r?\n/.test(text)) {
    diagnostics.error(
      file,
      undefined,
      `文件开头缺少 front matter：第一行应为 ---，接着写 title: 标题，再以 --- 结束 (missing front matter: start the file with a line "---", then "title: …", then "---")`,
    );
    return null;
  }
  if (!/\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.test(text)) {
    diagnostics.error(file, undefined, `front matter 没有结束：请在字段之后加一行 --- (front matter is not closed: add a line "---" after its fields)`);
    return null;
  }
  let yaml: string | null = null;
  const parsed = matter(text, {
    engines: {
      yaml: (source: string) => {
        yaml = source;
        return {};
      },
    },
  });
  const body = parsed.content;
  const head = text.endsWith(body) ? text.slice(0, text.length - body.length) : text;
  const bodyLine = head.split('\n').length;
  // gray-matter passes the YAML starting with the newline that ends the `---` line,
  // so its line 1 is the file's line 1.
  return { yaml: yaml ?? '', body, bodyLine };
}

function fieldRange(doc: Document, fieldPath: (string | number)[], part: 'key' | 'value'): number | null {
  let node: unknown = doc.contents;
  for (let i = 0; i < fieldPath.length; i++) {
    const key = fieldPath[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) return rangeStart(node);
      if (i === fieldPath.length - 1 && part === 'key') return rangeStart(pair.key);
      node = pair.value ?? pair.key;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const item = (node as { items: unknown[] }).items[Number(key)];
      if (item === undefined) return rangeStart(node);
      node = item;
    } else {
      return rangeStart(node);
    }
  }
  return rangeStart(node);
}

function rangeStart(node: unknown): number | null {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : null;
}

function getIn(value: unknown, fieldPath: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of fieldPath) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

function issueMessage(issue: z.core.$ZodIssue, given: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${expectedName(issue.expected)}, found ${describe(given)}`;
    case 'too_small':
      if (typeof given === 'string') return 'must not be empty';
      if (Array.isArray(given)) return 'must not be an empty list';
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_union':
      return `expected a name or a list of names, found ${describe(given)}`;
    case 'invalid_format':
      return `${describe(given)} is not a valid ${issue.format === 'url' ? 'web address (https://…)' : issue.format}`;
    default:
      return issue.message;
  }
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    default:
      return expected;
  }
}

function yamlMessage(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
}

/** The known field closest to a misspelt one (edit distance ≤ 2). */
function closest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
