// The whole SimpleRNN sequence as one differentiable op (h = act(x·W + b + h_prev·R)), forward
// untaped inside tf.customGrad, backward written out: the reference RNN is tiny, so per-op
// overhead, not arithmetic, decides its speed.
import * as tf from '@tensorflow/tfjs';
import { activate, activationGrad, canFuseActivation } from './recurrent-activations';
import { batchMajor3d, timeMajor2d, type RecurrentSequenceOptions } from './lstm-sequence';

function rnnUnfused(x: tf.Tensor3D, w: tf.Tensor2D, r: tf.Tensor2D, bias: tf.Tensor1D | null, o: RecurrentSequenceOptions): tf.Tensor {
  const [b, t] = x.shape;
  const u = r.shape[0];
  const xs = timeMajor2d(x);
  const xp = bias ? tf.add(tf.matMul(xs, w), bias) : tf.matMul(xs, w);
  let h: tf.Tensor = tf.zeros([b, u]);
  const hs: tf.Tensor[] = [];
  for (let s = 0; s < t; s++) {
    const hIn = o.recurrentMask ? tf.mul(h, o.recurrentMask) : h;
    h = activate(o.activation, tf.add(tf.slice(xp, [s * b, 0], [b, u]), tf.matMul(hIn, r)));
    if (o.returnSequences) hs.push(h);
  }
  return o.returnSequences ? tf.stack(hs, 1) : h;
}

function rnnFused(o: RecurrentSequenceOptions, hasBias: boolean) {
  const act = o.activation;
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
    const hs: tf.Tensor[] = [h];
    for (let s = 0; s < t; s++) {
      h = activate(act, tf.add(tf.slice(xp, [s * b, 0], [b, u]), tf.matMul(h, r)));
      hs.push(h);
    }
    // hs[s] is the state before step s; hs[s + 1] its output.
    save([xs, w, r, ...hs]);
    const value = o.returnSequences ? tf.stack(hs.slice(1), 1) : h;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const sxs = saved[0] as tf.Tensor2D;
      const sw = saved[1] as tf.Tensor2D;
      const sr = saved[2] as tf.Tensor2D;
      const state = (k: number): tf.Tensor => saved[3 + k]!;
      const dys = o.returnSequences ? tf.unstack(dy, 1) : null;
      const das: tf.Tensor[] = new Array<tf.Tensor>(t);
      let dhNext: tf.Tensor | null = null;
      for (let s = t - 1; s >= 0; s--) {
        const dyS = dys ? dys[s]! : s === t - 1 ? dy : null;
        const dh = dyS && dhNext ? tf.add(dyS, dhNext) : (dyS ?? dhNext)!;
        const da = activationGrad(act, state(s + 1), dh);
        das[s] = da;
        if (s > 0) dhNext = tf.matMul(da, sr, false, true);
      }
      const dA = tf.concat(das, 0);
      const hAll = tf.concat(Array.from({ length: t }, (_, s) => state(s)), 0);
      const dW = tf.matMul(sxs, dA, true, false);
      const dR = tf.matMul(hAll, dA, true, false);
      const dx = batchMajor3d(tf.matMul(dA, sw, false, true), b, t);
      return hasBias ? [dx, dW, dR, tf.sum(dA, 0)] : [dx, dW, dR];
    };
    return { value, gradFunc };
  });
}

/** SimpleRNN over [batch, time, features]. */
export function simpleRnnSequence(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D | null, o: RecurrentSequenceOptions): tf.Tensor {
  if (!canFuseActivation(o.activation) || o.recurrentMask) return rnnUnfused(x, kernel, recurrentKernel, bias, o);
  const op = rnnFused(o, bias !== null);
  return bias ? op(x, kernel, recurrentKernel, bias) : op(x, kernel, recurrentKernel);
}
