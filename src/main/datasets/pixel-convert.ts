// Turns 8-bit images into the floats a model takes: pixels / 255, with a bilinear resize and a
// grey↔RGB conversion when the model wants another size or channel count than the files hold.

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

interface AxisTable {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float32Array;
}

// Half-pixel centres, as sharp, PIL and tf.image.resize (half_pixel_centers) sample.
function axisTable(src: number, dst: number): AxisTable {
  const lo = new Int32Array(dst);
  const hi = new Int32Array(dst);
  const frac = new Float32Array(dst);
  const scale = src / dst;
  for (let i = 0; i < dst; i++) {
    const s = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), src - 1);
    const l = Math.floor(s);
    lo[i] = l;
    hi[i] = Math.min(l + 1, src - 1);
    frac[i] = s - l;
  }
  return { lo, hi, frac };
}

/**
 * Converts the images at `indices` of `src` (count × from, uint8, HWC) into `out` at `offset`
 * samples, as floats / 255 of shape `to`.
 */
export function convertImages(
  src: Uint8Array,
  from: ImageShape,
  indices: Int32Array,
  to: ImageShape,
  out: Float32Array,
  offset = 0,
): void {
  const inSize = from.height * from.width * from.channels;
  const outSize = to.height * to.width * to.channels;
  const same = from.height === to.height && from.width === to.width;
  if (same && from.channels === to.channels) {
    for (let n = 0; n < indices.length; n++) {
      const s = indices[n]! * inSize;
      const d = (offset + n) * outSize;
      for (let i = 0; i < inSize; i++) out[d + i] = src[s + i]! / 255;
    }
    return;
  }
  const ys = axisTable(from.height, to.height);
  const xs = axisTable(from.width, to.width);
  const pixel = new Float32Array(from.channels);
  for (let n = 0; n < indices.length; n++) {
    const base = indices[n]! * inSize;
    let d = (offset + n) * outSize;
    for (let y = 0; y < to.height; y++) {
      const r0 = base + ys.lo[y]! * from.width * from.channels;
      const r1 = base + ys.hi[y]! * from.width * from.channels;
      const fy = ys.frac[y]!;
      for (let x = 0; x < to.width; x++) {
        const c0 = xs.lo[x]! * from.channels;
        const c1 = xs.hi[x]! * from.channels;
        const fx = xs.frac[x]!;
        for (let c = 0; c < from.channels; c++) {
          const top = src[r0 + c0 + c]! + (src[r0 + c1 + c]! - src[r0 + c0 + c]!) * fx;
          const bottom = src[r1 + c0 + c]! + (src[r1 + c1 + c]! - src[r1 + c0 + c]!) * fx;
          pixel[c] = (top + (bottom - top) * fy) / 255;
        }
        d = writePixel(pixel, from.channels, to.channels, out, d);
      }
    }
  }
}

/** Writes one pixel with channel conversion; returns the next write position. */
function writePixel(pixel: Float32Array, inC: number, outC: number, out: Float32Array, d: number): number {
  if (inC === outC) {
    for (let c = 0; c < outC; c++) out[d + c] = pixel[c]!;
  } else if (outC === 1) {
    // ITU-R BT.601 luma, as PIL's convert('L') and libvips' b-w use.
    out[d] = 0.299 * pixel[0]! + 0.587 * pixel[1]! + 0.114 * pixel[2]!;
  } else {
    // Grey to RGB: the same value in every channel.
    for (let c = 0; c < outC; c++) out[d + c] = pixel[0]!;
  }
  return d + outC;
}
