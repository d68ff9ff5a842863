package org.engram.testkit;

import org.engram.api.EngramMemory;
import org.engram.api.memory.WorkingMemory;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.annotations.Component;

/** The memory suite against memories that each break one promise: it must fail exactly the checks for that promise. */
class WorkingMemoryContractTest {

    @Test
    void aWellBehavedMemoryPassesEveryCheck() {
        SuiteRunner.assertFailures(SampleMemoryContractTest.class);
    }

    @Test
    void aCheckpointWithoutTheAveragesFailsTheRoundTripCheck() {
        SuiteRunner.assertFailures(Forgetful.class, "checkpointRoundTripIsBitIdentical");
    }

    @Test
    void aMemoryThatIsNotAComponentFailsTheRegistrationCheck() {
        SuiteRunner.assertFailures(Unregistered.class, "isAComponentThatProvidesWorkingMemoryUnderItsName");
    }

    @Test
    void aSignalWithUnwrittenUnitsFailsTheFiniteCheck() {
        SuiteRunner.assertFailures(Partial.class, "signalFillsEveryUnitWithAFiniteValueWhileLearningAndFrozen");
    }

    @Test
    void writingIntoTheActivityFailsTheReadOnlyCheck() {
        SuiteRunner.assertFailures(ActivityWriting.class, "signalOnlyReadsTheWindowAndTheActivity");
    }

    @Test
    void stateInThePluginServiceFailsTheSeedAndSharedStateChecks() {
        SuiteRunner.assertFailures(SharedState.class, "sameSeedGivesTheSameSignals", "memoriesOfOnePluginShareNoState");
    }

    @Test
    void allocatingInSignalFailsTheAllocationCheck() {
        SuiteRunner.assertFailures(Allocating.class, "signalDoesNotAllocateOnceWarmedUp");
    }

    // ---- the broken memories ----

    public static final class UnregisteredMemory extends EmaMemory {
    }

    @Component(service = WorkingMemory.class)
    @EngramMemory("partial")
    public static final class PartialMemory extends EmaMemory {
        @Override
        int written(int size) {
            return size - 1;
        }
    }

    @Component(service = WorkingMemory.class)
    @EngramMemory("activity-writing")
    public static final class ActivityWritingMemory extends EmaMemory {
        @Override
        void afterSignal(double[] activity, double[] out) {
            activity[0] = out[0];
        }
    }

    /** Keeps the average in the service object: every trial's memory adds to the same numbers. */
    @Component(service = WorkingMemory.class)
    @EngramMemory("shared-state")
    public static final class SharedStateMemory extends EmaMemory {
        private final double[][] shared = new double[8][64];

        @Override
        double[] average(Ema memory, int layer) {
            return shared[layer];
        }
    }

    @Component(service = WorkingMemory.class)
    @EngramMemory("allocating")
    public static final class AllocatingMemory extends EmaMemory {
        volatile Object garbage;

        @Override
        void afterSignal(double[] activity, double[] out) {
            garbage = out.clone();
        }
    }

    /** Checkpointable, but saves only the first layer's average. */
    @Component(service = WorkingMemory.class)
    @EngramMemory("forgetful")
    public static final class ForgetfulMemory extends EmaMemory {
        @Override
        boolean checkpointable() {
            return true;
        }

        @Override
        void save(Ema memory, java.io.DataOutput out) throws java.io.IOException {
            for (double v : memory.averages[0]) {
                out.writeDouble(v);
            }
        }

        @Override
        void load(Ema memory, java.io.DataInput in) throws java.io.IOException {
            for (int j = 0; j < memory.averages[0].length; j++) {
                memory.averages[0][j] = in.readDouble();
            }
        }
    }

    static final class Forgetful extends WorkingMemoryContract {
        @Override
        protected WorkingMemory memory() {
            return new ForgetfulMemory();
        }
    }

    static final class Unregistered extends WorkingMemoryContract {
        @Override
        protected WorkingMemory memory() {
            return new UnregisteredMemory();
        }
    }

    static final class Partial extends WorkingMemoryContract {
        @Override
        protected WorkingMemory memory() {
            return new PartialMemory();
        }
    }

    static final class ActivityWriting extends WorkingMemoryContract {
        @Override
        protected WorkingMemory memory() {
            return new ActivityWritingMemory();
        }
    }

    static final class SharedState extends WorkingMemoryContract {
        @Override
        protected WorkingMemory memory() {
            return new SharedStateMemory();
        }
    }

    static final class Allocating extends WorkingMemoryContract {
        @Override
        protected WorkingMemory memory() {
            return new AllocatingMemory();
        }
    }
}
