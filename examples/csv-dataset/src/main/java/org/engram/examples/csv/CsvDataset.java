package org.engram.examples.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.engram.api.EngramDataset;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.data.SampleSet;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * A dataset read from two CSV files, one per split. Each row is one sample: the input values, then the
 * label, a class index 0, 1, 2, ... in the last column. Commas separate the columns; an optional first
 * line names them. Inputs are standardised per column by the training split's mean and standard
 * deviation unless {@code standardise} is off. Every problem is reported with the file, the line and the fix.
 */
@Component(service = Dataset.class)
@EngramDataset("csv")
public final class CsvDataset implements Dataset {

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "data/csv/train.csv",
                    description = "CSV file of the training split; a relative path is taken from the directory engram runs in")
            String train,
            @Parameter(defaultValue = "data/csv/test.csv",
                    description = "CSV file of the test split, with the same columns; relative as for train")
            String test,
            @Parameter(defaultValue = "true",
                    description = "whether the first line of each file names the columns (skipped)")
            boolean header,
            @Parameter(defaultValue = "true",
                    description = "scale each input column to zero mean and unit standard deviation, by the training split's "
                                    + "statistics (applied to both splits); off: the values as written")
            boolean standardise) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public String description() {
        return "labelled samples from two CSV files (train, test): input columns, then the class index";
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public DataSplits load(Parameters parameters, long seed) throws DataException {
        Settings settings = Settings.PARAMETERS.read(parameters);
        boolean header = settings.header();
        Path trainFile = Path.of(settings.train()).toAbsolutePath().normalize();
        Path testFile = Path.of(settings.test()).toAbsolutePath().normalize();
        Table train = Table.read(trainFile, header, -1);
        Table test = Table.read(testFile, header, train.columns);
        int classes = Math.max(train.maxLabel, test.maxLabel) + 1;
        if (classes < 2) {
            throw new DataException("dataset 'csv': " + trainFile + " and " + testFile + " hold a single class (label 0); "
                    + "a classification task needs labels 0 and 1 at least");
        }
        if (settings.standardise()) {
            double[][] meanAndSd = train.columnStatistics();
            train.standardise(meanAndSd);
            test.standardise(meanAndSd);
        }
        String id = "csv[" + trainFile.getFileName() + "," + testFile.getFileName() + "]";
        String hash = sha256(train, test);
        int inputs = train.columns - 1;
        return new DataSplits() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String contentHash() {
                return hash;
            }

            @Override
            public int[] inputShape() {
                return new int[] {inputs};
            }

            @Override
            public int classes() {
                return classes;
            }

            @Override
            public SampleSet train() {
                return train;
            }

            @Override
            public SampleSet test() {
                return test;
            }
        };
    }

    /** SHA-256 of both splits' inputs and labels, as the network sees them (after standardising). */
    private static String sha256(Table... tables) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Table t : tables) {
                ByteBuffer bytes = ByteBuffer.allocate(8 * t.inputs.length + 4 * t.labels.length);
                bytes.asDoubleBuffer().put(t.inputs);
                bytes.position(8 * t.inputs.length);
                bytes.asIntBuffer().put(t.labels);
                digest.update(bytes.array());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** One split: the input columns as one flat row-major array, and the labels. */
    static final class Table implements SampleSet {
        final int columns;
        final double[] inputs;
        final int[] labels;
        final int maxLabel;

        private Table(int columns, double[] inputs, int[] labels, int maxLabel) {
            this.columns = columns;
            this.inputs = inputs;
            this.labels = labels;
            this.maxLabel = maxLabel;
        }

        /**
         * @param columns the column count every row must have, or -1 to take it from the first row
         */
        static Table read(Path file, boolean header, int columns) throws DataException {
            List<double[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            int maxLabel = -1;
            int expected = columns;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    if ((header && number == 1) || line.isBlank()) {
                        continue;
                    }
                    String[] cells = line.split(",", -1);
                    if (expected < 0) {
                        expected = cells.length;
                        if (expected < 2) {
                            throw problem(file, number, "has one column", "write the inputs, then the label, separated by commas");
                        }
                    }
                    if (cells.length != expected) {
                        throw problem(file, number, "has " + cells.length + " columns, not " + expected,
                                "give every row the same columns" + (columns > 0 ? " as the training file" : ""));
                    }
                    double[] row = new double[expected - 1];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = number(file, number, c + 1, cells[c]);
                    }
                    int label = label(file, number, cells[expected - 1]);
                    rows.add(row);
                    labels.add(label);
                    maxLabel = Math.max(maxLabel, label);
                }
            } catch (NoSuchFileException e) {
                throw new DataException("dataset 'csv': " + file + " does not exist; set the parameters train and test "
                        + "to your CSV files (a relative path is taken from the directory engram runs in)");
            } catch (IOException e) {
                throw new DataException("dataset 'csv': cannot read " + file + ": " + e.getMessage(), e);
            }
            if (rows.isEmpty()) {
                throw new DataException("dataset 'csv': " + file + " holds no samples; write one row per sample");
            }
            int width = expected - 1;
            double[] flat = new double[rows.size() * width];
            int[] labelArray = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, flat, i * width, width);
                labelArray[i] = labels.get(i);
            }
            return new Table(expected, flat, labelArray, maxLabel);
        }

        private static double number(Path file, int line, int column, String cell) throws DataException {
            try {
                double v = Double.parseDouble(cell.trim());
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw problem(file, line, "column " + column + " is '" + cell.trim() + "', not a finite number",
                    "write a number such as 0.25 or -3e-2");
        }

        private static int label(Path file, int line, String cell) throws DataException {
            try {
                int label = Integer.parseInt(cell.trim());
                if (label >= 0) {
                    return label;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw problem(file, line, "has the label '" + cell.trim() + "' in its last column",
                    "labels are class indices 0, 1, 2, ...");
        }

        private static DataException problem(Path file, int line, String what, String fix) {
            return new DataException(String.format(Locale.ROOT, "dataset 'csv': %s:%d %s; %s", file, line, what, fix));
        }

        /** Each input column's mean and (population) standard deviation, 1 where the column is constant. */
        double[][] columnStatistics() {
            int width = columns - 1;
            int n = labels.length;
            double[] mean = new double[width];
            double[] sd = new double[width];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < width; c++) {
                    mean[c] += inputs[i * width + c] / n;
                }
            }
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < width; c++) {
                    double d = inputs[i * width + c] - mean[c];
                    sd[c] += d * d / n;
                }
            }
            for (int c = 0; c < width; c++) {
                sd[c] = sd[c] > 0 ? Math.sqrt(sd[c]) : 1;
            }
            return new double[][] {mean, sd};
        }

        /** Replaces every input x of column c by (x − mean[c]) / sd[c]. */
        void standardise(double[][] meanAndSd) {
            int width = columns - 1;
            for (int i = 0; i < labels.length; i++) {
                for (int c = 0; c < width; c++) {
                    inputs[i * width + c] = (inputs[i * width + c] - meanAndSd[0][c]) / meanAndSd[1][c];
                }
            }
        }

        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public int inputSize() {
            return columns - 1;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public void copyInput(int index, double[] destination, int offset) {
            if (index < 0 || index >= labels.length) {
                throw new IndexOutOfBoundsException("sample " + index + " of " + labels.length);
            }
            int width = columns - 1;
            System.arraycopy(inputs, index * width, destination, offset, width);
        }
    }
}
