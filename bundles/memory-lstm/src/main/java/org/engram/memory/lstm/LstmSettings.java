package org.engram.memory.lstm;

import java.util.ArrayList;
import java.util.List;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.engram.numerics.optim.OptimizerSettings;

/**
 * The gated memory's resolved parameters.
 *
 * @param hiddenUnits         H, unless {@code matchReservoirUnits} picks it
 * @param truncation          BPTT steps; 0 means the task's window length N
 * @param normalizeTarget     whether the LSTM learns ξ* divided by its running RMS
 * @param matchReservoirUnits if positive, H is chosen so the parameter count matches a reservoir this large
 * @param matchConnectivity   the recurrent connection probability of that reservoir
 * @param optimizer           how the parameters are updated
 * @param teacherForced       whether the memory answers ξ* itself while it learns
 */
record LstmSettings(int hiddenUnits, int truncation, boolean normalizeTarget, int matchReservoirUnits,
        double matchConnectivity, OptimizerSettings optimizer, boolean teacherForced) {

    static List<ParameterDescriptor> descriptors() {
        List<ParameterDescriptor> list = new ArrayList<>(List.of(
                ParameterDescriptor.integer("hiddenUnits", 64, 1L, 100_000L,
                        "H, LSTM cells per layer memory; ignored when matchReservoirUnits is set"),
                ParameterDescriptor.integer("truncation", 0, 0L, 100_000L,
                        "steps (samples) the error is back-propagated through; 0: the rule's window length N, the span ξ depends on"),
                ParameterDescriptor.bool("normalizeTarget", true,
                        "learn ξ*/RMS(ξ*) (running RMS over about the last 1000 samples) and scale the output back, "
                                + "so the optimizer's step size suits any size of signal"),
                ParameterDescriptor.integer("matchReservoirUnits", 0, 0L, 100_000L,
                        "if positive, H is chosen so the LSTM has as many parameters as a reservoir of this many units "
                                + "with the same input (p·N_h² + N_h·m + 2·N_h·d); 0: use hiddenUnits"),
                ParameterDescriptor.real("matchConnectivity", 0.1, 0.0, 1.0,
                        "recurrent connection probability p of the reservoir matched by matchReservoirUnits"),
                ParameterDescriptor.bool("teacherForced", false,
                        "while learning, answer the exact signal ξ* (the network then learns as with the window) and train "
                                + "on it; false: answer the LSTM's own prediction, made before it sees ξ*")));
        list.addAll(OptimizerSettings.descriptors(1e-3));
        return List.copyOf(list);
    }

    static LstmSettings from(Parameters p) {
        return new LstmSettings(p.getInt("hiddenUnits"), p.getInt("truncation"), p.getBoolean("normalizeTarget"),
                p.getInt("matchReservoirUnits"), p.getDouble("matchConnectivity"), OptimizerSettings.from(p),
                p.getBoolean("teacherForced"));
    }

    /** H for a layer memory with {@code inputs} inputs and {@code outputs} outputs. */
    int hiddenUnitsFor(int inputs, int outputs) {
        if (matchReservoirUnits <= 0) {
            return hiddenUnits;
        }
        long target = ParameterCount.reservoir(matchReservoirUnits, inputs, outputs, matchConnectivity);
        return ParameterCount.matchingHiddenUnits(target, inputs, outputs);
    }
}
