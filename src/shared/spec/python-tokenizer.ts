// A tokenizer for the Python subset Keras snippets use: names, numbers, strings (with prefixes,
// escapes and triple quotes), operators and brackets, comments kept aside, logical lines joined
// inside brackets and after a backslash. Indented lines are marked so the parser can refuse them.
import { KerasParseError } from './keras-parse-error';

/** 'indent' marks an indented statement; the parser refuses it in source order. */
export type TokenType = 'name' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'eof';

export interface Token {
  type: TokenType;
  /** Names and ops as written; numbers as written; strings decoded. */
  value: string;
  line: number;
  /** 1-based column. */
  col: number;
  /** For strings: the prefix letters (lower case), e.g. 'f', 'r', 'rb'. */
  prefix?: string;
}

export interface Comment {
  line: number;
  col: number;
  /** The text after '#', untrimmed. */
  text: string;
}

export interface TokenStream {
  tokens: Token[];
  comments: Comment[];
}

const OPS3 = ['**=', '//=', '>>=', '<<=', '...'];
const OPS2 = ['**', '//', '==', '!=', '<=', '>=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', ':=', '<<', '>>'];
const OPS1 = '()[]{},:.;@=+-*/%<>&|^~';
const STRING_PREFIXES = new Set(['r', 'b', 'u', 'f', 'rb', 'br', 'fr', 'rf']);
const NUMBER = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

export function tokenize(source: string): TokenStream {
  const src = source.replace(/\r\n?/g, '\n');
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let atLineStart = true;
  const col = (): number => pos - lineStart + 1;
  const fail = (message: string, l = line, c = col()): never => {
    throw new KerasParseError(message, l, c);
  };
  const newline = (): void => {
    pos += 1;
    line += 1;
    lineStart = pos;
  };

  while (pos < src.length) {
    if (atLineStart && depth === 0) {
      atLineStart = false;
      let p = pos;
      while (src[p] === ' ' || src[p] === '\t' || src[p] === '\f') p += 1;
      const next = src[p];
      if (p > pos && next !== undefined && next !== '\n' && next !== '#') tokens.push({ type: 'indent', value: '', line, col: 1 });
    }
    const c = src[pos] as string;
    if (c === ' ' || c === '\t' || c === '\f') {
      pos += 1;
      continue;
    }
    if (c === '\\' && src[pos + 1] === '\n') {
      pos += 1;
      newline();
      continue;
    }
    if (c === '#') {
      const end = src.indexOf('\n', pos);
      const stop = end === -1 ? src.length : end;
      comments.push({ line, col: col(), text: src.slice(pos + 1, stop) });
      pos = stop;
      continue;
    }
    if (c === '\n') {
      const last = tokens[tokens.length - 1];
      if (depth === 0 && last && last.type !== 'newline') tokens.push({ type: 'newline', value: '\n', line, col: col() });
      newline();
      if (depth === 0) atLineStart = true;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(pos, pos + 200)) as RegExpExecArray;
      const word = m[0];
      const after = src[pos + word.length];
      if (STRING_PREFIXES.has(word.toLowerCase()) && (after === "'" || after === '"')) {
        const startLine = line;
        const startCol = col();
        pos += word.length;
        const value = readString(word.toLowerCase());
        tokens.push({ type: 'string', value, line: startLine, col: startCol, prefix: word.toLowerCase() });
        continue;
      }
      tokens.push({ type: 'name', value: word, line, col: col() });
      pos += word.length;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[pos + 1] ?? ''))) {
      const m = NUMBER.exec(src.slice(pos, pos + 100)) as RegExpExecArray;
      tokens.push({ type: 'number', value: m[0], line, col: col() });
      pos += m[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const startLine = line;
      const startCol = col();
      const value = readString('');
      tokens.push({ type: 'string', value, line: startLine, col: startCol, prefix: '' });
      continue;
    }
    const op = OPS3.find((o) => src.startsWith(o, pos)) ?? OPS2.find((o) => src.startsWith(o, pos)) ?? (OPS1.includes(c) ? c : null);
    if (op === null) fail(`unexpected character '${c}'`);
    const opText = op as string;
    if ('([{'.includes(opText)) depth += 1;
    if (')]}'.includes(opText)) {
      if (depth === 0) fail(`unmatched '${opText}'`);
      depth -= 1;
    }
    tokens.push({ type: 'op', value: opText, line, col: col() });
    pos += opText.length;
  }
  if (depth > 0) fail('unclosed bracket at the end of the code');
  const last = tokens[tokens.length - 1];
  if (last && last.type !== 'newline') tokens.push({ type: 'newline', value: '\n', line, col: col() });
  tokens.push({ type: 'eof', value: '', line, col: col() });
  return { tokens, comments };

  function readString(prefix: string): string {
    const startLine = line;
    const startCol = col();
    const quote = src[pos] as string;
    const triple = src.startsWith(quote.repeat(3), pos);
    const close = triple ? quote.repeat(3) : quote;
    pos += close.length;
    const raw = prefix.includes('r');
    let out = '';
    for (;;) {
      if (pos >= src.length) fail('unterminated string', startLine, startCol);
      const ch = src[pos] as string;
      if (src.startsWith(close, pos)) {
        pos += close.length;
        return out;
      }
      if (ch === '\n') {
        if (!triple) fail('unterminated string (a quote is missing before the end of the line)', startLine, startCol);
        out += ch;
        newline();
        continue;
      }
      if (ch === '\\' && pos + 1 < src.length) {
        const nx = src[pos + 1] as string;
        if (nx === '\n') {
          if (raw) out += '\\\n';
          pos += 1;
          newline();
          continue;
        }
        if (raw) {
          out += ch + nx;
          pos += 2;
          continue;
        }
        if (nx === 'x' || nx === 'u') {
          const len = nx === 'x' ? 2 : 4;
          const hex = src.slice(pos + 2, pos + 2 + len);
          if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) fail('bad escape in string');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 2 + len;
          continue;
        }
        const esc = ESCAPES[nx];
        out += esc ?? ch + nx;
        pos += 2;
        continue;
      }
      out += ch;
      pos += 1;
    }
  }
}
