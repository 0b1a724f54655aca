// The whole GRU sequence as one differentiable op, in Keras's reset_after=True form (which tfjs
// lacks): kernel [i, 3u], recurrent_kernel [u, 3u], bias [2, 3u] (input and recurrent bias), gate
// order z, r, h. Forward untaped inside tf.customGrad, BPTT written out, weight grads as one matmul.
import * as tf from '@tensorflow/tfjs';
import { activate, activationGrad, canFuseActivation } from './recurrent-activations';
import { batchMajor3d, timeMajor2d, type RecurrentSequenceOptions } from './lstm-sequence';

interface Projections {
  xs: tf.Tensor2D;
  xp: tf.Tensor2D;
  recurrentBias: tf.Tensor | null;
}

function project(x: tf.Tensor3D, w: tf.Tensor2D, bias: tf.Tensor2D | null): Projections {
  const xs = timeMajor2d(x);
  if (!bias) return { xs, xp: tf.matMul(xs, w), recurrentBias: null };
  const [inputBias, recurrentBias] = tf.unstack(bias, 0) as [tf.Tensor, tf.Tensor];
  return { xs, xp: tf.add(tf.matMul(xs, w), inputBias), recurrentBias };
}

/** One step; returns the new state and what the backward pass needs. */
function gruStep(
  xpS: tf.Tensor,
  h: tf.Tensor,
  r: tf.Tensor2D,
  recurrentBias: tf.Tensor | null,
  o: RecurrentSequenceOptions,
): { h: tf.Tensor; z: tf.Tensor; rg: tf.Tensor; hh: tf.Tensor; rh: tf.Tensor } {
  const hIn = o.recurrentMask ? tf.mul(h, o.recurrentMask) : h;
  const inner = recurrentBias ? tf.add(tf.matMul(hIn, r), recurrentBias) : tf.matMul(hIn, r);
  const [xz, xr, xh] = tf.split(xpS, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const [rz, rr, rh] = tf.split(inner, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const z = activate(o.recurrentActivation, tf.add(xz, rz));
  const rg = activate(o.recurrentActivation, tf.add(xr, rr));
  const hh = activate(o.activation, tf.add(xh, tf.mul(rg, rh)));
  // h = z·h_prev + (1 − z)·hh = hh + z·(h_prev − hh)
  const hNew = tf.add(hh, tf.mul(z, tf.sub(h, hh)));
  return { h: hNew, z, rg, hh, rh };
}

function gruUnfused(x: tf.Tensor3D, w: tf.Tensor2D, r: tf.Tensor2D, bias: tf.Tensor2D | null, o: RecurrentSequenceOptions): tf.Tensor {
  const [b, t] = x.shape;
  const u = r.shape[0];
  const { xp, recurrentBias } = project(x, w, bias);
  let h: tf.Tensor = tf.zeros([b, u]);
  const hs: tf.Tensor[] = [];
  for (let s = 0; s < t; s++) {
    h = gruStep(tf.slice(xp, [s * b, 0], [b, 3 * u]), h, r, recurrentBias, o).h;
    if (o.returnSequences) hs.push(h);
  }
  return o.returnSequences ? tf.stack(hs, 1) : h;
}

function gruFused(o: RecurrentSequenceOptions, hasBias: boolean) {
  const act = o.activation;
  const rec = o.recurrentActivation;
  return tf.customGrad((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const x = args[0] as tf.Tensor3D;
    const w = args[1] as tf.Tensor2D;
    const r = args[2] as tf.Tensor2D;
    const bias = hasBias ? (args[3] as tf.Tensor2D) : null;
    const [b, t] = x.shape;
    const u = r.shape[0];
    const { xs, xp, recurrentBias } = project(x, w, bias);
    let h: tf.Tensor = tf.zeros([b, u]);
    const perStep: tf.Tensor[] = [];
    const hs: tf.Tensor[] = [];
    for (let s = 0; s < t; s++) {
      const step = gruStep(tf.slice(xp, [s * b, 0], [b, 3 * u]), h, r, recurrentBias, o);
      perStep.push(h, step.z, step.rg, step.hh, step.rh);
      h = step.h;
      hs.push(h);
    }
    save([xs, w, r, ...perStep]);
    const value = o.returnSequences ? tf.stack(hs, 1) : h;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const sxs = saved[0] as tf.Tensor2D;
      const sw = saved[1] as tf.Tensor2D;
      const sr = saved[2] as tf.Tensor2D;
      const item = (s: number, k: number): tf.Tensor => saved[3 + 5 * s + k]!;
      const dys = o.returnSequences ? tf.unstack(dy, 1) : null;
      const dxps: tf.Tensor[] = new Array<tf.Tensor>(t);
      const dinners: tf.Tensor[] = new Array<tf.Tensor>(t);
      let dhNext: tf.Tensor | null = null;
      for (let s = t - 1; s >= 0; s--) {
        const dyS = dys ? dys[s]! : s === t - 1 ? dy : null;
        const dh: tf.Tensor = dyS && dhNext ? tf.add(dyS, dhNext) : (dyS ?? dhNext)!;
        const hPrev = item(s, 0);
        const z = item(s, 1);
        const rg = item(s, 2);
        const hh = item(s, 3);
        const rh = item(s, 4);
        const dz = activationGrad(rec, z, tf.mul(dh, tf.sub(hPrev, hh)));
        const dah = activationGrad(act, hh, tf.sub(dh, tf.mul(dh, z)));
        const dr = activationGrad(rec, rg, tf.mul(dah, rh));
        dxps[s] = tf.concat([dz, dr, dah], 1);
        const dInner = tf.concat([dz, dr, tf.mul(dah, rg)], 1);
        dinners[s] = dInner;
        if (s > 0) dhNext = tf.add(tf.mul(dh, z), tf.matMul(dInner, sr, false, true));
      }
      const dXp = tf.concat(dxps, 0);
      const dInnerAll = tf.concat(dinners, 0);
      const hAll = tf.concat(Array.from({ length: t }, (_, s) => item(s, 0)), 0);
      const dW = tf.matMul(sxs, dXp, true, false);
      const dR = tf.matMul(hAll, dInnerAll, true, false);
      const dx = batchMajor3d(tf.matMul(dXp, sw, false, true), b, t);
      if (!hasBias) return [dx, dW, dR];
      const dBias = tf.stack([tf.sum(dXp, 0), tf.sum(dInnerAll, 0)], 0);
      return [dx, dW, dR, dBias];
    };
    return { value, gradFunc };
  });
}

/** Keras GRU (reset_after=True) over [batch, time, features]. */
export function gruSequence(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor2D | null, o: RecurrentSequenceOptions): tf.Tensor {
  const fusable = canFuseActivation(o.activation) && canFuseActivation(o.recurrentActivation) && !o.recurrentMask;
  if (!fusable) return gruUnfused(x, kernel, recurrentKernel, bias, o);
  const op = gruFused(o, bias !== null);
  return bias ? op(x, kernel, recurrentKernel, bias) : op(x, kernel, recurrentKernel);
}
