// Liquid templates compiled into plain functions. LiquidJS renders by stepping generators through
// every tag and output, which costs most of a page's time when thousands of pages are made. This
// turns a template LiquidJS has parsed (so parsing, whitespace control and errors stay LiquidJS's)
// into nested closures that do the same work directly, for the part of Liquid the templates use:
// text, {{ output | filters }} (escaped unless `raw`), if/elsif/else, unless, for … in (with
// forloop and else), layout with blocks, and render with named arguments. A template using
// anything else is not compiled; and whenever a compiled template meets something it does not
// handle exactly as LiquidJS does (an undefined variable, which LiquidJS reports, a value that is not
// plain data), it gives up and the page is rendered by LiquidJS, so output and errors are the same.
import { BlockTag, ForTag, IfTag, LayoutTag, Output, RenderTag, Tag, UnlessTag, type Liquid, type Template } from 'liquidjs';

/** Thrown when a compiled template cannot go on exactly as LiquidJS would: LiquidJS takes over. */
export class NotCompiled extends Error {}

type Scope = Record<string, unknown>;
type Blocks = Map<string, BlockRender>;
type BlockRender = (out: Output_) => void;

interface Frame {
  scopes: Scope[];
  env: Scope;
  blocks: Blocks;
  store: boolean;
}

/** Where a render writes (a string is built by concatenation, which V8 makes cheap). */
interface Output_ {
  text: string;
}

type Node = (frame: Frame, out: Output_) => void;
type Evaluate = (frame: Frame) => unknown;

/** `forloop` of a for loop. */
class Loop {
  index0 = 0;
  constructor(readonly length: number) {}
  read(key: unknown): unknown {
    switch (key) {
      case 'index0':
        return this.index0;
      case 'index':
        return this.index0 + 1;
      case 'first':
        return this.index0 === 0;
      case 'last':
        return this.index0 === this.length - 1;
      case 'rindex':
        return this.length - this.index0;
      case 'rindex0':
        return this.length - this.index0 - 1;
      case 'length':
        return this.length;
      default:
        throw new NotCompiled();
    }
  }
}

/** `block` inside a block (for block.super): not compiled. */
class BlockValue {}

const give = (): never => {
  throw new NotCompiled();
};

const hasOwn = Object.prototype.hasOwnProperty;

/** Plain data only: what JSON can hold, plus undefined. */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? give() : value;
  if (Array.isArray(value)) return value;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? value : value instanceof Loop ? value : give();
}

const isNil = (value: unknown) => value === null || value === undefined;
const falsy = (value: unknown) => value === false || value === undefined || value === null;

/** LiquidJS's readProperty, for plain data (ownPropertyOnly, as LiquidJS's default). */
function readProperty(object: unknown, key: unknown): unknown {
  if (object instanceof Loop) return object.read(key);
  if (object instanceof BlockValue) give();
  if (isNil(object)) return object;
  if (Array.isArray(object) && typeof key === 'number') {
    const index = key < 0 ? object.length + key : key;
    return hasOwn.call(object, index) ? plain(object[index]) : undefined;
  }
  const value = hasOwn.call(object, key as PropertyKey) ? plain((object as Scope)[key as string]) : undefined;
  if (key === 'size') {
    if (value !== undefined) return value;
    if (Array.isArray(object) || typeof object === 'string') return object.length;
    return typeof object === 'object' ? Object.keys(object as object).length : undefined;
  }
  if (key === 'first' && Array.isArray(object)) return object.length > 0 ? plain(object[0]) : undefined;
  if (key === 'last' && Array.isArray(object)) return object.length > 0 ? plain(object[object.length - 1]) : undefined;
  return value;
}

/**
 * readProperty for a key written in the template as a name (`a.b`, `a["b"]`) that Liquid gives no
 * meaning of its own (size, first, last): the same steps, without those that cannot apply.
 */
function readNamed(object: unknown, key: string): unknown {
  if (object === null || object === undefined) return object;
  if (typeof object === 'object') {
    if (object instanceof Loop) return object.read(key);
    if (object instanceof BlockValue) give();
  }
  return hasOwn.call(object, key) ? plain((object as Scope)[key]) : undefined;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isNil(value)) return '';
  if (Array.isArray(value)) return value.map(stringify).join('');
  if (value instanceof Loop) give();
  return String(value);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;
/** Most outputs (Chinese text) have nothing to escape: they are given back as they are. */
const escape = (value: unknown) => {
  const text = stringify(value);
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (m) => ESCAPES[m]!) : text;
};

/** Filters compiled, by name: those that only compute from their arguments. */
const FILTERS: Record<string, (value: unknown, ...args: unknown[]) => unknown> = {
  escape,
  join: (value, separator) => {
    const array = isNil(value) ? [] : Array.isArray(value) ? value : [value];
    if (array.some((x) => x instanceof Loop || (x !== null && typeof x === 'object'))) give();
    return array.join(isNil(separator) ? ' ' : stringify(separator));
  },
  minus: (value, other) => (Number(value) || 0) - (Number(other) || 0),
  plus: (value, other) => (Number(value) || 0) + (Number(other) || 0),
};

interface TokenLike {
  content?: unknown;
  kind?: number;
  variable?: unknown;
  props?: TokenLike[];
  operator?: string;
}

export class TemplateCompiler {
  /** The escape filter LiquidJS adds to outputs (outputEscape), to recognise it. */
  private readonly escapeHandler: unknown;
  private readonly files = new Map<string, Node | null>();

  constructor(private readonly engine: Liquid) {
    this.escapeHandler = engine.options.outputEscape;
  }

  /** A render function for the parsed template, or null when it uses what is not compiled. */
  compile(templates: Template[]): ((data: object) => string) | null {
    let node: Node;
    try {
      node = this.templates(templates);
    } catch {
      // NotCompiled, or a template shaped in a way this does not know: LiquidJS renders it.
      return null;
    }
    return (data) => {
      const out = { text: '' };
      node({ scopes: [{}], env: data as Scope, blocks: new Map(), store: false }, out);
      return out.text;
    };
  }

  private templates(templates: Template[]): Node {
    const nodes = templates.map((t) => this.template(t));
    return (frame, out) => {
      for (const node of nodes) node(frame, out);
    };
  }

  private template(template: Template): Node {
    const t = template as unknown as Record<string, unknown>;
    if (!(template instanceof Tag) && !(template instanceof Output) && typeof t.str === 'string') {
      const text = t.str;
      return (_, out) => {
        out.text += text;
      };
    }
    if (template instanceof Output) return this.output(template);
    if (template instanceof IfTag) return this.ifTag(template);
    if (template instanceof UnlessTag) return this.unlessTag(template);
    if (template instanceof ForTag) return this.forTag(template);
    if (template instanceof LayoutTag) return this.layoutTag(template);
    if (template instanceof BlockTag) return this.blockTag(template);
    if (template instanceof RenderTag) return this.renderTag(template);
    return give();
  }

  private output(template: Output): Node {
    const v = (template as unknown as { value: ValueLike }).value;
    // The common case, an escaped output with no other filter: one call less per output.
    if (v.filters.length === 1 && !v.filters[0]!.raw && v.filters[0]!.handler === this.escapeHandler) {
      const initial = this.expression(v.initial.postfix);
      return (frame, out) => {
        out.text += escape(initial(frame));
      };
    }
    const value = this.value(v);
    return (frame, out) => {
      out.text += stringify(value(frame));
    };
  }

  /** A Value: an expression and its filters. */
  private value(value: ValueLike): Evaluate {
    const initial = this.expression(value.initial.postfix);
    const filters = value.filters.map((filter) => {
      if (filter.raw) return (v: unknown) => v;
      const run = filter.handler === this.escapeHandler ? escape : hasOwn.call(FILTERS, filter.name) ? FILTERS[filter.name]! : give();
      const args = filter.args.map((arg) => (Array.isArray(arg) ? give() : this.operand(arg as TokenLike)));
      return args.length === 0 ? (v: unknown) => run(v) : (v: unknown, frame: Frame) => run(v, ...args.map((a) => a(frame)));
    });
    if (filters.length === 0) return initial;
    return (frame) => {
      let v = initial(frame);
      for (const filter of filters) v = filter(v, frame);
      return v;
    };
  }

  private expression(postfix: TokenLike[]): Evaluate {
    const stack: Evaluate[] = [];
    for (const token of postfix) {
      if (token.operator === undefined) {
        stack.push(this.operand(token));
        continue;
      }
      const r = stack.pop() ?? give();
      if (token.operator === 'not') {
        stack.push((f) => falsy(r(f)));
        continue;
      }
      const l = stack.pop() ?? give();
      stack.push(binary(token.operator, l, r));
    }
    return stack.length === 1 ? stack[0]! : give();
  }

  /** A literal or a variable (`a.b.c`, `a[0]`, `a["b"]`). */
  private operand(token: TokenLike): Evaluate {
    if ('content' in token) {
      const value = token.content;
      if (value !== null && typeof value === 'object') give(); // nil, empty and blank are drops
      return () => value;
    }
    if (!Array.isArray(token.props) || token.variable !== undefined) return give();
    if (token.props.length === 0) return give();
    // A name followed by names (`page.title`, the usual case): looked up without a call per step.
    const names = token.props.map((p) => ('content' in p ? p.content : undefined));
    if (names.every((n, i) => typeof n === 'string' && (i === 0 ? !(n in Object.prototype) : n !== 'size' && n !== 'first' && n !== 'last'))) {
      const [first, ...rest] = names as string[];
      return (frame) => {
        let value: unknown = lookup(frame, first!);
        if (value === undefined) give(); // LiquidJS reports the undefined variable
        for (let i = 0; i < rest.length; i++) {
          value = readNamed(value, rest[i]!);
          if (value === undefined) give();
        }
        return value;
      };
    }
    const props = token.props.map((p) => ('content' in p ? ((v: unknown) => () => v)(p.content) : this.operand(p)));
    return (frame) => {
      const first = props[0]!(frame);
      if (typeof first !== 'string' || first in Object.prototype) give();
      let value: unknown = lookup(frame, first as string);
      if (value === undefined) give(); // LiquidJS reports the undefined variable
      for (let i = 1; i < props.length; i++) {
        value = readProperty(value, props[i]!(frame));
        if (value === undefined) give();
      }
      return value;
    };
  }

  private ifTag(tag: IfTag): Node {
    const branches = (tag as unknown as { branches: { value: ValueLike; templates: Template[] }[] }).branches.map((b) => ({
      test: this.value(b.value),
      body: this.templates(b.templates),
    }));
    const otherwise = this.templates((tag as unknown as { elseTemplates?: Template[] }).elseTemplates ?? []);
    return (frame, out) => {
      for (const branch of branches) {
        if (!falsy(branch.test(frame))) return branch.body(frame, out);
      }
      otherwise(frame, out);
    };
  }

  private unlessTag(tag: UnlessTag): Node {
    const t = tag as unknown as { branches: { value: ValueLike; templates: Template[] }[]; elseTemplates: Template[] };
    const branches = t.branches.map((b, i) => ({ test: this.value(b.value), wantTruthy: i > 0, body: this.templates(b.templates) }));
    const otherwise = this.templates(t.elseTemplates);
    return (frame, out) => {
      for (const branch of branches) {
        if (falsy(branch.test(frame)) !== branch.wantTruthy) return branch.body(frame, out);
      }
      otherwise(frame, out);
    };
  }

  private forTag(tag: ForTag): Node {
    const t = tag as unknown as { variable: string; collection: TokenLike; hash: { hash: object }; templates: Template[]; elseTemplates: Template[] };
    if (Object.keys(t.hash.hash).length > 0) give(); // limit, offset, reversed
    if (containsLoopControl(t.templates)) give();
    const collection = this.operand(t.collection);
    const body = this.templates(t.templates);
    const otherwise = this.templates(t.elseTemplates);
    const variable = t.variable;
    return (frame, out) => {
      const items = enumerable(collection(frame));
      if (items.length === 0) return otherwise(frame, out);
      const loop = new Loop(items.length);
      const scope: Scope = { forloop: loop };
      frame.scopes.push(scope);
      for (const item of items) {
        scope[variable] = item;
        body(frame, out);
        loop.index0++;
      }
      frame.scopes.pop();
    };
  }

  private layoutTag(tag: LayoutTag): Node {
    const t = tag as unknown as { file: unknown; args: { hash: object }; templates: Template[]; currentFile?: string };
    if (typeof t.file !== 'string' || Object.keys(t.args.hash).length > 0) give();
    const child = this.templates(t.templates);
    const layout = this.file(t.file as string, t.currentFile, 'layout');
    return (frame, out) => {
      frame.store = true;
      const html = { text: '' };
      child(frame, html);
      if (!frame.blocks.has('')) frame.blocks.set('', (o) => (o.text += html.text));
      frame.store = false;
      frame.scopes.push({});
      layout(frame, out);
      frame.scopes.pop();
    };
  }

  private blockTag(tag: BlockTag): Node {
    const t = tag as unknown as { block: string; templates: Template[] };
    const body = this.templates(t.templates);
    const name = t.block;
    return (frame, out) => {
      const child = frame.blocks.get(name);
      const current: BlockRender = (o) => {
        frame.scopes.push({ block: new BlockValue() });
        body(frame, o);
        frame.scopes.pop();
      };
      // A block the child template fills replaces the layout's (block.super is not compiled).
      const render = child ?? current;
      if (frame.store) frame.blocks.set(name, render);
      else render(out);
    };
  }

  private renderTag(tag: RenderTag): Node {
    const t = tag as unknown as { file: unknown; hash: { hash: Record<string, TokenLike | undefined> }; with?: unknown; forBinding?: unknown; currentFile?: string };
    if (typeof t.file !== 'string' || t.with || t.forBinding) give();
    const partial = this.file(t.file as string, t.currentFile, 'partial');
    const args = Object.entries(t.hash.hash).map(([key, token]) => [key, token === undefined ? () => true : this.operand(token)] as const);
    return (frame, out) => {
      const scope: Scope = {};
      for (const [key, value] of args) scope[key] = value(frame);
      partial({ scopes: [scope], env: {}, blocks: new Map(), store: false }, out);
    };
  }

  /** A layout or partial, parsed by LiquidJS as it would for the tag, compiled once. */
  private file(name: string, currentFile: string | undefined, kind: 'layout' | 'partial'): Node {
    const key = `${kind}:${currentFile ?? ''}:${name}`;
    let node = this.files.get(key);
    if (node === undefined) {
      const engine = this.engine as unknown as {
        _parseLayoutFile(file: string, sync: boolean, current?: string): Generator<unknown, Template[]>;
        _parsePartialFile(file: string, sync: boolean, current?: string): Generator<unknown, Template[]>;
      };
      let parsed: Template[];
      try {
        parsed = drain(kind === 'layout' ? engine._parseLayoutFile(name, true, currentFile) : engine._parsePartialFile(name, true, currentFile));
      } catch {
        parsed = give(); // LiquidJS reports the missing file
      }
      // Set before compiling, so that a template that includes itself is not compiled.
      this.files.set(key, null);
      node = this.templates(parsed);
      this.files.set(key, node);
    }
    return node ?? give();
  }
}

interface ValueLike {
  initial: { postfix: TokenLike[] };
  filters: { name: string; raw: boolean; handler: unknown; args: unknown[] }[];
}

/**
 * A variable's value, from the innermost scope that has it. `key` is never a name Object.prototype
 * has (the caller gives up on those), so a scope has it only as its own property.
 */
function lookup(frame: Frame, key: string): unknown {
  const scopes = frame.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i]!;
    if (hasOwn.call(scope, key)) return plain(scope[key]);
  }
  const env = frame.env;
  return hasOwn.call(env, key) ? plain(env[key]) : undefined;
}

function enumerable(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.length > 0 ? [value] : [];
  if (value instanceof Loop || value instanceof BlockValue) give();
  if (value !== null && typeof value === 'object') return Object.keys(value).map((key) => [key, (value as Scope)[key]]);
  return [];
}

function binary(operator: string, l: Evaluate, r: Evaluate): Evaluate {
  switch (operator) {
    case 'and':
      return (f) => {
        const a = l(f);
        const b = r(f);
        return !falsy(a) && !falsy(b);
      };
    case 'or':
      return (f) => {
        const a = l(f);
        const b = r(f);
        return !falsy(a) || !falsy(b);
      };
    case '==':
      return (f) => equals(l(f), r(f));
    case '!=':
      return (f) => !equals(l(f), r(f));
    case '>':
      return (f) => (l(f) as number) > (r(f) as number);
    case '<':
      return (f) => (l(f) as number) < (r(f) as number);
    case '>=':
      return (f) => (l(f) as number) >= (r(f) as number);
    case '<=':
      return (f) => (l(f) as number) <= (r(f) as number);
    case 'contains':
      return (f) => {
        const a = l(f);
        const b = r(f);
        if (Array.isArray(a)) return a.some((x) => equals(x, b));
        return typeof a === 'string' ? a.indexOf(b as string) > -1 : false;
      };
    default:
      return give();
  }
}

function equals(a: unknown, b: unknown): boolean {
  if (a instanceof Loop || b instanceof Loop) give();
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equals(x, b[i]));
  return a === b;
}

/** {% break %} and {% continue %} are not compiled. */
function containsLoopControl(templates: Template[]): boolean {
  return templates.some((t) => {
    const name = (t as unknown as { name?: string }).name;
    if (name === 'break' || name === 'continue') return true;
    const children = t as unknown as { templates?: Template[]; elseTemplates?: Template[]; branches?: { templates: Template[] }[] };
    if (t instanceof ForTag) return false; // their own loop
    return (
      containsLoopControl(children.templates ?? []) ||
      containsLoopControl(children.elseTemplates ?? []) ||
      (children.branches ?? []).some((b) => containsLoopControl(b.templates))
    );
  });
}

/** Runs one of LiquidJS's synchronous generators to its end. */
function drain<T>(generator: Generator<unknown, T>): T {
  let step = generator.next();
  while (!step.done) {
    const value = step.value;
    step = generator.next(isGenerator(value) ? drain(value) : value);
  }
  return step.value;
}

function isGenerator(value: unknown): value is Generator<unknown, unknown> {
  return !!value && typeof (value as Generator).next === 'function' && typeof (value as Generator).throw === 'function';
}
