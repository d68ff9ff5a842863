package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.engram.api.PluginKind;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;

/**
 * The checks every {@link Dataset} must pass. Extend it once per dataset (and per configuration worth
 * covering, by overriding {@link #parameters()}); a dataset that reads files gets them from
 * {@link #parameters()}, e.g. a file the test writes into a {@code @TempDir}:
 *
 * <pre>
 * class CsvDatasetContractTest extends DatasetContract {
 *     &#64;TempDir Path folder;
 *     protected Dataset dataset() { return new CsvDataset(); }
 *     protected Parameters parameters() { ...write a small CSV into folder, return its path as a parameter... }
 * }
 * </pre>
 *
 * Large datasets are checked on at most {@value #SAMPLES_COMPARED} samples per split where a check
 * reads every value.
 */
public abstract class DatasetContract {

    /** Samples per split whose values the reading checks compare. */
    protected static final int SAMPLES_COMPARED = 2_000;

    /**
     * The plugin under test. Called once per check: every trial of a check then uses that one object, as
     * Declarative Services shares one service object between all trials.
     */
    protected abstract Dataset dataset();

    private Dataset service;

    /** The one dataset service of the current check. */
    private Dataset service() {
        if (service == null) {
            service = dataset();
        }
        return service;
    }

    /** The dataset's parameters for these checks; by default every parameter at its default. */
    protected Parameters parameters() {
        return Parameters.defaults(service().parameters());
    }

    /** The seed the checks load with. */
    protected long seed() {
        return 42;
    }

    @Test
    public void describesItselfAndItsParameters() {
        PluginChecks.describesItself(service(), PluginKind.DATASET);
    }

    @Test
    public void isAComponentThatProvidesDatasetUnderItsName() {
        PluginChecks.declaresComponent(service().getClass(), Dataset.class, PluginKind.DATASET);
    }

    @Test
    public void loadsTwoSplitsOfOneShapeWithAnIdAndAHash() throws DataException {
        DataSplits data = load();
        assertFalse(data.id() == null || data.id().isBlank(), "id() is blank; provenance records it");
        assertTrue(data.contentHash() != null && data.contentHash().matches("[0-9a-f]{64}"),
                "contentHash() must be the SHA-256 of the data as 64 lower-case hex digits, got " + data.contentHash());
        assertTrue(data.classes() >= 2, "classes() is " + data.classes() + "; a classification task needs at least 2");
        int[] shape = data.inputShape();
        assertNotNull(shape, "inputShape() is null");
        int product = 1;
        for (int extent : shape) {
            assertTrue(extent >= 1, "inputShape() " + Arrays.toString(shape) + " has an extent below 1");
            product *= extent;
        }
        for (SampleSet split : new SampleSet[] {data.train(), data.test()}) {
            assertNotNull(split, "a split is null");
            assertEquals(product, split.inputSize(), "inputSize() must be the product of inputShape() "
                    + Arrays.toString(shape));
        }
        assertTrue(data.train().size() >= 1, "the training split is empty");
        assertTrue(data.test().size() >= 1, "the test split is empty; the engine evaluates on it after every epoch");
    }

    @Test
    public void labelsAreClassIndices() throws DataException {
        DataSplits data = load();
        for (SampleSet split : new SampleSet[] {data.train(), data.test()}) {
            for (int i = 0; i < split.size(); i++) {
                int label = split.label(i);
                assertTrue(label >= 0 && label < data.classes(), "sample " + i + " has label " + label + ", outside [0, "
                        + data.classes() + ")");
            }
        }
    }

    @Test
    public void copyInputWritesOneFiniteSampleAtTheOffsetAndNothingElse() throws DataException {
        DataSplits data = load();
        for (SampleSet split : new SampleSet[] {data.train(), data.test()}) {
            int n = split.inputSize();
            int offset = 3;
            double sentinel = -12345.678;
            double[] buffer = new double[offset + n + 5];
            for (int index : probes(split.size())) {
                Arrays.fill(buffer, sentinel);
                split.copyInput(index, buffer, offset);
                for (int i = 0; i < buffer.length; i++) {
                    boolean inside = i >= offset && i < offset + n;
                    if (inside) {
                        assertTrue(Double.isFinite(buffer[i]), "sample " + index + ", value " + (i - offset) + " is " + buffer[i]);
                    } else {
                        assertEquals(sentinel, buffer[i], "copyInput(" + index + ", buffer, " + offset + ") wrote outside its "
                                + n + " values, at " + i);
                    }
                }
                double[] again = buffer.clone();
                split.copyInput(index, again, offset);
                assertArrayEquals(buffer, again, "sample " + index + " reads differently the second time");
            }
        }
    }

    @Test
    public void readingOutsideTheSplitFails() throws DataException {
        SampleSet train = load().train();
        double[] buffer = new double[train.inputSize()];
        for (int index : new int[] {-1, train.size()}) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> train.copyInput(index, buffer, 0),
                    "copyInput(" + index + ") of " + train.size() + " samples must fail, not wrap around");
            assertTrue(e instanceof IndexOutOfBoundsException || e instanceof IllegalArgumentException,
                    "copyInput(" + index + ") should throw IndexOutOfBoundsException or IllegalArgumentException, threw " + e);
            assertThrows(RuntimeException.class, () -> train.label(index), "label(" + index + ") must fail");
        }
    }

    @Test
    public void sameSeedGivesTheSameData() throws DataException {
        DataSplits first = load();
        DataSplits second = load();
        assertEquals(first.id(), second.id(), "id()");
        assertEquals(first.contentHash(), second.contentHash(), "contentHash() of two loads with the same seed");
        assertEquals(first.classes(), second.classes(), "classes()");
        assertArrayEquals(first.inputShape(), second.inputShape(), "inputShape()");
        SampleSet[] a = {first.train(), first.test()};
        SampleSet[] b = {second.train(), second.test()};
        for (int s = 0; s < 2; s++) {
            assertEquals(a[s].size(), b[s].size(), "size() of two loads");
            int n = a[s].inputSize();
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < Math.min(a[s].size(), SAMPLES_COMPARED); i++) {
                assertEquals(a[s].label(i), b[s].label(i), "label of sample " + i + " differs between two loads");
                a[s].copyInput(i, x, 0);
                b[s].copyInput(i, y, 0);
                assertArrayEquals(x, y, "sample " + i + " differs between two loads with the same seed");
            }
        }
    }

    @Test
    public void copyInputDoesNotAllocate() throws DataException {
        SampleSet train = load().train();
        double[] buffer = new double[train.inputSize()];
        int size = train.size();
        Allocations.assertNoAllocation("copyInput() + label()", 2_000, 2_000, i -> {
            train.copyInput(i % size, buffer, 0);
            buffer[0] += train.label(i % size); // keep the label read alive
        });
    }

    // ------------------------------------------------------------------------------------------

    private DataSplits load() throws DataException {
        DataSplits data = service().load(parameters(), seed());
        assertNotNull(data, "load() returned null");
        return data;
    }

    /** The first, second, middle and last samples, plus every 97th up to the compared count. */
    private static int[] probes(int size) {
        java.util.TreeSet<Integer> indices = new java.util.TreeSet<>();
        for (int i : new int[] {0, 1, size / 2, size - 1}) {
            if (i >= 0 && i < size) {
                indices.add(i);
            }
        }
        for (int i = 0; i < Math.min(size, SAMPLES_COMPARED); i += 97) {
            indices.add(i);
        }
        return indices.stream().mapToInt(Integer::intValue).toArray();
    }
}
