package org.engram.examples.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.SampleSet;
import org.engram.api.param.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dataset reads; the contract suite in CsvDatasetContractTest checks how it behaves as a plugin. */
class CsvDatasetTest {

    @TempDir
    Path folder;

    private final CsvDataset dataset = new CsvDataset();

    private DataSplits load(String train, String test, boolean standardise) throws IOException, DataException {
        Path trainFile = Files.writeString(folder.resolve("train.csv"), train);
        Path testFile = Files.writeString(folder.resolve("test.csv"), test);
        return dataset.load(Parameters.resolve("test", dataset.parameters(), Map.of("train", trainFile.toString(),
                "test", testFile.toString(), "standardise", standardise)), 1);
    }

    private static double[] input(SampleSet split, int index) {
        double[] x = new double[split.inputSize()];
        split.copyInput(index, x, 0);
        return x;
    }

    @Test
    void readsInputsAndLabelsAfterTheHeader() throws Exception {
        DataSplits data = load("a,b,label\n1.5,-2,0\n3,4e-1,2\n\n", "x,y,class\n0,0,1\n", false);

        assertEquals(3, data.classes(), "the largest label is 2");
        assertArrayEquals(new int[] {2}, data.inputShape());
        assertEquals(2, data.train().size(), "blank lines are skipped");
        assertArrayEquals(new double[] {1.5, -2}, input(data.train(), 0));
        assertArrayEquals(new double[] {3, 0.4}, input(data.train(), 1));
        assertEquals(2, data.train().label(1));
        assertEquals(1, data.test().label(0));
    }

    @Test
    void standardisesBothSplitsByTheTrainingStatistics() throws Exception {
        // column 1: mean 2, SD 1; column 2: constant, so only centred
        DataSplits data = load("h1,h2,l\n1,5,0\n3,5,1\n", "h1,h2,l\n4,6,1\n", true);

        assertArrayEquals(new double[] {-1, 0}, input(data.train(), 0));
        assertArrayEquals(new double[] {1, 0}, input(data.train(), 1));
        assertArrayEquals(new double[] {2, 1}, input(data.test(), 0));
    }

    @Test
    void aMissingFileIsNamedWithTheFix() throws Exception {
        Path missing = folder.resolve("nowhere.csv");
        DataException e = assertThrows(DataException.class, () -> dataset.load(Parameters.resolve("test",
                dataset.parameters(), Map.of("train", missing.toString())), 1));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("set the parameters"), e.getMessage());
    }

    @Test
    void aRowWithOtherColumnsIsReportedAtItsLine() {
        DataException e = assertThrows(DataException.class, () -> load("a,b,l\n1,2,0\n1,1\n", "a,b,l\n1,2,1\n", false));
        assertTrue(e.getMessage().contains("train.csv:3 has 2 columns, not 3"), e.getMessage());
    }

    @Test
    void aTestFileWithOtherColumnsThanTheTrainingFileIsRefused() {
        DataException e = assertThrows(DataException.class, () -> load("a,b,l\n1,2,0\n", "a,l\n1,1\n", false));
        assertTrue(e.getMessage().contains("test.csv:2 has 2 columns, not 3") && e.getMessage().contains("training file"),
                e.getMessage());
    }

    @Test
    void valuesAndLabelsMustBeNumbersAndClassIndices() {
        DataException text = assertThrows(DataException.class, () -> load("a,l\nx,0\n", "a,l\n1,1\n", false));
        assertTrue(text.getMessage().contains("train.csv:2 column 1 is 'x'"), text.getMessage());
        DataException fraction = assertThrows(DataException.class, () -> load("a,l\n1,0.5\n", "a,l\n1,1\n", false));
        assertTrue(fraction.getMessage().contains("train.csv:2 has the label '0.5'"), fraction.getMessage());
        DataException negative = assertThrows(DataException.class, () -> load("a,l\n1,-1\n", "a,l\n1,1\n", false));
        assertTrue(negative.getMessage().contains("has the label '-1'"), negative.getMessage());
    }

    @Test
    void aSingleClassIsNotATask() {
        DataException e = assertThrows(DataException.class, () -> load("a,l\n1,0\n2,0\n", "a,l\n1,0\n", false));
        assertTrue(e.getMessage().contains("single class"), e.getMessage());
    }
}
