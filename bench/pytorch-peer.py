#!/usr/bin/python3
# PyTorch peer for `npm run bench`: trains the same model (same layers, same initial weights,
# same data in the same order, batch size, Adam settings and thread count) that Trainbench
# trained, and prints one JSON line with samples/s and test accuracy.
# Usage: /usr/bin/python3 bench/pytorch-peer.py CONFIG.json   (needs python3-torch: apt-get install python3-torch)
import json
import sys
import time

import numpy as np
import torch
from torch import nn


def load(directory, name, shape):
    return np.fromfile(f"{directory}/{name}", dtype=np.float32).reshape(shape)


class LastStep(nn.Module):
    """Runs a batch-first recurrent module and keeps the last step's output (Keras return_sequences=False)."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        out, _ = self.rnn(x)
        return out[:, -1]


class ChannelsLastFlatten(nn.Module):
    """Keras flattens NHWC; permute from PyTorch's NCHW first so Dense weights line up."""

    def forward(self, x):
        return torch.flatten(x.permute(0, 2, 3, 1), 1)


ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "elu": nn.ELU, "selu": nn.SELU, "gelu": nn.GELU}


def gru_reorder(t, units):
    # Keras gate order z, r, h; PyTorch r, z, n (n with reset applied after the matmul = Keras reset_after=True).
    z, r, h = t[..., :units], t[..., units : 2 * units], t[..., 2 * units :]
    return np.concatenate([r, z, h], axis=-1)


def build(layers, weights):
    """Modules and their initial weights from Trainbench's resolved layers and weights (Keras layout)."""
    modules = []
    w = iter(weights)
    final = None
    for i, layer in enumerate(layers):
        kind = layer["className"]
        last = i == len(layers) - 1
        if kind == "Conv2D":
            conv = nn.Conv2d(layer["inChannels"], layer["filters"], tuple(layer["kernel_size"]), stride=tuple(layer["strides"]), bias=layer["use_bias"])
            conv.weight.data = torch.from_numpy(next(w).transpose(3, 2, 0, 1).copy())
            if layer["use_bias"]:
                conv.bias.data = torch.from_numpy(next(w).copy())
            modules.append(conv)
        elif kind == "MaxPooling2D":
            modules.append(nn.MaxPool2d(tuple(layer["pool_size"]), stride=tuple(layer["strides"])))
        elif kind == "Flatten":
            modules.append(ChannelsLastFlatten())
        elif kind == "Dense":
            dense = nn.Linear(layer["inFeatures"], layer["units"], bias=layer["use_bias"])
            dense.weight.data = torch.from_numpy(next(w).T.copy())
            if layer["use_bias"]:
                dense.bias.data = torch.from_numpy(next(w).copy())
            modules.append(dense)
        elif kind in ("LSTM", "GRU", "SimpleRNN"):
            units, feats = layer["units"], layer["inFeatures"]
            kernel, recurrent, bias = next(w), next(w), next(w)
            if kind == "LSTM":
                rnn = nn.LSTM(feats, units, batch_first=True)
                b_ih, b_hh = bias, np.zeros_like(bias)
            elif kind == "GRU":
                rnn = nn.GRU(feats, units, batch_first=True)
                kernel, recurrent = gru_reorder(kernel, units), gru_reorder(recurrent, units)
                b_ih, b_hh = gru_reorder(bias[0], units), gru_reorder(bias[1], units)
            else:
                rnn = nn.RNN(feats, units, batch_first=True, nonlinearity="tanh")
                b_ih, b_hh = bias, np.zeros_like(bias)
            rnn.weight_ih_l0.data = torch.from_numpy(kernel.T.copy())
            rnn.weight_hh_l0.data = torch.from_numpy(recurrent.T.copy())
            rnn.bias_ih_l0.data = torch.from_numpy(np.ascontiguousarray(b_ih))
            rnn.bias_hh_l0.data = torch.from_numpy(np.ascontiguousarray(b_hh))
            modules.append(LastStep(rnn))
        else:
            raise SystemExit(f"pytorch-peer: layer {kind} is not supported")
        act = layer.get("activation")
        if act in ("softmax", "sigmoid") and last:
            final = act  # folded into the loss, as Keras's crossentropy on probabilities equals PyTorch's on logits
        elif act and act != "linear" and kind not in ("LSTM", "GRU", "SimpleRNN"):
            modules.append(ACTIVATIONS[act]())
    return nn.Sequential(*modules), final


def main():
    cfg = json.load(open(sys.argv[1]))
    torch.set_num_threads(cfg["threads"])
    torch.manual_seed(0)
    d = cfg["dir"]
    shape = cfg["sampleShape"]
    x = load(d, "x_train.bin", [cfg["trainCount"], *shape])
    y = load(d, "y_train.bin", [cfg["trainCount"]])
    xt = load(d, "x_test.bin", [cfg["testCount"], *shape])
    yt = load(d, "y_test.bin", [cfg["testCount"]])
    if len(shape) == 3:  # NHWC → NCHW
        x, xt = x.transpose(0, 3, 1, 2).copy(), xt.transpose(0, 3, 1, 2).copy()
    weights = [load(d, f"w{i}.bin", s) for i, s in enumerate(cfg["weightShapes"])]
    model, final = build(cfg["layers"], weights)
    opt = torch.optim.Adam(model.parameters(), lr=cfg["learningRate"], betas=(0.9, 0.999), eps=1e-7)
    if final == "softmax":
        loss_fn = nn.CrossEntropyLoss()
        target = lambda t: torch.from_numpy(t).long()
    else:
        loss_fn = nn.BCEWithLogitsLoss()
        target = lambda t: torch.from_numpy(t).reshape(-1, 1)
    bs = cfg["batchSize"]
    xs, ys = torch.from_numpy(x), y
    model.train()
    timed_samples, t0 = 0, None
    for _ in range(cfg["epochs"]):
        for start in range(0, len(xs), bs):
            xb, yb = xs[start : start + bs], target(ys[start : start + bs])
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            loss.item()
            if t0 is None:
                t0 = time.perf_counter()  # timing starts after the warm-up batch, as on Trainbench's side
            else:
                timed_samples += len(xb)
    seconds = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        out = model(torch.from_numpy(xt))
        pred = out.argmax(1).numpy() if final == "softmax" else (out[:, 0] > 0).numpy().astype(np.float32)
    acc = float((pred == yt).mean())
    print(json.dumps({"samplesPerSecond": timed_samples / seconds, "testAccuracy": acc, "seconds": seconds, "torch": torch.__version__, "threads": torch.get_num_threads()}))


main()
