/**
 * A small reader for the subset of Bicep that infra/ uses, so tests can
 * compare the infrastructure with the code without the Bicep CLI: top-level
 * `param`, `var`, `resource` and `output` declarations, with resource bodies
 * turned into plain values. Literals (objects, arrays, strings, numbers,
 * booleans, null) become JavaScript values; anything else (references,
 * function calls, conditions) becomes `{ expr: '<source text>' }`. Strings
 * keep interpolations as written: '${configFolder}/directory.yaml'.
 */

export interface Expr {
  expr: string;
}
export type BicepValue = null | boolean | number | string | Expr | BicepValue[] | { [key: string]: BicepValue };

export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  /** The `if (...)` condition, when there is one. */
  condition?: string;
  body: { [key: string]: BicepValue };
}

export interface BicepParam {
  name: string;
  type: string;
  /** Source text of the default value, if any. */
  defaultValue?: string;
}

export interface BicepFile {
  params: BicepParam[];
  vars: Record<string, string>;
  resources: BicepResource[];
  outputs: Record<string, string>;
}

export const isExpr = (v: unknown): v is Expr => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && 'expr' in v;

/** Removes // and /* *\/ comments outside strings, keeping line breaks. */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    if (src.startsWith("'''", i)) {
      const end = src.indexOf("'''", i + 3);
      const stop = end < 0 ? src.length : end + 3;
      out += src.slice(i, stop);
      i = stop;
    } else if (src[i] === "'") {
      const stop = endOfString(src, i);
      out += src.slice(i, stop);
      i = stop;
    } else if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += src[i];
      i++;
    }
  }
  return out;
}

/** Index just after the single-quoted string starting at `start`, honouring escapes and ${...} with nested strings. */
function endOfString(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === "'") return i + 1;
    else if (c === '$' && src[i + 1] === '{') {
      i = endOfBalanced(src, i + 1);
    } else i++;
  }
  throw new Error(`unterminated string at ${start}`);
}

const CLOSE: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/** Index just after the bracket that closes the one at `start`. */
function endOfBalanced(src: string, start: number): number {
  const stack = [CLOSE[src[start]!]!];
  let i = start + 1;
  while (i < src.length && stack.length > 0) {
    const c = src[i]!;
    if (c === "'") {
      i = endOfString(src, i);
      continue;
    }
    if (CLOSE[c]) stack.push(CLOSE[c]);
    else if (c === stack[stack.length - 1]) stack.pop();
    i++;
  }
  if (stack.length > 0) throw new Error(`unbalanced bracket at ${start}`);
  return i;
}

class ValueParser {
  i = 0;
  constructor(private readonly src: string) {}

  private skip(newlines: boolean): void {
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && (c === '\n' || c === ','))) this.i++;
      else break;
    }
  }

  value(): BicepValue {
    this.skip(false);
    const start = this.i;
    const c = this.src[this.i];
    let result: BicepValue;
    if (c === '{') result = this.object();
    else if (c === '[' && !/^\[\s*for\b/.test(this.src.slice(this.i))) result = this.array();
    else if (c === "'" && !this.src.startsWith("'''", this.i)) {
      const end = endOfString(this.src, this.i);
      result = this.src.slice(this.i + 1, end - 1).replace(/\\'/g, "'").replace(/\\\\/g, '\\');
      this.i = end;
    } else result = this.scalarOrExpr();
    // A literal followed by more on the same line (`'a' == b ? ...`) is an expression after all.
    this.skip(false);
    const next = this.src[this.i];
    if (next !== undefined && next !== '\n' && next !== ',' && next !== '}' && next !== ']') {
      this.i = start;
      return this.expression();
    }
    return result;
  }

  private scalarOrExpr(): BicepValue {
    const m = /^(true|false|null|-?\d+(\.\d+)?)(?=[\s,}\]]|$)/.exec(this.src.slice(this.i));
    if (m) {
      this.i += m[0].length;
      return m[1] === 'true' ? true : m[1] === 'false' ? false : m[1] === 'null' ? null : Number(m[1]);
    }
    return this.expression();
  }

  /** Raw source up to the end of the line (or a separator) at bracket depth 0. */
  private expression(): Expr {
    const start = this.i;
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (c === '\n' || c === ',' || c === '}' || c === ']') break;
      if (c === "'") this.i = endOfString(this.src, this.i);
      else if (CLOSE[c]) this.i = endOfBalanced(this.src, this.i);
      else this.i++;
    }
    return { expr: this.src.slice(start, this.i).trim() };
  }

  private object(): { [key: string]: BicepValue } {
    const result: { [key: string]: BicepValue } = {};
    this.i++; // {
    for (;;) {
      this.skip(true);
      if (this.src[this.i] === '}') {
        this.i++;
        return result;
      }
      if (this.i >= this.src.length) throw new Error('unterminated object');
      let key: string;
      if (this.src[this.i] === "'") {
        const end = endOfString(this.src, this.i);
        key = this.src.slice(this.i + 1, end - 1);
        this.i = end;
      } else {
        const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(this.src.slice(this.i));
        if (!m) throw new Error(`expected a key at: ${this.src.slice(this.i, this.i + 40)}`);
        key = m[0];
        this.i += m[0].length;
      }
      this.skip(false);
      if (this.src[this.i] !== ':') throw new Error(`expected ':' after ${key}`);
      this.i++;
      result[key] = this.value();
    }
  }

  private array(): BicepValue[] {
    const result: BicepValue[] = [];
    this.i++; // [
    for (;;) {
      this.skip(true);
      if (this.src[this.i] === ']') {
        this.i++;
        return result;
      }
      if (this.i >= this.src.length) throw new Error('unterminated array');
      result.push(this.value());
    }
  }
}

export function parseValue(src: string): BicepValue {
  return new ValueParser(src).value();
}

export function parseBicep(source: string): BicepFile {
  const src = stripComments(source);
  const file: BicepFile = { params: [], vars: {}, resources: [], outputs: {} };
  // Declarations start at the beginning of a line (decorators sit on lines of their own).
  const declaration = /^(param|var|resource|output)\s+([A-Za-z_][A-Za-z0-9_]*)\s+([^\n=]*?)\s*(=|$)/gm;
  let m: RegExpExecArray | null;
  while ((m = declaration.exec(src))) {
    const [, kind, name, middle, eq] = m;
    const afterEq = m.index + m[0].length;
    if (kind === 'param') {
      let defaultValue: string | undefined;
      if (eq === '=') {
        const p = new ValueParser(src);
        p.i = afterEq;
        const start = p.i;
        p.value();
        defaultValue = src.slice(start, p.i).trim();
      }
      file.params.push({ name: name!, type: middle!.trim(), defaultValue });
      continue;
    }
    if (eq !== '=') continue;
    const rest = src.slice(afterEq);
    if (kind === 'var' || kind === 'output') {
      const p = new ValueParser(src);
      p.i = afterEq;
      const start = p.i;
      p.value();
      (kind === 'var' ? file.vars : file.outputs)[name!] = src.slice(start, p.i).trim();
      continue;
    }
    // resource <symbol> '<type>@<version>' [existing] = [if (<condition>)] { ... }
    const t = /^'([^'@]+)@([^']+)'/.exec(middle!.trim());
    if (!t) continue;
    const cond = /^\s*if\s*(\()/.exec(rest);
    let bodyStart = afterEq;
    let condition: string | undefined;
    if (cond) {
      const open = afterEq + cond.index + cond[0].length - 1;
      const close = endOfBalanced(src, open);
      condition = src.slice(open + 1, close - 1).trim();
      bodyStart = close;
    }
    while (/\s/.test(src[bodyStart]!)) bodyStart++;
    if (src[bodyStart] !== '{') continue; // loops ([for ...]) are not used in infra/
    const body = parseValue(src.slice(bodyStart, endOfBalanced(src, bodyStart)));
    file.resources.push({ symbol: name!, type: t[1]!, apiVersion: t[2]!, condition, body: body as { [key: string]: BicepValue } });
  }
  return file;
}

/** Follows a dotted path (`properties.siteConfig.appSettings`) through parsed values. */
export function at(value: BicepValue | undefined, path: string): BicepValue | undefined {
  let v: BicepValue | undefined = value;
  for (const key of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v) || isExpr(v)) return undefined;
    v = v[key];
  }
  return v;
}
