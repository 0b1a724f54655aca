// Generated data, as the reference RNN example makes it: X standard normal of the model's input
// shape (default 100 × 10 × 8), y uniform 0/1; for image-shaped inputs, uniform pixels and 10
// classes. One seeded generator draws all of X, then all of y, so a seed always gives the same data.
import { DatasetError } from './dataset-error';
import type { DatasetReader, OpenContext, Split } from './dataset-types';
import { fillStandardNormal, mulberry32 } from './seeded-random';

export const RANDOM_DEFAULT_SAMPLES = 100;
export const RANDOM_DEFAULT_SHAPE = [10, 8];

function sampleShapeFor(ctx: OpenContext): number[] {
  const shape = [...(ctx.inputShape ?? RANDOM_DEFAULT_SHAPE)];
  if (shape.length === 3) {
    if (ctx.options.resize) [shape[0], shape[1]] = ctx.options.resize;
    if (ctx.options.channels) shape[2] = ctx.options.channels;
  }
  if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new DatasetError(`random data needs a fixed input shape of positive sizes, got (${shape.join(', ')})`);
  }
  return shape;
}

export function openRandom(samples: number | undefined, ctx: OpenContext): DatasetReader {
  const count = samples ?? RANDOM_DEFAULT_SAMPLES;
  const sampleShape = sampleShapeFor(ctx);
  const images = sampleShape.length === 3;
  // Image-shaped inputs get 10 classes like the reference CNN, unless the loss wants 0/1 labels.
  const numClasses = images && ctx.loss !== 'binary_crossentropy' ? 10 : 2;
  const size = sampleShape.reduce((a, b) => a * b, 1);

  let data: { x: Float32Array; y: Float32Array } | null = null;
  const generate = (): { x: Float32Array; y: Float32Array } => {
    if (data) return data;
    const random = mulberry32(ctx.seed);
    const x = new Float32Array(count * size);
    if (images) for (let i = 0; i < x.length; i++) x[i] = random();
    else fillStandardNormal(x, random);
    const y = new Float32Array(count);
    for (let i = 0; i < count; i++) y[i] = Math.floor(random() * numClasses);
    data = { x, y };
    return data;
  };

  return {
    kind: 'random',
    name: 'Random',
    source: '',
    sampleShape,
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, i) => String(i)),
    trainCount: count,
    testCount: 0,
    normalization: images ? 'none (uniform [0, 1) pixels)' : 'none (standard normal)',
    options: { samples: count, generator: 'mulberry32 + Box–Muller' },
    async read(_part, indices): Promise<Split> {
      const all = generate();
      const x = new Float32Array(indices.length * size);
      const y = new Float32Array(indices.length);
      for (let i = 0; i < indices.length; i++) {
        const j = indices[i]!;
        x.set(all.x.subarray(j * size, (j + 1) * size), i * size);
        y[i] = all.y[j]!;
      }
      return { x, y, count: indices.length, sampleShape: [...sampleShape] };
    },
  };
}
