package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.engram.api.data.SampleSet;
import org.engram.api.network.Network;
import org.engram.api.network.Window;
import org.engram.api.param.Parameters;
import org.engram.api.rule.Learner;
import org.junit.jupiter.api.Test;

class TestTrainerTest {

    /** Records what the engine's loop shows it: the window's length and epoch at each call, and epoch ends. */
    private static final class Recorder implements Learner {
        final int length;
        final int stride;
        final List<String> calls = new ArrayList<>();

        Recorder(int length, int stride) {
            this.length = length;
            this.stride = stride;
        }

        @Override
        public int windowLength() {
            return length;
        }

        @Override
        public int stride() {
            return stride;
        }

        @Override
        public void learn(Window window) {
            calls.add("learn " + window.length() + " @" + window.epoch());
        }

        @Override
        public void endEpoch(int epoch) {
            calls.add("end " + epoch);
        }
    }

    @Test
    void learnRunsOnceTheWindowIsFullThenEveryStrideAndEndEpochCloses() {
        SampleSet samples = TestSamples.blobs(3, 4, 10, 1);
        Recorder recorder = new Recorder(3, 2);

        long calls = TestTrainer.train(recorder, TestNetworks.small(4, 3, 1), samples, 2, 7);

        // samples 3..10 fill the window; with stride 2 the 4th, 6th, 8th and 10th sample trigger learn
        List<String> epoch = List.of("learn 3", "learn 3", "learn 3", "learn 3");
        List<String> expected = new ArrayList<>();
        for (int e = 1; e <= 2; e++) {
            for (String call : epoch) {
                expected.add(call + " @" + e);
            }
            expected.add("end " + e);
        }
        assertEquals(expected, recorder.calls);
        assertEquals(8, calls);
    }

    @Test
    void theSampleRuleFitsSeparableBlobs() {
        SampleSet train = TestSamples.blobs(3, 4, 300, 11);
        Network network = TestNetworks.small(4, 3, 5);
        SampleRule rule = new SampleRule();
        Learner learner = rule.create(network, Parameters.defaults(rule.parameters()), new TestTrialContext(5));

        double before = TestTrainer.accuracy(network, train);
        TestTrainer.train(learner, network, train, 5, 5);
        double after = TestTrainer.accuracy(network, train);

        assertTrue(after > 0.9 && after > before, "accuracy " + before + " -> " + after);
    }
}
