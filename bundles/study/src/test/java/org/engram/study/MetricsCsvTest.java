package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.engram.api.engine.EpochResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

    @TempDir
    Path dir;

    @Test
    void oneRowPerEpochWithEveryMetricAsASortedColumn() {
        String csv = MetricsCsv.format(List.of(new EpochResult(0, Double.NaN, 0.1, Map.of(), 0.0),
                new EpochResult(1, 0.5, 0.4, Map.of("hsic_yz/0", 0.25, "hsic_xz/0", 1e-7), 1.5),
                new EpochResult(2, 0.6, 0.55, Map.of("hsic_xz/0", 0.125), 1.25)));
        assertEquals("""
                epoch,train_accuracy,test_accuracy,seconds,hsic_xz/0,hsic_yz/0
                0,NaN,0.1,0.0,,
                1,0.5,0.4,1.5,1.0E-7,0.25
                2,0.6,0.55,1.25,0.125,
                """, csv);
    }

    @Test
    void readsBackTheExactAccuracies() throws IOException {
        double third = 1.0 / 3.0;
        Path f = dir.resolve("metrics.csv");
        Files.writeString(f, MetricsCsv.format(List.of(new EpochResult(0, Double.NaN, third, Map.of(), 0.0),
                new EpochResult(1, 0.1 + 0.2, 2 * third, Map.of("m", 1.0), 3.0))));
        assertEquals(List.of(new MetricsCsv.Row(0, Double.NaN, third), new MetricsCsv.Row(1, 0.1 + 0.2, 2 * third, Map.of("m", 1.0))),
                MetricsCsv.read(f));
    }

    @Test
    void readsBackEveryEpochBitForBit() throws IOException {
        List<EpochResult> epochs = List.of(new EpochResult(0, Double.NaN, 1.0 / 3.0, Map.of(), 0.0),
                new EpochResult(1, 0.1 + 0.2, 0.7, Map.of("a,b", 1e-300, "z", -0.0), 12.345678901234567),
                new EpochResult(2, 0.6, Double.POSITIVE_INFINITY, Map.of("z", 0.125), 1.25));
        Path f = dir.resolve("metrics.csv");
        Files.writeString(f, MetricsCsv.format(epochs));
        List<EpochResult> back = MetricsCsv.readEpochs(f);
        assertEquals(MetricsCsv.format(epochs), MetricsCsv.format(back));
        assertEquals(Map.of("z", 0.125), back.get(2).metrics(), "an empty cell is a metric the epoch did not report");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.get(1).metrics().get("z")));
    }

    @Test
    void aRowThatCannotBeReadIsNamedWithItsLine() throws IOException {
        Path f = dir.resolve("metrics.csv");
        Files.writeString(f, "epoch,train_accuracy,test_accuracy,seconds,m\n0,NaN,0.5,0.0,\n1,0.5,zero,1.0,2.0\n");
        IOException e = assertThrows(IOException.class, () -> MetricsCsv.readEpochs(f));
        assertEquals(f + ":3: cannot read '1,0.5,zero,1.0,2.0' (For input string: \"zero\")", e.getMessage());
    }

    @Test
    void refusesAFileThatIsNotOne() throws IOException {
        Path f = dir.resolve("metrics.csv");
        Files.writeString(f, "a,b\n1,2\n");
        assertThrows(IOException.class, () -> MetricsCsv.read(f));
    }
}
