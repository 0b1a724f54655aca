// Seeded pseudo-random numbers: the same seed gives the same data, splits and order on every
// machine. mulberry32 for uniforms, Box–Muller for standard normals, Fisher–Yates for shuffles.

/** Uniform [0, 1) generator from a 32-bit seed (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `out` with standard normal values (Box–Muller, both values of each pair used). */
export function fillStandardNormal(out: Float32Array, random: () => number): void {
  for (let i = 0; i < out.length; i += 2) {
    // 1 - u keeps the logarithm's argument in (0, 1].
    const u1 = 1 - random();
    const u2 = random();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
}

/** A seeded permutation of 0..n-1 (Fisher–Yates). */
export function seededPermutation(n: number, seed: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}
