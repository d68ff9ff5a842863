package org.engram.memory.lstm;

import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterGroup;
import org.engram.api.param.ParameterSet;
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
record LstmSettings(
        @Parameter(defaultValue = "64", min = 1, max = 100_000,
                description = "H, LSTM cells per layer memory; ignored when matchReservoirUnits is set")
        int hiddenUnits,
        @Parameter(defaultValue = "0", min = 0, max = 100_000,
                description = "steps (samples) the error is back-propagated through; 0: the rule's window length N, the span ξ depends on")
        int truncation,
        @Parameter(defaultValue = "true",
                description = "learn ξ*/RMS(ξ*) (running RMS over about the last 1000 samples) and scale the output back, "
                        + "so the optimizer's step size suits any size of signal")
        boolean normalizeTarget,
        @Parameter(defaultValue = "0", min = 0, max = 100_000,
                description = "if positive, H is chosen so the LSTM has as many parameters as a reservoir of this many units "
                        + "with the same input (p·N_h² + N_h·m + 2·N_h·d); 0: use hiddenUnits")
        int matchReservoirUnits,
        @Parameter(defaultValue = "0.1", min = 0.0, max = 1.0,
                description = "recurrent connection probability p of the reservoir matched by matchReservoirUnits")
        double matchConnectivity,
        @ParameterGroup OptimizerSettings optimizer,
        @Parameter(defaultValue = "false",
                description = "while learning, answer the exact signal ξ* (the network then learns as with the window) and "
                        + "train on it; false: answer the LSTM's own prediction, made before it sees ξ*")
        boolean teacherForced) {

    static final ParameterSet<LstmSettings> PARAMETERS = ParameterSet.of(LstmSettings.class);

    /** H for a layer memory with {@code inputs} inputs and {@code outputs} outputs. */
    int hiddenUnitsFor(int inputs, int outputs) {
        if (matchReservoirUnits <= 0) {
            return hiddenUnits;
        }
        long target = ParameterCount.reservoir(matchReservoirUnits, inputs, outputs, matchConnectivity);
        return ParameterCount.matchingHiddenUnits(target, inputs, outputs);
    }
}
