package org.engram.neuron.lif;

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
 * A true spiking leaky integrate-and-fire neuron (not in the paper, whose "LIF" is the leaky
 * integrator of the {@code leaky} model). Per row and unit, one Euler step of length dt:
 *
 * <pre>
 * v' = v + (dt/τm) (−(v − v_rest) + R h)
 * S  = 1[v' ≥ θ];   if S: v ← v_reset and the unit is refractory for round(refractory/dt) steps
 * x  ← e^{−dt/τs} x + S                 (synaptic trace: +1 per spike, decays with τs)
 * z  = x (readout TRACE) or S (readout SPIKES)
 * </pre>
 *
 * While refractory, v stays at v_reset, the drive is ignored and no spike is emitted. State starts
 * at rest (v = v_rest, x = 0, not refractory), is carried from call to call, and returns to rest on
 * {@code reset()} or a change of row count. The membrane potential is dimensionless: with the
 * defaults, rest and reset are 0 and the threshold is 1.
 *
 * <p><b>Surrogate VJP.</b> The spike is a step function of v', so its derivative is replaced by the
 * fast-sigmoid surrogate of SuperSpike (Zenke &amp; Ganguli 2018),
 * {@code ∂S/∂v' ≈ 1 / (1 + β |v' − θ|)²}, evaluated at the stepped membrane before any reset. It is
 * chained through one Euler step with the carried v held constant ({@code ∂v'/∂h = (dt/τm) R}) and
 * through the trace's one-step dependence on the spike ({@code ∂x/∂S = 1}), so for both readouts
 *
 * <pre>
 * ∂z/∂h ≈ (dt/τm) R / (1 + β |v' − θ|)²,   and 0 on a refractory step.
 * </pre>
 *
 * <p><b>Through time.</b> The layer is {@link org.engram.api.neuron.Unrollable}: a rule can record a presentation
 * and back-propagate through its steps (BPTT), through the membrane's leak {@code ∂v'/∂v = 1 − dt/τm}, the trace's
 * decay {@code ∂x'/∂x = e^{−dt/τs}} and the same surrogate at every step. The reset is detached, as in SpyTorch
 * and snnTorch (a spike clamps the membrane, so nothing flows back through a reset or a refractory step), and the
 * refractory counter is discrete. {@code LifNeuronTest} checks it against finite differences of a smooth stand-in.
 *
 * <p>The defaults (τm = 5 ms, τs = 10 ms, R = 5, refractory 1 ms) make a 784-128-64-10 network with inputs
 * in [−1, 1] and LeCun-normal weights fire at about 100-200 Hz per hidden layer within a 20 ms
 * presentation (3.3 spikes per unit per MNIST image in the first layer, 54 % of units silent per image; see
 * docs/reproduction.md, "Spiking MNIST"). Refractory 1 ms instead of 2 ms and τs = 10 ms instead of 5 ms are what the
 * IB-Hebbian measurements of issue 15 favoured: a finer rate code in 20 steps and a smoother trace. The layer's
 * generator is not used: the dynamics are deterministic.
 */
@Component(service = NeuronModel.class)
@EngramNeuron("lif")
public final class LifNeuron implements NeuronModel {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "5e-3", min = 0.0,
                    description = "membrane time constant tau_m (s)")
            double tauM,
            @Parameter(defaultValue = "10e-3", min = 0.0,
                    description = "decay time constant tau_s of the synaptic trace (s); must be > 0")
            double tauS,
            @Parameter(defaultValue = "1e-3", min = 0.0,
                    description = "Euler time step (s); must be > 0 and <= tauM")
            double dt,
            @Parameter(defaultValue = "5.0", min = 0.0,
                    description = "membrane resistance R: membrane potential per unit of drive (potential units per drive unit)")
            double resistance,
            @Parameter(defaultValue = "0.0",
                    description = "resting potential v_rest, the leak's target and the start state (potential units)")
            double vRest,
            @Parameter(defaultValue = "0.0",
                    description = "potential after a spike and during the refractory period (potential units); below threshold")
            double vReset,
            @Parameter(defaultValue = "1.0",
                    description = "firing threshold theta (potential units)")
            double threshold,
            @Parameter(defaultValue = "1e-3", min = 0.0,
                    description = "refractory period after a spike (s), rounded to whole steps of dt")
            double refractory,
            @Parameter(defaultValue = "10.0", min = 0.0,
                    description = "steepness of the fast-sigmoid surrogate 1/(1 + beta |v - theta|)^2 (per potential unit); "
                            + "shapes the gradient only: 10 suits ib-hebbian, back-propagation through time learns best near 0.5")
            double beta,
            @Parameter(defaultValue = "TRACE",
                    description = "what the layer outputs each step: TRACE = the synaptic trace (rate-like), SPIKES = the 0/1 spikes")
            LifReadout readout,
            @Parameter(defaultValue = "20", min = 1,
                    description = "time steps each sample is held for (steps; 20 x 1 ms = 20 ms)")
            int steps,
            @Parameter(defaultValue = "10", min = 1,
                    description = "last steps of a sample whose outputs evaluation averages (steps); at most 'steps'")
            int readoutSteps) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "spiking leaky integrate-and-fire unit (threshold, reset, refractory period, synaptic trace) with a fast-sigmoid surrogate VJP";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public NeuronLayer create(int size, Parameters parameters, SplittableRandom random) {
        return createLayer(size, parameters, false);
    }

    /**
     * @param smoothStandIn only for the gradient check: the trace receives a smooth stand-in of the spike whose
     *                      derivative is the surrogate (see {@link LifLayer})
     */
    static LifLayer createLayer(int size, Parameters parameters, boolean smoothStandIn) {
        Settings settings = Settings.PARAMETERS.read(parameters);
        double tauM = settings.tauM();
        double tauS = settings.tauS();
        double dt = settings.dt();
        double resetPotential = settings.vReset();
        double threshold = settings.threshold();
        int steps = settings.steps();
        int readoutSteps = settings.readoutSteps();
        if (!(tauM > 0.0) || !(dt > 0.0) || dt > tauM) {
            // dt/tau_m > 1 overshoots the leak each step (oscillation, and instability beyond 2)
            throw new IllegalArgumentException("lif neuron needs 0 < dt <= tauM, got dt = " + dt + " s, tauM = " + tauM + " s");
        }
        if (!(tauS > 0.0)) {
            throw new IllegalArgumentException("parameter 'tauS' must be > 0, got " + tauS);
        }
        if (!(resetPotential < threshold)) {
            throw new IllegalArgumentException("parameter 'vReset' (" + resetPotential + ") must be below 'threshold' (" + threshold + ")");
        }
        if (readoutSteps > steps) {
            throw new IllegalArgumentException("parameter 'readoutSteps' (" + readoutSteps + ") cannot exceed 'steps' (" + steps + ")");
        }
        int refractorySteps = Math.toIntExact(Math.round(settings.refractory() / dt));
        return new LifLayer(size, dt / tauM, settings.resistance(), settings.vRest(), resetPotential,
                threshold, refractorySteps, Math.exp(-dt / tauS), settings.beta(),
                settings.readout(), steps, readoutSteps, smoothStandIn);
    }
}
