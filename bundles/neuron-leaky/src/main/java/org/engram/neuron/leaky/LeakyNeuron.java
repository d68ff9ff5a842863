package org.engram.neuron.leaky;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramNeuron;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * The Frontiers toy network's "LIF" cell (spec §1.2c): a leaky integrator without threshold, spike
 * or reset. Per row and unit, {@code u' = u + (dt/τ)(h − u)}; the output is {@code z = LN(ReLU(u'))}
 * for hidden layers or {@code z = u'} for the output layer; then {@code u ← u'}. The state starts at
 * 0, is carried from call to call and is zeroed by {@code reset()} or a change of row count.
 *
 * <p>VJP (spec §2.6): one Euler step with the carried {@code u} held constant,
 * {@code ∂z/∂h = (dt/τ) J_f(u')}, so gradients carry the factor {@code dt/τ} (0.2 by default).
 */
@Component(service = NeuronModel.class)
@EngramNeuron("leaky")
public final class LeakyNeuron implements NeuronModel {

    static final String ACTIVATION = "activation";
    static final String TAU = "tau";
    static final String DT = "dt";
    static final String STEPS = "steps";
    static final String READOUT_STEPS = "readoutSteps";
    static final String EPSILON = "epsilon";

    private static final List<ParameterDescriptor> PARAMETERS = List.of(
            ParameterDescriptor.choice(ACTIVATION, LeakyActivation.RELU_LAYERNORM,
                    "output of the updated membrane u': RELU_LAYERNORM = LN(ReLU(u')) for hidden layers, "
                            + "NONE = u' itself for the output (logit) layer"),
            ParameterDescriptor.real(TAU, 5e-3, 0.0, null,
                    "membrane time constant (s); 5 ms is the toy config's value (the model default in the code is 10 ms)"),
            ParameterDescriptor.real(DT, 1e-3, 0.0, null, "Euler time step (s); must be > 0 and <= tau"),
            ParameterDescriptor.integer(STEPS, 20, 1L, null, "time steps each sample is held for (steps; 20 x 1 ms = 20 ms)"),
            ParameterDescriptor.integer(READOUT_STEPS, 10, 1L, null,
                    "last steps of a sample whose logits evaluation averages (steps); at most 'steps'"),
            ParameterDescriptor.real(EPSILON, 1e-6, 0.0, null,
                    "LayerNorm's variance offset inside the square root (units of activity squared); must be > 0"));

    @Override
    public String description() {
        return "leaky integrator stepped by Euler (the Frontiers toy 'LIF' cell, no spikes), LN(ReLU(u)) or u as output";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return PARAMETERS;
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        double tau = parameters.getDouble(TAU);
        double dt = parameters.getDouble(DT);
        int steps = parameters.getInt(STEPS);
        int readoutSteps = parameters.getInt(READOUT_STEPS);
        double epsilon = parameters.getDouble(EPSILON);
        if (!(tau > 0.0) || !(dt > 0.0) || dt > tau) {
            // dt/tau > 1 overshoots the drive each step (oscillation, and instability beyond 2)
            throw new IllegalArgumentException("leaky neuron needs 0 < dt <= tau, got dt = " + dt + " s, tau = " + tau + " s");
        }
        if (readoutSteps > steps) {
            throw new IllegalArgumentException("parameter 'readoutSteps' (" + readoutSteps + ") cannot exceed 'steps' (" + steps + ")");
        }
        if (!(epsilon > 0.0)) {
            throw new IllegalArgumentException("parameter 'epsilon' must be > 0 (a silent row has zero variance), got " + epsilon);
        }
        return new LeakyLayer(size, dt / tau, parameters.getEnum(ACTIVATION, LeakyActivation.class), epsilon, steps, readoutSteps);
    }
}
