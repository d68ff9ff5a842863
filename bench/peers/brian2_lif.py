#!/usr/bin/env python3
"""Brian2 reference for the forward simulation of Engram's spiking network (bench/run.sh runs it as a subprocess).

The 784-128-64 network of leaky integrate-and-fire units of Engram's `lif` model with its defaults, written from
the model's equations (docs/reproduction.md, "Spiking MNIST"), not from Engram's Java code:

* per unit, dv/dt = (-(v - v_rest) + R I) / tau_m with tau_m = 5 ms, R = 5, v_rest = 0; a spike when v >= 1,
  then v = 0 and 1 ms refractory (v clamped); a synaptic trace dx/dt = -x / tau_s, tau_s = 10 ms, +1 per spike;
* layer 0's current is W0 x + b0 for the image x (pixels scaled to [-1, 1]), held for the sample; layer 1's current
  is W1 x0 + b1, the weighted sum of layer 0's traces (a summed synaptic variable over all 128 x 64 synapses);
* LeCun-normal weights (a normal truncated at 2 SD, rescaled to SD sqrt(1/fan_in)), zero biases;
* 20 steps of 1 ms per sample (forward Euler, Brian's `euler` method, which also steps the trace), every sample
  from rest: states are reset every 20 ms by a `run_regularly` operation; all samples in one `run` call, the
  currents from a TimedArray, so Brian's per-run overhead is paid once.

It times --samples test images after 20 untimed ones (which also compile the generated code), counts their
spikes, and prints one line RESULT {"ms_per_sample": ..., "spikes_per_unit": [...], ...}.
"""

import argparse
import json
import os
import time

import numpy as np

import idx_files


def read_idx(path):
    payload, shape = idx_files.read_idx(path)
    return np.frombuffer(payload, dtype=np.uint8).reshape(shape)


def lecun_normal(rng, fan_out, fan_in):
    w = rng.standard_normal((fan_out, fan_in))
    while True:  # truncate at 2 SD by redrawing, as a truncated normal does
        bad = np.abs(w) > 2.0
        if not bad.any():
            break
        w[bad] = rng.standard_normal(bad.sum())
    return w * (np.sqrt(1.0 / fan_in) / 0.87962566103423978)


def simulate(b2, currents, w1, steps, warm):
    """One Brian2 network over the rows of `currents` ([samples, 128]), `steps` ms each: the first `warm` rows
    untimed (code generation and compilation happen there), then the rest timed; seconds and spikes per layer."""
    b2.start_scope()
    ms = b2.ms
    samples = currents.shape[0]
    drive = b2.TimedArray(currents, dt=steps * ms)
    params = dict(tau_m=5 * ms, tau_s=10 * ms, R=5.0, v_rest=0.0, drive=drive)
    eqs0 = """
    dv/dt = (-(v - v_rest) + R * drive(t, i)) / tau_m : 1 (unless refractory)
    dx/dt = -x / tau_s : 1
    """
    eqs1 = """
    dv/dt = (-(v - v_rest) + R * current) / tau_m : 1 (unless refractory)
    dx/dt = -x / tau_s : 1
    current : 1
    """
    # Brian counts a unit refractory while t - lastspike < refractory: 2 ms clamps exactly the one step after a
    # spike, as Engram's 1 ms rounded to whole 1 ms steps does (1 ms here would clamp none)
    refractory = 2 * ms
    layer0 = b2.NeuronGroup(w1.shape[1], eqs0, threshold="v >= 1", reset="v = 0; x += 1", refractory=refractory,
                            method="euler", namespace=params)
    layer1 = b2.NeuronGroup(w1.shape[0], eqs1, threshold="v >= 1", reset="v = 0; x += 1", refractory=refractory,
                            method="euler", namespace=params)
    synapses = b2.Synapses(layer0, layer1, model="w : 1\ncurrent_post = w * x_pre : 1 (summed)")
    synapses.connect()  # all to all, in Brian's (i, j) order
    synapses.w = w1.T.flatten()
    for group in (layer0, layer1):
        # every sample from rest: the reset runs at the start of each sample's first step
        group.run_regularly("v = v_rest\nx = 0", dt=steps * ms, when="start")
    spikes0 = b2.SpikeMonitor(layer0, record=False)
    spikes1 = b2.SpikeMonitor(layer1, record=False)
    network = b2.Network(layer0, layer1, synapses, spikes0, spikes1)
    network.run(warm * steps * ms, namespace=params)
    before0, before1 = spikes0.num_spikes, spikes1.num_spikes
    t0 = time.perf_counter()
    network.run((samples - warm) * steps * ms, namespace=params)
    seconds = time.perf_counter() - t0
    return seconds, spikes0.num_spikes - before0, spikes1.num_spikes - before1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="data/mnist")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import brian2 as b2
    b2.prefs.core.default_float_dtype = np.float64
    b2.defaultclock.dt = 1 * b2.ms

    images = read_idx(os.path.join(args.data, "t10k-images-idx3-ubyte"))
    x = (images.reshape(len(images), -1).astype(np.float64) / 255.0 - 0.5) / 0.5
    rng = np.random.default_rng(args.seed)
    w0 = lecun_normal(rng, 128, 784)
    w1 = lecun_normal(rng, 64, 128)

    warm = 20
    # layer 0's input current, once per sample: the same product Engram's forward computes every step
    currents = np.concatenate([x[:warm], x[:args.samples]]) @ w0.T
    seconds, s0, s1 = simulate(b2, currents, w1, args.steps, warm)
    try:
        import Cython  # noqa: F401  Brian's 'auto' target runs generated Cython when it can, numpy otherwise
        target = "cython"
    except ImportError:
        target = "numpy"
    print("RESULT " + json.dumps({
        "ms_per_sample": 1e3 * seconds / args.samples,
        "samples": args.samples,
        "steps": args.steps,
        "spikes_per_unit": [s0 / (128 * args.samples), s1 / (64 * args.samples)],
        "target": target,
        "brian2": b2.__version__,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
