import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../../src/shared/spec/closest-name';

describe('closestName', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('Stride', 'stride')).toBe(0);
  });
  it('suggests the nearest name, or none when nothing is close', () => {
    expect(closestName('stride', ['filters', 'strides', 'padding'])).toBe('strides');
    expect(closestName('kernal_size', ['filters', 'kernel_size'])).toBe('kernel_size');
    expect(closestName('xyz', ['filters', 'kernel_size'])).toBeNull();
  });
});
