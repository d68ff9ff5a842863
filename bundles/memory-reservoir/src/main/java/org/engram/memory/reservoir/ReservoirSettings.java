package org.engram.memory.reservoir;

import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterSet;

/**
 * The reservoir's resolved parameters. Defaults are the Frontiers reservoir experiment (spec §3.2,
 * {@code train-reservoir.yaml}) except the recurrent connection probability, which takes the intended
 * 0.1 rather than the released code's 0.9 (spec §8 Q5).
 *
 * @param units           N_h, hidden units
 * @param tau             τ_r in seconds
 * @param dt              Euler step Δt in seconds
 * @param gain            λ, the recurrent strength
 * @param connectivity    probability that a recurrent connection exists
 * @param hiddenNoise     a_h, half-width of the uniform noise added to the rates
 * @param outputNoise     a_o, half-width of the uniform noise added to the readout
 * @param steps           T_s, Euler steps per signal request
 * @param averageSteps    the signal is the mean readout over this many final steps
 * @param readout         the readout rule
 * @param readoutRate     η_r of LMS
 * @param hebbianRate     η0 of RMHEBB
 * @param averagingTime   τ_avg of RMHEBB in seconds
 * @param decayTime       T_d of RMHEBB in seconds
 * @param pretrainSamples samples during which the memory returns the exact signal while its readout learns
 * @param inputScaling    a, the half-width of W_in ~ U(−a, a)
 * @param ridge           α of the RIDGE readout, relative to the mean diagonal of Φᵀ Φ
 * @param readoutSample   whether the RIDGE readout also reads the current sample s = [x; y; z]
 */
record ReservoirSettings(
        @Parameter(defaultValue = "2000", min = 1, max = 100_000,
                description = "N_h, number of hidden rate units per reservoir (one reservoir per hidden layer)")
        int units,
        @Parameter(defaultValue = "5e-3", min = 1e-9,
                description = "τ_r, time constant of the hidden units, in seconds")
        double tau,
        @Parameter(defaultValue = "1e-3", min = 1e-9,
                description = "Δt, Euler step, in seconds")
        double dt,
        @Parameter(defaultValue = "1.2", min = 0.0,
                description = "λ, recurrent strength (dimensionless) multiplying W_rec")
        double gain,
        @Parameter(defaultValue = "0.1", min = 0.0, max = 1.0,
                description = "probability of each recurrent connection; 0.1 is the intended value (effective gain λ), "
                        + "0.9 the released Frontiers code's (effective gain 3λ); the weight variance stays 1/(0.1·N_h)")
        double connectivity,
        @Parameter(defaultValue = "0.0", min = 0.0,
                description = "a_h, half-width of the uniform noise added to each rate tanh(u) every step (rate units)")
        double hiddenNoise,
        @Parameter(defaultValue = "0.0", min = 0.0,
                description = "a_o, half-width of the uniform noise added to each readout every step (signal units); "
                        + "RMHEBB explores with it, so give it a positive value there")
        double outputNoise,
        @Parameter(defaultValue = "20", min = 1, max = 1_000_000,
                description = "T_s, Euler steps (of Δt each) run per signal request, i.e. per sample for a rate network; "
                        + "use 1 with a network that itself runs several time steps per sample")
        int steps,
        @Parameter(defaultValue = "1", min = 1, max = 1_000_000,
                description = "the signal is the readout averaged over this many final steps of the request (1: the last step's)")
        int averageSteps,
        @Parameter(defaultValue = "LMS",
                description = "readout learning rule: LMS (Frontiers delta rule), RMHEBB (v1 reward-modulated Hebbian) or RIDGE "
                        + "(teacher-forced while learning, ridge regression over everything learned when frozen)")
        Readout readout,
        @Parameter(defaultValue = "5e-4", min = 0.0,
                description = "η_r, LMS learning rate per Euler step (dimensionless)")
        double readoutRate,
        @Parameter(defaultValue = "1e-4", min = 0.0,
                description = "η0, RMHEBB learning rate per Euler step before decay")
        double hebbianRate,
        @Parameter(defaultValue = "5e-3", min = 1e-9,
                description = "τ_avg, RMHEBB time constant of the running means of performance and readout, in seconds")
        double averagingTime,
        @Parameter(defaultValue = "20.0", min = 1e-9,
                description = "T_d, RMHEBB learning-rate decay η0/(1 + t/T_d) over the readout's learning time t, in seconds")
        double decayTime,
        @Parameter(defaultValue = "0", min = 0,
                description = "samples (distinct stream positions) during which the memory returns the exact signal while its "
                        + "readout learns, Engram's form of the v1 reservoir pre-training phase; 0: none")
        long pretrainSamples,
        @Parameter(defaultValue = "1.0", min = 0.0,
                description = "a, half-width of the input weights W_in ~ U(−a, a); with an MNIST-sized input a = 1 saturates "
                        + "every unit, a small a leaves room for the past")
        double inputScaling,
        @Parameter(defaultValue = "" + DEFAULT_RIDGE, min = 0.0,
                description = "α, the RIDGE readout's penalty relative to the mean squared feature: "
                        + "W = ΞᵀΦ (ΦᵀΦ + α·tr(ΦᵀΦ)/m·I)⁻¹")
        double ridge,
        @Parameter(defaultValue = "false",
                description = "whether the RIDGE readout also reads the current sample s = [x; y; z] beside the rates (what the "
                        + "signal depends on most); needs readout RIDGE")
        boolean readoutSample) {

    static final ParameterSet<ReservoirSettings> PARAMETERS = ParameterSet.of(ReservoirSettings.class);

    /** The settings before input scaling and the RIDGE readout: W_in ~ U(−1, 1). */
    ReservoirSettings(int units, double tau, double dt, double gain, double connectivity, double hiddenNoise,
            double outputNoise, int steps, int averageSteps, Readout readout, double readoutRate, double hebbianRate,
            double averagingTime, double decayTime, long pretrainSamples) {
        this(units, tau, dt, gain, connectivity, hiddenNoise, outputNoise, steps, averageSteps, readout, readoutRate,
                hebbianRate, averagingTime, decayTime, pretrainSamples, 1.0, DEFAULT_RIDGE, false);
    }

    /**
     * The recurrent weights' variance is 1/(0.1·N_h) whatever the connectivity, as in both the v1 and the
     * Frontiers code (spec §3.2): at 0.1 the effective gain is λ, at the released 0.9 it is λ·√9 = 3.6.
     */
    static final double VARIANCE_CONNECTIVITY = 0.1;
    static final double DEFAULT_RIDGE = 1e-4;

    ReservoirSettings {
        if (averageSteps > steps) {
            throw new IllegalArgumentException("averageSteps (" + averageSteps + ") cannot exceed steps (" + steps + ")");
        }
        if (dt > tau) {
            throw new IllegalArgumentException("dt (" + dt + " s) must not exceed tau (" + tau
                    + " s): the Euler step would overshoot the leak");
        }
        if (readoutSample && readout != Readout.RIDGE) {
            throw new IllegalArgumentException("readoutSample needs readout RIDGE: the LMS and RMHEBB readouts read the "
                    + "reservoir's rates only; set readout: RIDGE or remove readoutSample");
        }
        if (readout == Readout.RMHEBB && dt > averagingTime) {
            throw new IllegalArgumentException("dt (" + dt + " s) must not exceed averagingTime (" + averagingTime + " s)");
        }
    }
}
