// The whole LSTM sequence as one differentiable op. The stock tfjs LSTM records ~20 small ops per
// step on the tape and differentiates slices by padding; here the forward runs untaped inside
// tf.customGrad and the backward (BPTT) is written out, with the weight gradients as one matmul
// over all steps. Keras layout and gate order (i, f, c, o).
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../../../shared/spec/model-spec';
import { activate, activationGrad, canFuseActivation } from './recurrent-activations';

export interface RecurrentSequenceOptions {
  activation: Activation;
  recurrentActivation: Activation;
  returnSequences: boolean;
  /** [batch, units] mask applied to the previous state (recurrent_dropout in training), or null. */
  recurrentMask: tf.Tensor | null;
}

/** Time-major 2-D view of x: [batch, time, features] → [time·batch, features]. */
export function timeMajor2d(x: tf.Tensor): tf.Tensor2D {
  const [b, t, i] = x.shape as [number, number, number];
  return tf.reshape(tf.transpose(x, [1, 0, 2]), [t * b, i]);
}

/** Inverse of timeMajor2d. */
export function batchMajor3d(x2d: tf.Tensor, b: number, t: number): tf.Tensor3D {
  const f = x2d.shape[1] as number;
  return tf.transpose(tf.reshape(x2d, [t, b, f]), [1, 0, 2]);
}

/** Plain forward with tape-friendly ops: used under autodiff when the cell cannot be fused. */
function lstmUnfused(x: tf.Tensor3D, w: tf.Tensor2D, r: tf.Tensor2D, bias: tf.Tensor1D | null, o: RecurrentSequenceOptions): tf.Tensor {
  const [b, t] = x.shape;
  const u = r.shape[0];
  const xs = timeMajor2d(x);
  const xp = bias ? tf.add(tf.matMul(xs, w), bias) : tf.matMul(xs, w);
  let h: tf.Tensor = tf.zeros([b, u]);
  let c: tf.Tensor = tf.zeros([b, u]);
  const hs: tf.Tensor[] = [];
  for (let s = 0; s < t; s++) {
    const hIn = o.recurrentMask ? tf.mul(h, o.recurrentMask) : h;
    const z = tf.add(tf.slice(xp, [s * b, 0], [b, 4 * u]), tf.matMul(hIn, r));
    const [zi, zf, zg, zo] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const ig = activate(o.recurrentActivation, zi);
    const fg = activate(o.recurrentActivation, zf);
    const gg = activate(o.activation, zg);
    const og = activate(o.recurrentActivation, zo);
    c = tf.add(tf.mul(fg, c), tf.mul(ig, gg));
    h = tf.mul(og, activate(o.activation, c));
    if (o.returnSequences) hs.push(h);
  }
  return o.returnSequences ? tf.stack(hs, 1) : h;
}

function lstmFused(o: RecurrentSequenceOptions, hasBias: boolean) {
  const act = o.activation;
  const rec = o.recurrentActivation;
  return tf.customGrad((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const x = args[0] as tf.Tensor3D;
    const w = args[1] as tf.Tensor2D;
    const r = args[2] as tf.Tensor2D;
    const bias = hasBias ? (args[3] as tf.Tensor1D) : null;
    const [b, t] = x.shape;
    const u = r.shape[0];
    const xs = timeMajor2d(x);
    const xp = bias ? tf.add(tf.matMul(xs, w), bias) : tf.matMul(xs, w);
    let h: tf.Tensor = tf.zeros([b, u]);
    let c: tf.Tensor = tf.zeros([b, u]);
    // Per step: previous h, previous c, the four gate activations, act(c).
    const hPrev: tf.Tensor[] = [];
    const cPrev: tf.Tensor[] = [];
    const gates: tf.Tensor[] = [];
    const actC: tf.Tensor[] = [];
    const hs: tf.Tensor[] = [];
    for (let s = 0; s < t; s++) {
      hPrev.push(h);
      cPrev.push(c);
      const z = tf.add(tf.slice(xp, [s * b, 0], [b, 4 * u]), tf.matMul(h, r));
      const [zi, zf, zg, zo] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const ig = activate(rec, zi);
      const fg = activate(rec, zf);
      const gg = activate(act, zg);
      const og = activate(rec, zo);
      c = tf.add(tf.mul(fg, c), tf.mul(ig, gg));
      const ac = activate(act, c);
      h = tf.mul(og, ac);
      gates.push(ig, fg, gg, og);
      actC.push(ac);
      hs.push(h);
    }
    save([xs, w, r, ...hPrev, ...cPrev, ...gates, ...actC]);
    const value = o.returnSequences ? tf.stack(hs, 1) : h;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const sxs = saved[0] as tf.Tensor2D;
      const sw = saved[1] as tf.Tensor2D;
      const sr = saved[2] as tf.Tensor2D;
      const at = (k: number, s: number): tf.Tensor => saved[3 + k * t + s]!;
      const gate = (s: number, g: number): tf.Tensor => saved[3 + 2 * t + 4 * s + g]!;
      const dys = o.returnSequences ? tf.unstack(dy, 1) : null;
      const dzs: tf.Tensor[] = new Array<tf.Tensor>(t);
      let dhNext: tf.Tensor | null = null;
      let dcNext: tf.Tensor | null = null;
      for (let s = t - 1; s >= 0; s--) {
        const dyS = dys ? dys[s]! : s === t - 1 ? dy : null;
        const dh = dyS && dhNext ? tf.add(dyS, dhNext) : (dyS ?? dhNext)!;
        const ig = gate(s, 0);
        const fg = gate(s, 1);
        const gg = gate(s, 2);
        const og = gate(s, 3);
        const ac = at(6, s);
        const dOut = tf.mul(dh, ac);
        const dcOwn = activationGrad(act, ac, tf.mul(dh, og));
        const dc: tf.Tensor = dcNext ? tf.add(dcOwn, dcNext) : dcOwn;
        const dzi = activationGrad(rec, ig, tf.mul(dc, gg));
        const dzf = activationGrad(rec, fg, tf.mul(dc, at(1, s)));
        const dzg = activationGrad(act, gg, tf.mul(dc, ig));
        const dzo = activationGrad(rec, og, dOut);
        const dz = tf.concat([dzi, dzf, dzg, dzo], 1);
        dzs[s] = dz;
        if (s > 0) {
          dhNext = tf.matMul(dz, sr, false, true);
          dcNext = tf.mul(dc, fg);
        }
      }
      const dZ = tf.concat(dzs, 0);
      const hAll = tf.concat(Array.from({ length: t }, (_, s) => at(0, s)), 0);
      const dW = tf.matMul(sxs, dZ, true, false);
      const dR = tf.matMul(hAll, dZ, true, false);
      const dx = batchMajor3d(tf.matMul(dZ, sw, false, true), b, t);
      return hasBias ? [dx, dW, dR, tf.sum(dZ, 0)] : [dx, dW, dR];
    };
    return { value, gradFunc };
  });
}

/** LSTM over [batch, time, features] → [batch, units] or [batch, time, units]. */
export function lstmSequence(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D | null, o: RecurrentSequenceOptions): tf.Tensor {
  const fusable = canFuseActivation(o.activation) && canFuseActivation(o.recurrentActivation) && !o.recurrentMask;
  if (!fusable) return lstmUnfused(x, kernel, recurrentKernel, bias, o);
  const op = lstmFused(o, bias !== null);
  return bias ? op(x, kernel, recurrentKernel, bias) : op(x, kernel, recurrentKernel);
}
