// A recursive-descent parser for the Python subset of Keras snippets: imports, assignments and
// expression statements built from names, attributes, calls (positional and keyword arguments),
// numbers, strings, True/False/None, tuples, lists, dicts, subscripts and + − * / ** arithmetic.
// Anything else (blocks, lambdas, comprehensions) is a KerasParseError at its line and column.
import { KerasParseError } from './keras-parse-error';
import { tokenize, type Comment, type Token } from './python-tokenizer';

export interface Pos {
  line: number;
  col: number;
}

export type Expr =
  | ({ type: 'Name'; id: string } & Pos)
  | ({ type: 'Attribute'; value: Expr; attr: string } & Pos)
  | ({ type: 'Call'; func: Expr; args: Expr[]; keywords: Keyword[] } & Pos)
  | ({ type: 'Number'; value: number; raw: string } & Pos)
  | ({ type: 'String'; value: string; fstring: boolean } & Pos)
  | ({ type: 'Constant'; value: boolean | null } & Pos)
  | ({ type: 'Tuple' | 'List'; elts: Expr[] } & Pos)
  | ({ type: 'Dict'; keys: Expr[]; values: Expr[] } & Pos)
  | ({ type: 'Unary'; op: string; operand: Expr } & Pos)
  | ({ type: 'Binary'; op: string; left: Expr; right: Expr } & Pos)
  | ({ type: 'Subscript'; value: Expr; index: Expr } & Pos)
  | ({ type: 'Slice'; lower: Expr | null; upper: Expr | null; step: Expr | null } & Pos)
  | ({ type: 'Ellipsis' } & Pos);

export interface Keyword extends Pos {
  name: string;
  value: Expr;
}

interface StmtBase extends Pos {
  /** Last line the statement spans. */
  endLine: number;
}

export type Stmt =
  | (StmtBase & { type: 'Import'; names: { path: string; asname: string | null }[] })
  | (StmtBase & { type: 'ImportFrom'; module: string; names: { name: string; asname: string | null }[] })
  | (StmtBase & { type: 'Assign'; targets: Expr[]; value: Expr })
  | (StmtBase & { type: 'Expr'; value: Expr });

export interface Module {
  body: Stmt[];
  comments: Comment[];
}

const BLOCK_KEYWORDS = new Set([
  'if', 'elif', 'else', 'for', 'while', 'def', 'class', 'with', 'try', 'except', 'finally', 'return', 'lambda', 'yield',
  'async', 'await', 'global', 'nonlocal', 'del', 'pass', 'assert', 'raise', 'break', 'continue', 'in', 'not', 'and', 'or', 'is',
]);

export function parsePython(source: string): Module {
  const { tokens, comments } = tokenize(source);
  let i = 0;
  const peek = (k = 0): Token => tokens[Math.min(i + k, tokens.length - 1)] as Token;
  const next = (): Token => tokens[i++] as Token;
  const isOp = (value: string, k = 0): boolean => peek(k).type === 'op' && peek(k).value === value;
  const fail = (message: string, t: Token = peek()): never => {
    throw new KerasParseError(message, t.line, t.col);
  };
  const describe = (t: Token): string => (t.type === 'newline' ? 'end of line' : t.type === 'eof' ? 'end of code' : `'${t.value}'`);
  const expectOp = (value: string): Token => {
    if (!isOp(value)) fail(`expected '${value}' but found ${describe(peek())}`);
    return next();
  };
  const expectName = (): Token => {
    if (peek().type !== 'name') fail(`expected a name but found ${describe(peek())}`);
    return next();
  };

  const body: Stmt[] = [];
  while (peek().type !== 'eof') {
    if (peek().type === 'newline') {
      next();
      continue;
    }
    const stmt = statement();
    if (isOp(';')) fail("several statements on one line (';') are outside the subset; put each on its own line");
    if (peek().type !== 'newline' && peek().type !== 'eof') fail(`unexpected ${describe(peek())} after the statement`);
    const endLine = tokens[i - 1]?.line ?? stmt.line;
    body.push({ ...stmt, endLine });
  }
  return { body, comments };

  function statement(): Stmt {
    const t = peek();
    if (t.type === 'indent') fail('unexpected indentation: Trainbench reads top-level statements only (no if/for/def/with blocks)');
    if (t.type === 'name' && t.value === 'import') return importStmt();
    if (t.type === 'name' && t.value === 'from') return fromStmt();
    if (t.type === 'name' && BLOCK_KEYWORDS.has(t.value)) fail(`'${t.value}' is outside the Keras subset Trainbench reads (imports, the model, compile and fit)`);
    const first = exprList();
    if (isOp('=')) {
      const targets = [first];
      let value: Expr = first;
      while (isOp('=')) {
        next();
        value = exprList();
        targets.push(value);
      }
      targets.pop();
      return { type: 'Assign', targets, value, line: t.line, col: t.col, endLine: t.line };
    }
    if (peek().type === 'op' && peek().value.endsWith('=') && peek().value.length >= 2 && !['==', '!=', '<=', '>='].includes(peek().value)) {
      fail(`augmented assignment '${peek().value}' is outside the subset`);
    }
    return { type: 'Expr', value: first, line: t.line, col: t.col, endLine: t.line };
  }

  function dotted(): string {
    const parts = [expectName().value];
    while (isOp('.')) {
      next();
      parts.push(expectName().value);
    }
    return parts.join('.');
  }

  function asName(): string | null {
    if (peek().type === 'name' && peek().value === 'as') {
      next();
      return expectName().value;
    }
    return null;
  }

  function importStmt(): Stmt {
    const t = next();
    const names: { path: string; asname: string | null }[] = [];
    do {
      if (names.length > 0) next();
      const path = dotted();
      names.push({ path, asname: asName() });
    } while (isOp(','));
    return { type: 'Import', names, line: t.line, col: t.col, endLine: t.line };
  }

  function fromStmt(): Stmt {
    const t = next();
    if (isOp('.')) fail('relative imports are outside the subset');
    const module = dotted();
    const kw = expectName();
    if (kw.value !== 'import') fail(`expected 'import' but found '${kw.value}'`, kw);
    const paren = isOp('(');
    if (paren) next();
    if (isOp('*')) fail("'import *' is outside the subset; import the names you use");
    const names: { name: string; asname: string | null }[] = [];
    for (;;) {
      names.push({ name: expectName().value, asname: asName() });
      if (!isOp(',')) break;
      next();
      if (paren && isOp(')')) break;
    }
    if (paren) expectOp(')');
    return { type: 'ImportFrom', module, names, line: t.line, col: t.col, endLine: t.line };
  }

  /** `a, b` at statement level is a tuple. */
  function exprList(): Expr {
    const first = expr();
    if (!isOp(',')) return first;
    const elts = [first];
    while (isOp(',')) {
      next();
      if (peek().type === 'newline' || isOp('=')) break;
      elts.push(expr());
    }
    return { type: 'Tuple', elts, line: first.line, col: first.col };
  }

  function expr(): Expr {
    const t = peek();
    if (t.type === 'name' && t.value === 'lambda') fail("lambda is outside the subset");
    const e = additive();
    const after = peek();
    if (after.type === 'name' && (after.value === 'if' || after.value === 'for')) fail(`'${after.value}' expressions (conditional or comprehension) are outside the subset`, after);
    if (after.type === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(after.value)) fail(`comparison '${after.value}' is outside the subset`, after);
    return e;
  }

  function additive(): Expr {
    let left = multiplicative();
    while (isOp('+') || isOp('-')) {
      const op = next();
      left = { type: 'Binary', op: op.value, left, right: multiplicative(), line: op.line, col: op.col };
    }
    return left;
  }

  function multiplicative(): Expr {
    let left = unary();
    while (isOp('*') || isOp('/') || isOp('//') || isOp('%') || isOp('@')) {
      const op = next();
      left = { type: 'Binary', op: op.value, left, right: unary(), line: op.line, col: op.col };
    }
    return left;
  }

  function unary(): Expr {
    if (isOp('-') || isOp('+') || isOp('~')) {
      const op = next();
      return { type: 'Unary', op: op.value, operand: unary(), line: op.line, col: op.col };
    }
    return power();
  }

  function power(): Expr {
    const base = postfix();
    if (isOp('**')) {
      const op = next();
      return { type: 'Binary', op: '**', left: base, right: unary(), line: op.line, col: op.col };
    }
    return base;
  }

  function postfix(): Expr {
    let e = atom();
    for (;;) {
      if (isOp('.')) {
        next();
        const name = expectName();
        e = { type: 'Attribute', value: e, attr: name.value, line: e.line, col: e.col };
      } else if (isOp('(')) {
        e = call(e);
      } else if (isOp('[')) {
        const open = next();
        const index = subscriptList();
        expectOp(']');
        e = { type: 'Subscript', value: e, index, line: open.line, col: open.col };
      } else return e;
    }
  }

  function call(func: Expr): Expr {
    const open = expectOp('(');
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    while (!isOp(')')) {
      if (isOp('*') || isOp('**')) fail('*args and **kwargs are outside the subset');
      if (peek().type === 'name' && isOp('=', 1)) {
        const name = next();
        next();
        if (keywords.some((k) => k.name === name.value)) fail(`keyword argument '${name.value}' repeated`, name);
        keywords.push({ name: name.value, value: expr(), line: name.line, col: name.col });
      } else {
        if (keywords.length > 0) fail('positional argument after a keyword argument');
        args.push(expr());
      }
      if (!isOp(',')) break;
      next();
    }
    expectOp(')');
    return { type: 'Call', func, args, keywords, line: open.line, col: func.col };
  }

  function subscriptList(): Expr {
    const first = subscriptItem();
    if (!isOp(',')) return first;
    const elts = [first];
    while (isOp(',')) {
      next();
      if (isOp(']')) break;
      elts.push(subscriptItem());
    }
    return { type: 'Tuple', elts, line: first.line, col: first.col };
  }

  function subscriptItem(): Expr {
    const t = peek();
    const part = (): Expr | null => (isOp(':') || isOp(']') || isOp(',') ? null : expr());
    const lower = part();
    if (!isOp(':')) return lower ?? fail('empty subscript');
    next();
    const upper = part();
    let step: Expr | null = null;
    if (isOp(':')) {
      next();
      step = part();
    }
    return { type: 'Slice', lower, upper, step, line: t.line, col: t.col };
  }

  function sequence(close: string): Expr[] {
    const elts: Expr[] = [];
    while (!isOp(close)) {
      elts.push(expr());
      if (!isOp(',')) break;
      next();
    }
    return elts;
  }

  function atom(): Expr {
    const t = peek();
    if (t.type === 'name') {
      if (BLOCK_KEYWORDS.has(t.value)) fail(`'${t.value}' is outside the subset`);
      next();
      if (t.value === 'True' || t.value === 'False') return { type: 'Constant', value: t.value === 'True', line: t.line, col: t.col };
      if (t.value === 'None') return { type: 'Constant', value: null, line: t.line, col: t.col };
      return { type: 'Name', id: t.value, line: t.line, col: t.col };
    }
    if (t.type === 'number') {
      next();
      const raw = t.value.replace(/_/g, '');
      if (/[jJ]$/.test(raw)) fail('complex numbers are outside the subset', t);
      const value = /^0[xX]/.test(raw) ? parseInt(raw.slice(2), 16) : /^0[oO]/.test(raw) ? parseInt(raw.slice(2), 8) : /^0[bB]/.test(raw) ? parseInt(raw.slice(2), 2) : Number(raw);
      return { type: 'Number', value, raw: t.value, line: t.line, col: t.col };
    }
    if (t.type === 'string') {
      let value = '';
      let fstring = false;
      // Adjacent string literals concatenate, as in Python.
      while (peek().type === 'string') {
        const s = next();
        value += s.value;
        if (s.prefix?.includes('f')) fstring = true;
      }
      return { type: 'String', value, fstring, line: t.line, col: t.col };
    }
    if (isOp('...')) {
      next();
      return { type: 'Ellipsis', line: t.line, col: t.col };
    }
    if (isOp('(')) {
      next();
      if (isOp(')')) {
        next();
        return { type: 'Tuple', elts: [], line: t.line, col: t.col };
      }
      const first = expr();
      if (isOp(')')) {
        next();
        return first;
      }
      expectOp(',');
      const elts = [first, ...sequence(')')];
      expectOp(')');
      return { type: 'Tuple', elts, line: t.line, col: t.col };
    }
    if (isOp('[')) {
      next();
      const elts = sequence(']');
      expectOp(']');
      return { type: 'List', elts, line: t.line, col: t.col };
    }
    if (isOp('{')) {
      next();
      const keys: Expr[] = [];
      const values: Expr[] = [];
      while (!isOp('}')) {
        keys.push(expr());
        expectOp(':');
        values.push(expr());
        if (!isOp(',')) break;
        next();
      }
      expectOp('}');
      return { type: 'Dict', keys, values, line: t.line, col: t.col };
    }
    return fail(`unexpected ${describe(t)}`);
  }
}
