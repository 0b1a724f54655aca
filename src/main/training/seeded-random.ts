// Deterministic randomness for training: seeds derived from the run seed (one per layer, per
// epoch's shuffle, per dropout call) and a seeded Fisher-Yates shuffle, so a seed repeats a run.
// tfjs's own seeded ops take a number; we derive those numbers here, never from Math.random.
import { seededPermutation } from '../datasets/seeded-random';

/** 32-bit FNV-1a over the parts, so seeds for different purposes never collide by accident. */
export function deriveSeed(base: number, ...parts: (string | number)[]): number {
  let h = 0x811c9dc5 ^ (base >>> 0);
  const text = parts.join('/');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32).
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A permutation of 0..n-1 fixed by the seed: the datasets' Fisher–Yates over mulberry32. */
export function shuffledIndices(n: number, seed: number): Int32Array {
  return seededPermutation(n, seed);
}
