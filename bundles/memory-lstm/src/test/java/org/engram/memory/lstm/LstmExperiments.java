package org.engram.memory.lstm;

import static org.engram.testkit.TestTrialContext.Seeding.LEGACY_1000003;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.engram.api.memory.MemoryTask;
import org.engram.api.param.Parameters;
import org.engram.testkit.SignalStream;
import org.engram.testkit.TestMemoryTasks;
import org.engram.testkit.TestTrialContext;

/**
 * The reservoir experiment E1 (spec §3.4) with the gated memory in the reservoir's place, not a unit test:
 * the first 100 MNIST test images (from {@code <repo>/data/mnist} when present, else random inputs) with
 * random z ~ U[0,1)^10, target ξ of variant F with γ = 2 and σ = 0.5, window N, one LSTM step per sample.
 * Same stream and scores as the reservoir driver. Run from the module folder after {@code mvn install}:
 *
 * <pre>
 *   java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.engram.memory.lstm.LstmExperiments \
 *       [--epochs 10,100] [--windows 2,4,8,10,16,32] [--hidden 64] [--matchReservoirUnits 0]
 * </pre>
 */
public final class LstmExperiments {
    private static final int SAMPLES = 100;
    private static final int ACTIVITY = 10;
    private static final long SEED = 42;

    private LstmExperiments() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        SignalStream.Samples samples = SignalStream.Samples.mnistTestImagesOrRandom(
                Path.of(options.getOrDefault("data", "../../data/mnist")), SAMPLES, ACTIVITY, new SplittableRandom(SEED));
        int hidden = Integer.parseInt(options.getOrDefault("hidden", "64"));
        int match = Integer.parseInt(options.getOrDefault("matchReservoirUnits", "0"));
        System.out.println("NMSE = sum |o - xi*|^2 / sum |xi* - mean xi*|^2; tracking: while learning; frozen: 2 evaluation "
                + "epochs with learning off");
        for (String e : options.getOrDefault("epochs", "10,100").split(",")) {
            int epochs = Integer.parseInt(e);
            for (String w : options.getOrDefault("windows", "2,4,8,10,16,32").split(",")) {
                int window = Integer.parseInt(w);
                LstmMemory plugin = new LstmMemory();
                Parameters p = Parameters.resolve("memory 'lstm'", plugin.parameters(),
                        Map.of("hiddenUnits", hidden, "matchReservoirUnits", match));
                MemoryTask task = TestMemoryTasks.frontiersExperiment(window, ACTIVITY);
                LstmTrial memory = (LstmTrial) plugin.create(task, p, new TestTrialContext(SEED, LEGACY_1000003));
                SignalStream.Result r = SignalStream.run(memory, task, samples, epochs, 2, new SplittableRandom(SEED));
                System.out.printf(Locale.ROOT, "lstm  H %d (%d parameters)  N %2d  epochs %3d  tracking %.4f  frozen %.4f  (%.1f s)%n",
                        memory.network(0).hidden(), memory.network(0).parameters().length, window, epochs,
                        r.trainNmse()[epochs - 1], r.evalNmse(), r.seconds());
            }
        }
    }

}
