package org.engram.neuron.leaky;

import java.util.List;
import java.util.SplittableRandom;
import org.engram.api.EngramNeuron;
import org.engram.api.neuron.NeuronLayer;
import org.engram.api.neuron.NeuronModel;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
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

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "RELU_LAYERNORM",
                    description = "output of the updated membrane u': RELU_LAYERNORM = LN(ReLU(u')) for hidden layers, "
                            + "NONE = u' itself for the output (logit) layer")
            LeakyActivation activation,
            @Parameter(defaultValue = "5e-3", min = 0.0,
                    description = "membrane time constant (s); 5 ms is the toy config's value (the model default in the code is 10 ms)")
            double tau,
            @Parameter(defaultValue = "1e-3", min = 0.0,
                    description = "Euler time step (s); must be > 0 and <= tau")
            double dt,
            @Parameter(defaultValue = "20", min = 1,
                    description = "time steps each sample is held for (steps; 20 x 1 ms = 20 ms)")
            int steps,
            @Parameter(defaultValue = "10", min = 1,
                    description = "last steps of a sample whose logits evaluation averages (steps); at most 'steps'")
            int readoutSteps,
            @Parameter(defaultValue = "1e-6", min = 0.0,
                    description = "LayerNorm's variance offset inside the square root (units of activity squared); must be > 0")
            double epsilon) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "leaky integrator stepped by Euler (the Frontiers toy 'LIF' cell, no spikes), LN(ReLU(u)) or u as output";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        double tau = settings.tau();
        double dt = settings.dt();
        int steps = settings.steps();
        int readoutSteps = settings.readoutSteps();
        double epsilon = settings.epsilon();
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
        return new LeakyLayer(size, dt / tau, settings.activation(), epsilon, steps, readoutSteps);
    }
}
