#!/usr/bin/env python3
"""PyTorch reference for Engram's whole-epoch benchmark (bench/run.sh runs it as a subprocess).

A straightforward PyTorch implementation of the same training step as Engram's IB-Hebbian rule on MNIST
(PAPER-SPEC section 2), written from the spec, not from Engram's Java code:

* network 784-128-64-10, hidden units z = LayerNorm(ReLU(W x + b)) without affine, eps 1e-6; linear logits;
  LeCun-normal (truncated) weights, zero biases;
* a sliding window of N samples (stride 1) over a shuffled epoch; one AdamW step per window
  (lr 1e-4, b1 0.9, b2 0.99, eps 1e-8, weight decay 1e-4 on every parameter);
* RECOMPUTE: the whole window is forwarded with the current weights; STORED: only the current sample is
  forwarded and the past rows' activities (and output deltas) are the ones kept from when they were current;
* hidden layer l: xi = FRONTIERS_RELEASED global term (c_NN * mean of alpha_j / (N-1)^2), alpha from the
  Gaussian kernel of the layer's activities (sigma_z * sqrt(d)); the gradient is the VJP of the layer with
  cotangent xi on the current row only, its input detached (layers never pass gradients to each other);
* output layer: the window-mean softmax cross-entropy gradient over all N rows.

With --rule bp it times ordinary back-propagation instead: minibatches of --window samples, mean softmax
cross-entropy, the same AdamW at lr 1e-3.

It times --steps learning steps after a warm-up of steps/10, then measures the accuracy on the first 10 000
training samples (a check that the steps learn), and prints one line
RESULT {"us_per_step": ..., "s_per_epoch": ..., ...} with the epoch figure extrapolated to a full pass over
the 60 000 training samples (59 993 windows at N = 8, 10 000 batches of 6).
"""

import argparse
import json
import math
import os
import time

import torch

import idx_files


def read_idx(path):
    payload, shape = idx_files.read_idx(path)
    return torch.frombuffer(bytearray(payload), dtype=torch.uint8).reshape(shape)


def load_mnist(folder, dtype):
    images = read_idx(os.path.join(folder, "train-images-idx3-ubyte"))
    labels = read_idx(os.path.join(folder, "train-labels-idx1-ubyte")).long()
    x = (images.reshape(len(images), -1).to(dtype) / 255.0 - 0.5) / 0.5  # SYMMETRIC normalisation, [-1, 1]
    return x, labels


def lecun_normal(fan_out, fan_in, dtype):
    """Flax's lecun_normal: a normal truncated at 2 standard deviations, rescaled to std sqrt(1/fan_in)."""
    w = torch.nn.init.trunc_normal_(torch.empty(fan_out, fan_in, dtype=dtype), 0.0, 1.0, -2.0, 2.0)
    return (w * (math.sqrt(1.0 / fan_in) / 0.87962566103423978)).requires_grad_()


class Mlp:
    def __init__(self, sizes, dtype, seed):
        torch.manual_seed(seed)
        self.weights = [lecun_normal(sizes[l + 1], sizes[l], dtype) for l in range(len(sizes) - 1)]
        self.biases = [torch.zeros(sizes[l + 1], dtype=dtype, requires_grad=True) for l in range(len(sizes) - 1)]

    def parameters(self):
        return self.weights + self.biases

    def layer(self, l, x):
        h = torch.nn.functional.linear(x, self.weights[l], self.biases[l])
        if l == len(self.weights) - 1:
            return h
        a = torch.relu(h)
        return torch.nn.functional.layer_norm(a, a.shape[-1:], eps=1e-6)


def gaussian_row(z, sigma):
    """k(z_N, z_j) for every row j, bandwidth sigma * sqrt(d)."""
    d = z.shape[1]
    diff = z[-1] - z
    return torch.exp(-(diff * diff).sum(1) / (2.0 * sigma * sigma * d))


def gaussian_matrix(x, sigma):
    d = x.shape[1]
    sq = torch.cdist(x, x).pow(2)
    return torch.exp(-sq / (2.0 * sigma * sigma * d))


def xi_frontiers_released(z, kx, ky, gamma, sigma_z):
    """c_NN * mean_j<N alpha_j / (N-1)^2 with alpha_j = (2/sigma~^2) k(z_N, z_j) (z_N - z_j)."""
    n, d = z.shape
    k = gaussian_row(z, sigma_z)
    alpha = (2.0 / (sigma_z * sigma_z * d)) * k[:, None] * (z[-1] - z)
    c_nn = (1.0 - kx[-1].mean()) - gamma * (1.0 - ky[-1].mean())
    return c_nn * alpha[:-1].sum(0) / n / ((n - 1.0) ** 2)


def run_ib(args, x, y, dtype):
    n = args.window
    sizes = [784, 128, 64, 10]
    net = Mlp(sizes, dtype, args.seed)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-4, betas=(0.9, 0.99), eps=1e-8, weight_decay=1e-4)
    eye = torch.eye(10, dtype=dtype)
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(args.seed))
    hidden = len(sizes) - 2
    stored = args.past == "STORED"
    past_z = [torch.zeros(n, sizes[l + 1], dtype=dtype) for l in range(hidden)]
    past_out = torch.zeros(n, 10, dtype=dtype)

    def step(t):
        idx = order[t:t + n]
        xs, ts = x[idx], eye[y[idx]]
        kx = gaussian_matrix(xs, 0.5)
        ky = gaussian_matrix(ts, 0.1)
        inputs = xs[-1:] if stored else xs
        outs, cots = [], []
        for l in range(hidden + 1):
            z = net.layer(l, inputs.detach())  # layer-local: no gradient flows into the layer below
            outs.append(z)
            zd = z.detach()
            if l < hidden:
                window = torch.cat([past_z[l][1:], zd]) if stored else zd
                if stored:
                    past_z[l] = window
                xi = xi_frontiers_released(window, kx, ky, 2.0, 1.0)
                cot = torch.zeros_like(zd)
                cot[-1] = xi
                cots.append(cot)
            else:
                delta = (torch.softmax(zd, 1) - (ts[-1:] if stored else ts)) / n
                cots.append(delta)
            inputs = zd
        opt.zero_grad(set_to_none=True)
        if stored:
            # past rows' output deltas are fixed: their gradient is a constant added to the current row's
            nonlocal past_out
            past_rows = past_out[1:]
            past_out = torch.cat([past_rows, cots[-1]])
        torch.autograd.backward(outs, cots)
        if stored:
            # add Σ_past δ_j ⊗ z_j of the stored rows to the output layer's gradient
            zin = past_z[hidden - 1][:-1]
            net.weights[-1].grad += past_out[:-1].t() @ zin
            net.biases[-1].grad += past_out[:-1].sum(0)
        opt.step()

    return time_steps(step, len(x) - n + 1, args.steps), net


def run_bp(args, x, y, dtype):
    b = args.window
    net = Mlp([784, 128, 64, 10], dtype, args.seed)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, betas=(0.9, 0.99), eps=1e-8, weight_decay=1e-4)
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(args.seed))

    def step(t):
        idx = order[(t * b) % (len(x) - b):][:b]
        h = x[idx]
        for l in range(3):
            h = net.layer(l, h)
        loss = torch.nn.functional.cross_entropy(h, y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    return time_steps(step, len(x) // b, args.steps), net


def accuracy(net, x, y):
    """Share of the first 10 000 training samples classified right: a check that the timed steps learn."""
    with torch.no_grad():
        h = x[:10000]
        for l in range(len(net.weights)):
            h = net.layer(l, h)
        return (h.argmax(1) == y[:10000]).double().mean().item()


def time_steps(step, steps_per_epoch, steps):
    warm = max(10, steps // 10)
    for t in range(warm):
        step(t)
    t0 = time.perf_counter()
    for t in range(warm, warm + steps):
        step(t)
    seconds = time.perf_counter() - t0
    return {"steps": steps, "seconds": seconds, "us_per_step": 1e6 * seconds / steps,
            "s_per_epoch": seconds / steps * steps_per_epoch, "steps_per_epoch": steps_per_epoch}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rule", choices=["ib", "bp"], default="ib")
    p.add_argument("--window", type=int, default=8, help="N for ib, the minibatch for bp")
    p.add_argument("--past", choices=["RECOMPUTE", "STORED", "-"], default="RECOMPUTE")
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", default="data/mnist")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    dtype = torch.float32 if args.dtype == "float32" else torch.float64
    x, y = load_mnist(args.data, dtype)
    result, net = run_ib(args, x, y, dtype) if args.rule == "ib" else run_bp(args, x, y, dtype)
    result.update({"train_accuracy_10k": accuracy(net, x, y), "rule": args.rule, "window": args.window, "past": args.past, "dtype": args.dtype,
                   "threads": args.threads, "torch": torch.__version__})
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
