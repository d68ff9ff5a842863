package org.engram.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.engram.api.Checkpointable;
import org.engram.api.engine.EpochResult;
import org.engram.api.engine.InvalidTrialException;
import org.engram.api.engine.TrialCheckpoints;
import org.engram.api.engine.TrialFailedException;
import org.engram.api.engine.TrialProblem;
import org.engram.api.network.Layer;
import org.engram.api.rule.Learner;
import org.engram.numerics.network.FeedForwardNetwork;
import org.engram.numerics.network.SlidingWindow;
import org.engram.numerics.random.Permutations;
import org.engram.numerics.state.StateIo;

/**
 * A trial's epoch checkpoints: which parts hold state, writing them after each epoch and restoring them
 * instead of the epochs done. The engine's own parts are the network's weights and biases and the data order
 * (the window's stream position and the permutation; the shuffle generator is replayed, not saved, so a run
 * draws exactly the numbers it drew before checkpoints existed). The plugins' parts are the learner, each
 * memory the rule opened and each neuron layer that implements {@link Checkpointable}; a trial is checkpointed
 * only when the learner and every memory do.
 */
final class Checkpointer {

    /** Provenance entries that do not change a trial's numbers, so a checkpoint need not match them. */
    private static final Set<String> NOT_FINGERPRINTED = Set.of("trial", "epochs", "java", "os", "cpus", "threads", "start", "end");

    static final String NETWORK = "network";
    static final String DATA_ORDER = "data-order";
    static final String LEARNER = "learner";

    /**
     * One part of the trial that may hold state.
     *
     * @param block  its block name in the checkpoint
     * @param state  the part, or null when it does not implement Checkpointable
     * @param owner  the plugin that made it, named in faults
     * @param role   how messages name it, e.g. {@code the learner of rule ib-hebbian (...)}
     */
    record Part(String block, Checkpointable state, PluginRegistry.Entry owner, String role) {
    }

    private final ResolvedTrial trial;
    private final TrialCheckpoints store;
    private final Map<String, String> fingerprint;
    /** The epoch of the checkpoint the store holds of this trial, 0 if none. */
    private int keptEpoch;

    /** @param provenance the trial's provenance so far; its entries that determine the numbers are the fingerprint */
    Checkpointer(ResolvedTrial trial, TrialCheckpoints store, Map<String, String> provenance) {
        this.trial = trial;
        this.store = store;
        Map<String, String> f = new TreeMap<>(provenance);
        f.keySet().removeAll(NOT_FINGERPRINTED);
        this.fingerprint = f;
    }

    /** The fingerprint a checkpoint of this trial carries. */
    Map<String, String> fingerprint() {
        return fingerprint;
    }

    /**
     * The store's latest checkpoint, checked against this trial; empty when there is none.
     *
     * @throws InvalidTrialException the bytes are not a readable checkpoint, or one of another trial
     */
    Optional<TrialCheckpoint> latest() throws InvalidTrialException, TrialFailedException {
        Optional<byte[]> bytes;
        try {
            bytes = store.latest();
        } catch (IOException | RuntimeException e) {
            throw new TrialFailedException(name() + ": could not read its checkpoint: " + e
                    + ". Fix access to the trial's folder, or delete the checkpoint to run the trial from epoch 1", e);
        }
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        TrialCheckpoint checkpoint;
        try {
            checkpoint = TrialCheckpoint.decode(bytes.get());
        } catch (TrialCheckpoint.UnreadableException e) {
            throw invalid("its checkpoint cannot be used: " + e.getMessage() + ". Delete the checkpoint to run the "
                    + "trial from epoch 1");
        }
        List<String> differences = differences(checkpoint.fingerprint());
        if (!differences.isEmpty()) {
            throw invalid("its checkpoint (after epoch " + checkpoint.epoch() + ") was written by another trial: "
                    + String.join("; ", differences) + ". Delete the checkpoint to run this trial from epoch 1, or "
                    + "rerun the study that wrote it (same trial, seed, data and plugin bundles) to continue it");
        }
        if (checkpoint.epoch() < 1 || checkpoint.epoch() > trial.spec().epochs()
                || checkpoint.results().size() != checkpoint.epoch() + 1) {
            throw invalid("its checkpoint is after epoch " + checkpoint.epoch() + " with " + checkpoint.results().size()
                    + " epoch records, but the trial runs " + trial.spec().epochs() + " epochs; give the trial at least "
                    + checkpoint.epoch() + " epochs, or delete the checkpoint to run it from epoch 1");
        }
        keptEpoch = checkpoint.epoch();
        return Optional.of(checkpoint);
    }

    /** The epoch of the checkpoint the store holds of this trial (read at the start or saved since), 0 if none. */
    int keptEpoch() {
        return keptEpoch;
    }

    private List<String> differences(Map<String, String> saved) {
        List<String> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(saved.keySet());
        keys.addAll(fingerprint.keySet());
        for (String key : keys) {
            String then = saved.get(key);
            String now = fingerprint.get(key);
            if (then == null) {
                out.add(key + " is " + now + " now, and absent from the checkpoint");
            } else if (now == null) {
                out.add(key + " was " + then + " in the checkpoint, and is absent now");
            } else if (!then.equals(now)) {
                out.add(key + " was " + then + " in the checkpoint, is " + now + " now");
            }
        }
        return out;
    }

    /** The learner, each memory in the order the rule opened them, each neuron layer that implements Checkpointable. */
    List<Part> parts(Learner learner, List<CheckedMemory> memories, FeedForwardNetwork network) {
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(LEARNER, learner instanceof Checkpointable c ? c : null, trial.rule(),
                "the learner of rule " + trial.rule().describe()));
        for (int i = 0; i < memories.size(); i++) {
            CheckedMemory m = memories.get(i);
            parts.add(new Part("memory/" + i, m.delegate() instanceof Checkpointable c ? c : null, m.plugin(),
                    "memory " + m.plugin().describe()));
        }
        for (int l = 0; l < network.layerCount(); l++) {
            if (network.layer(l).neurons() instanceof Checkpointable c) {
                PluginRegistry.Entry neuron = trial.neurons().get(l);
                parts.add(new Part("neuron/" + l, c, neuron, "the units of layer " + l + " (neuron " + neuron.describe() + ")"));
            }
        }
        return parts;
    }

    /** The parts that keep the trial from being checkpointed (the learner, memories), as messages name them. */
    static Set<String> notCheckpointable(List<Part> parts) {
        Set<String> missing = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p.state() == null) {
                missing.add(p.block().equals(LEARNER) ? "learner of rule " + p.owner().describe()
                        : "memory " + p.owner().describe());
            }
        }
        return missing;
    }

    /** The provenance entry {@code checkpoints}: {@code per epoch}, or why none are kept. */
    static String describe(List<Part> parts) {
        Set<String> missing = notCheckpointable(parts);
        if (missing.isEmpty()) {
            return "per epoch";
        }
        return "none (" + String.join(" / ", missing) + (missing.size() == 1 ? " does" : " do")
                + " not implement Checkpointable): an interrupted trial restarts from epoch 1";
    }

    /**
     * After an epoch: has every checkpointable part write its state (always, so a part that reseeds its
     * generators draws the same numbers whether or not the checkpoint is kept), then, when the trial is
     * checkpointable, keeps the whole in the store.
     */
    void save(int epoch, List<EpochResult> epochs, FeedForwardNetwork network, SlidingWindow window, int[] permutation,
            List<Part> parts) throws TrialFailedException {
        Map<String, byte[]> blocks = new LinkedHashMap<>();
        boolean complete = true;
        for (Part p : parts) {
            if (p.state() == null) {
                complete = false;
                continue;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                DataOutputStream out = new DataOutputStream(bytes);
                p.state().writeState(out);
                out.flush();
            } catch (IOException | RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                throw TrialRunner.pluginFault(trial, p.owner(), "while writing the state of " + p.role()
                        + " after epoch " + epoch, e);
            }
            blocks.put(p.block(), bytes.toByteArray());
        }
        if (!complete) {
            return;
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put(NETWORK, networkState(network));
        all.put(DATA_ORDER, orderState(window, permutation));
        all.putAll(blocks);
        byte[] checkpoint = new TrialCheckpoint(fingerprint, epoch, epochs, all).encode();
        try {
            store.save(epoch, checkpoint);
            if (store != TrialCheckpoints.NONE) {
                keptEpoch = epoch;
            }
        } catch (IOException | RuntimeException e) {
            throw new TrialFailedException(name() + ": could not keep its checkpoint after epoch " + epoch + ": " + e
                    + ". The trial stops rather than run on without one; the checkpoint kept last stands: fix the "
                    + "trial's folder (space, permissions) and run the trial again to continue from there", e);
        }
    }

    /**
     * Puts the trial where the checkpoint left it: weights and biases, stream position, data order (the shuffle
     * generator replayed through the epochs done), then each part's own state.
     */
    void restore(TrialCheckpoint checkpoint, FeedForwardNetwork network, SlidingWindow window, int[] permutation,
            SplittableRandom order, List<Part> parts) throws InvalidTrialException, TrialFailedException {
        List<String> expected = new ArrayList<>(List.of(NETWORK, DATA_ORDER));
        parts.forEach(p -> expected.add(p.block()));
        List<String> found = List.copyOf(checkpoint.parts().keySet());
        if (!found.equals(expected)) {
            throw invalid("its checkpoint holds the parts " + found + " but this trial has " + expected
                    + "; delete the checkpoint to run the trial from epoch 1");
        }
        try {
            DataInputStream in = reader(checkpoint.parts().get(NETWORK));
            int layers = in.readInt();
            if (layers != network.layerCount()) {
                throw new IOException("it has " + layers + " layers, this trial " + network.layerCount());
            }
            for (int l = 0; l < layers; l++) {
                Layer layer = network.layer(l);
                StateIo.readDoubles(in, layer.weights(), "the weights of layer " + l);
                StateIo.readDoubles(in, layer.bias(), "the biases of layer " + l);
            }
            requireEnd(in);
        } catch (IOException e) {
            throw invalid("the network in its checkpoint does not fit: " + message(e) + "; delete the checkpoint to run "
                    + "the trial from epoch 1");
        }
        try {
            DataInputStream in = reader(checkpoint.parts().get(DATA_ORDER));
            long step = in.readLong();
            int[] saved = new int[permutation.length];
            StateIo.readInts(in, saved, "the data order");
            requireEnd(in);
            for (int e = 1; e <= checkpoint.epoch(); e++) {
                Permutations.shuffle(permutation, order);
            }
            if (!java.util.Arrays.equals(saved, permutation)) {
                throw new IOException("the saved order of the training samples is not the one the trial's seed gives");
            }
            window.resumeAfter(step);
        } catch (IOException | IllegalArgumentException e) {
            throw invalid("the data order in its checkpoint does not fit: " + message(e)
                    + "; delete the checkpoint to run the trial from epoch 1");
        }
        for (Part p : parts) {
            byte[] block = checkpoint.parts().get(p.block());
            DataInputStream in = reader(block);
            String where = "while restoring the state of " + p.role() + " from the checkpoint after epoch "
                    + checkpoint.epoch();
            try {
                p.state().readState(in);
            } catch (EOFException e) {
                throw stateMismatch(p, where, "its readState read past the " + block.length + " bytes its writeState wrote", e);
            } catch (IOException | RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                throw stateMismatch(p, where, e.toString(), e);
            }
            if (availableOf(in) != 0) {
                throw stateMismatch(p, where, "its readState left " + availableOf(in) + " of the " + block.length
                        + " bytes its writeState wrote unread", null);
            }
        }
    }

    private TrialFailedException stateMismatch(Part p, String where, String what, Throwable cause) {
        return new TrialFailedException(name() + ": " + p.owner().kind().word() + " " + p.owner().describe() + " failed "
                + where + ": " + what + ". Its writeState and readState disagree, a fault in that plugin: report it to "
                + "its author, and delete the checkpoint to run the trial from epoch 1", cause);
    }

    private static byte[] networkState(FeedForwardNetwork network) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(network.layerCount());
            for (int l = 0; l < network.layerCount(); l++) {
                StateIo.writeDoubles(out, network.layer(l).weights());
                StateIo.writeDoubles(out, network.layer(l).bias());
            }
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] orderState(SlidingWindow window, int[] permutation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(window.step());
            StateIo.writeInts(out, permutation);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream reader(byte[] block) {
        return new DataInputStream(new ByteArrayInputStream(block));
    }

    private static void requireEnd(DataInputStream in) throws IOException {
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes follow it");
        }
    }

    private static int availableOf(DataInputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String message(Exception e) {
        return e instanceof EOFException ? "it ends early" : e.getMessage();
    }

    private String name() {
        return "trial '" + trial.spec().name() + "'";
    }

    private InvalidTrialException invalid(String problem) {
        return new InvalidTrialException(trial.spec().name(), List.of(new TrialProblem(TrialProblem.Kind.CHECKPOINT, null, null,
                TrialProblem.NO_LAYER, null, problem)));
    }
}
