// The tokenizer and parser for the Python subset: positions, strings, line joining, and the
// constructs outside the subset refused at their line and column.
import { describe, expect, it } from 'vitest';
import { KerasParseError } from '../../../src/shared/spec/keras-parse-error';
import { parsePython } from '../../../src/shared/spec/python-parser';
import { tokenize } from '../../../src/shared/spec/python-tokenizer';

function errorAt(source: string): { line: number; column: number; message: string } {
  try {
    parsePython(source);
  } catch (error) {
    expect(error).toBeInstanceOf(KerasParseError);
    const e = error as KerasParseError;
    return { line: e.line, column: e.column, message: e.message };
  }
  throw new Error('expected a KerasParseError');
}

describe('tokenize', () => {
  it('gives tokens with lines and columns, joins lines inside brackets, keeps comments aside', () => {
    const { tokens, comments } = tokenize("x = f(1, 'a\\n',\n      (2,)) # note\n\ny = r'\\d' \\\n  + 1.5e-3\n");
    const text = tokens.map((t) => `${t.type}:${t.value}@${t.line}:${t.col}`);
    expect(text).toEqual([
      'name:x@1:1', 'op:=@1:3', 'name:f@1:5', 'op:(@1:6', 'number:1@1:7', 'op:,@1:8', 'string:a\n@1:10', 'op:,@1:15',
      'op:(@2:7', 'number:2@2:8', 'op:,@2:9', 'op:)@2:10', 'op:)@2:11', 'newline:\n@2:19',
      'name:y@4:1', 'op:=@4:3', 'string:\\d@4:5', 'op:+@5:3', 'number:1.5e-3@5:5', 'newline:\n@5:11', 'eof:@6:1',
    ]);
    expect(comments).toEqual([{ line: 2, col: 13, text: ' note' }]);
  });

  it('reads triple-quoted and prefixed strings', () => {
    const { tokens } = tokenize('s = """a\nb"""\nt = f"x{y}"\n');
    expect(tokens.filter((t) => t.type === 'string').map((t) => [t.value, t.prefix])).toEqual([['a\nb', ''], ['x{y}', 'f']]);
  });
});

describe('parsePython', () => {
  it('parses imports, assignments and calls with keyword arguments', () => {
    const mod = parsePython('from a.b import (C, D as E)\nimport numpy as np\nm = C(1, -2, k=(3,), z=[None, True])\n');
    expect(mod.body.map((s) => s.type)).toEqual(['ImportFrom', 'Import', 'Assign']);
    const assign = mod.body[2];
    expect(assign?.type === 'Assign' && assign.value.type === 'Call' && assign.value.keywords.map((k) => k.name)).toEqual(['k', 'z']);
  });

  it('refuses what is outside the subset with line and column', () => {
    expect(errorAt('x = 1\nfor i in range(3):\n    pass\n')).toMatchObject({ line: 2, column: 1 });
    expect(errorAt('x = 1\n  y = 2\n')).toMatchObject({ line: 2, column: 1, message: expect.stringContaining('unexpected indentation') as unknown });
    expect(errorAt('f = lambda x: x\n')).toMatchObject({ line: 1, column: 5 });
    expect(errorAt('y = [i for i in x]\n')).toMatchObject({ line: 1, column: 8 });
    expect(errorAt('model.add(Dense(10)\n')).toMatchObject({ message: expect.stringContaining('unclosed bracket') as unknown });
    expect(errorAt("s = 'abc\n")).toMatchObject({ line: 1, column: 5, message: expect.stringContaining('unterminated string') as unknown });
    expect(errorAt('f(a=1, 2)\n')).toMatchObject({ line: 1, column: 8, message: expect.stringContaining('positional argument after a keyword') as unknown });
  });
});
