package org.engram.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.api.rule.LearningRule;
import org.engram.rule.backprop.BackpropRule;
import org.engram.rule.ibhebbian.IbHebbianRule;
import org.engram.rule.phsic.PhsicRule;

/**
 * One benchmarked configuration: the rule with its window (IB) or batch (backprop), where the IB rule's past
 * activity comes from, and the hidden widths of a ReLU+LayerNorm MLP with a linear 10-way output. Every other
 * parameter is the paper's default (AdamW, lr 1e-4 for IB and 1e-3 for backprop, b2 = 0.99, FRONTIERS_RELEASED ξ;
 * pHSIC in its two-sample mode, the current sample and its predecessor).
 *
 * @param rule   {@code ib-hebbian}, {@code backprop} or {@code phsic}
 * @param window N for IB, the minibatch for backprop, 2 for two-sample pHSIC
 * @param past   {@code RECOMPUTE} or {@code STORED} (IB only)
 * @param hidden widths of the hidden layers
 */
record TrialSetup(String rule, int window, String past, int[] hidden) {

    static TrialSetup ib(int window, String past, int... hidden) {
        return new TrialSetup("ib-hebbian", window, past, hidden);
    }

    static TrialSetup backprop(int batch, int... hidden) {
        return new TrialSetup("backprop", batch, "-", hidden);
    }

    /** Two-sample pHSIC: one step per sample over the pair of the current and the previous sample. */
    static TrialSetup phsic(int... hidden) {
        return new TrialSetup("phsic", 2, "-", hidden);
    }

    boolean isIb() {
        return rule.equals("ib-hebbian");
    }

    boolean isBackprop() {
        return rule.equals("backprop");
    }

    /** Samples a learning step advances: 1 for the sliding windows (IB, two-sample pHSIC), the batch for backprop. */
    int stride() {
        return isBackprop() ? window : 1;
    }

    /**
     * Learning steps in one pass over {@code samples} training samples, counted as the engine's trial loop takes
     * them: a step whenever the window is full and {@code stride} samples have arrived since the last one
     * (59 993 windows at N = 8; 9 999 batches of 6, the first after the 11th sample).
     */
    long stepsPerEpoch(int samples) {
        return (samples - window + 1) / stride();
    }

    LearningRule createRule() {
        return switch (rule) {
            case "ib-hebbian" -> new IbHebbianRule();
            case "phsic" -> new PhsicRule();
            default -> new BackpropRule();
        };
    }

    Parameters parameters(LearningRule rule) {
        Map<String, Object> given = new LinkedHashMap<>();
        if (isIb()) {
            given.put("window", window);
            given.put("pastActivity", past);
        } else if (isBackprop()) {
            given.put("batchSize", window);
        }
        List<ParameterDescriptor> descriptors = rule.parameters();
        return Parameters.resolve("rule '" + this.rule + "'", descriptors, given);
    }

    /** The setup as {@code EpochBench --time} and {@code --row} take it, e.g. {@code ib:8:RECOMPUTE:128,64}. */
    String spec() {
        String widths = Arrays.stream(hidden).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
        if (isIb()) {
            return "ib:" + window + ":" + past + ":" + widths;
        }
        return isBackprop() ? "bp:" + window + ":" + widths : "phsic:" + widths;
    }

    /** E.g. {@code IB N=8 RECOMPUTE 784-128-64-10}, {@code backprop B=6 784-128-64-10} or {@code pHSIC two-sample 784-128-64-10}. */
    String label(int inputSize, int classes) {
        StringBuilder shape = new StringBuilder().append(inputSize);
        for (int h : hidden) {
            shape.append('-').append(h);
        }
        shape.append('-').append(classes);
        if (isIb()) {
            return "IB-Hebbian N=" + window + " " + past + " " + shape;
        }
        return isBackprop() ? "backprop B=" + window + " " + shape : "pHSIC two-sample " + shape;
    }

    @Override
    public String toString() {
        return rule + " " + window + " " + past + " " + Arrays.toString(hidden);
    }
}
