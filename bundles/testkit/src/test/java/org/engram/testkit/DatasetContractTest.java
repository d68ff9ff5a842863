package org.engram.testkit;

import org.engram.api.EngramDataset;
import org.engram.api.data.Dataset;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.annotations.Component;

/** The dataset suite against datasets that each break one promise: it must fail exactly the check for that promise. */
class DatasetContractTest {

    @Test
    void aWellBehavedDatasetPassesEveryCheck() {
        SuiteRunner.assertFailures(SampleDatasetContractTest.class);
    }

    @Test
    void aDatasetThatIsNotAComponentFailsTheRegistrationCheck() {
        SuiteRunner.assertFailures(Unregistered.class, "isAComponentThatProvidesDatasetUnderItsName");
    }

    @Test
    void aHashThatIsNotSha256FailsTheShapeCheck() {
        SuiteRunner.assertFailures(Unhashed.class, "loadsTwoSplitsOfOneShapeWithAnIdAndAHash");
    }

    @Test
    void aLabelOutsideTheClassesFailsTheLabelCheck() {
        SuiteRunner.assertFailures(BadLabel.class, "labelsAreClassIndices");
    }

    @Test
    void writingPastTheSampleFailsTheCopyCheck() {
        SuiteRunner.assertFailures(Spilling.class, "copyInputWritesOneFiniteSampleAtTheOffsetAndNothingElse");
    }

    @Test
    void wrappingAroundFailsTheBoundsCheck() {
        SuiteRunner.assertFailures(Wrapping.class, "readingOutsideTheSplitFails");
    }

    @Test
    void ignoringTheSeedFailsTheSeedCheck() {
        SuiteRunner.assertFailures(Unseeded.class, "sameSeedGivesTheSameData");
    }

    @Test
    void allocatingInCopyInputFailsTheAllocationCheck() {
        SuiteRunner.assertFailures(Allocating.class, "copyInputDoesNotAllocate");
    }

    // ---- the broken datasets ----

    public static final class UnregisteredDataset extends BlobDataset {
    }

    @Component(service = Dataset.class)
    @EngramDataset("unhashed")
    public static final class UnhashedDataset extends BlobDataset {
        @Override
        String hashOf(String hash) {
            return "not computed";
        }
    }

    @Component(service = Dataset.class)
    @EngramDataset("bad-label")
    public static final class BadLabelDataset extends BlobDataset {
        @Override
        int labelOf(int index, int size) {
            return index == size - 1 ? CLASSES : super.labelOf(index, size);
        }
    }

    @Component(service = Dataset.class)
    @EngramDataset("spilling")
    public static final class SpillingDataset extends BlobDataset {
        @Override
        void afterCopy(double[] destination, int end) {
            if (end < destination.length) {
                destination[end] = 0;
            }
        }
    }

    @Component(service = Dataset.class)
    @EngramDataset("wrapping")
    public static final class WrappingDataset extends BlobDataset {
        @Override
        int indexOf(int index, int size) {
            return Math.floorMod(index, size);
        }
    }

    /** Draws a new seed per load, so two loads with the same seed differ. */
    @Component(service = Dataset.class)
    @EngramDataset("unseeded")
    public static final class UnseededDataset extends BlobDataset {
        private long loads;

        @Override
        long seedOf(long seed) {
            return seed + 1000 * loads++;
        }
    }

    @Component(service = Dataset.class)
    @EngramDataset("allocating")
    public static final class AllocatingDataset extends BlobDataset {
        volatile Object garbage;

        @Override
        void afterCopy(double[] destination, int end) {
            garbage = new double[2];
        }
    }

    static final class Unregistered extends DatasetContract {
        @Override
        protected Dataset dataset() {
            return new UnregisteredDataset();
        }
    }

    static final class Unhashed extends DatasetContract {
        @Override
        protected Dataset dataset() {
            return new UnhashedDataset();
        }
    }

    static final class BadLabel extends DatasetContract {
        @Override
        protected Dataset dataset() {
            return new BadLabelDataset();
        }
    }

    static final class Spilling extends DatasetContract {
        @Override
        protected Dataset dataset() {
            return new SpillingDataset();
        }
    }

    static final class Wrapping extends DatasetContract {
        @Override
        protected Dataset dataset() {
            return new WrappingDataset();
        }
    }

    static final class Unseeded extends DatasetContract {
        @Override
        protected Dataset dataset() {
            return new UnseededDataset();
        }
    }

    static final class Allocating extends DatasetContract {
        @Override
        protected Dataset dataset() {
            return new AllocatingDataset();
        }
    }
}
