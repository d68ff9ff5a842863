package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.compute.ResidentMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks every {@link ComputeBackend} must pass. Each result is compared with a naive triple loop
 * written here, element by element, within {@value #RELATIVE_TOLERANCE} of the sum of the magnitudes of
 * the terms that make up that element (the natural bound for a sum computed in any order).
 *
 * <p>Operands are placed inside larger arrays at odd offsets. The padding around A, B and x is NaN, so a
 * read outside the region poisons the result; the padding around C and y is a sentinel that must survive.
 *
 * <p>Resident matrices (API 1.1, {@link ComputeBackend#upload}) are held to the same bound: whatever form the
 * backend keeps them in (native, sparse), their product is the dense one up to the order of summation. They
 * are checked dense and 10 % nonzero (as a reservoir's recurrent weights, which a backend may store sparsely),
 * as copies taken at upload, refused when closed or made by another backend, and shared between threads.
 *
 * <p>Use: {@code class MyBackendContractTest extends ComputeBackendContract { protected ComputeBackend
 * backend() { return new MyBackend(); } }}.
 */
public abstract class ComputeBackendContract {

    /** Error allowed per element, relative to the sum of the absolute values of its terms. */
    public static final double RELATIVE_TOLERANCE = 1e-12;

    private static final double SENTINEL = -12345.678;

    /** The backend under test; called once per test. */
    protected abstract ComputeBackend backend();

    /** m, n, k: square, 1x1, vectors, tall, wide, and the shapes of a 784-128 layer on a batch of 32. */
    static Stream<int[]> shapes() {
        return Stream.of(new int[] {1, 1, 1}, new int[] {3, 4, 5}, new int[] {1, 7, 3}, new int[] {6, 1, 4},
                new int[] {5, 3, 1}, new int[] {257, 3, 6}, new int[] {2, 300, 5}, new int[] {4, 5, 301},
                new int[] {17, 33, 65}, new int[] {32, 128, 784}, new int[] {128, 784, 32});
    }

    static Stream<Arguments> gemmCases() {
        List<Arguments> cases = new ArrayList<>();
        shapes().forEach(s -> {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    cases.add(Arguments.of(transA, transB, s[0], s[1], s[2]));
                }
            }
        });
        return cases.stream();
    }

    static Stream<Arguments> gemvCases() {
        List<Arguments> cases = new ArrayList<>();
        shapes().forEach(s -> {
            cases.add(Arguments.of(false, s[0], s[2]));
            cases.add(Arguments.of(true, s[0], s[2]));
        });
        return cases.stream();
    }

    static Stream<Arguments> gerCases() {
        return shapes().map(s -> Arguments.of(s[0], s[1]));
    }

    /** alpha, beta: plain product, accumulate, and both scaled with a sign flip. */
    private static final double[][] SCALINGS = {{1.0, 0.0}, {-0.75, 1.0}, {2.5, -0.5}};

    // ---- gemm ----

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("gemmCases")
    void gemmMatchesNaiveProduct(boolean transA, boolean transB, int m, int n, int k) {
        ComputeBackend backend = backend();
        SplittableRandom random = new SplittableRandom(31L * m + 7L * n + k + (transA ? 1000 : 0) + (transB ? 2000 : 0));
        for (double[] scaling : SCALINGS) {
            checkGemm(backend, random, transA, transB, m, n, k, scaling[0], scaling[1], false);
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("gemmCases")
    void gemmIgnoresNaNInCWhenBetaIsZero(boolean transA, boolean transB, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(5L * m + n + 11L * k);
        checkGemm(backend(), random, transA, transB, m, n, k, 1.5, 0.0, true);
    }

    @Test
    void gemmMatchesHandComputedProduct() {
        // [1 2 3; 4 5 6] * [7 8; 9 10; 11 12] = [58 64; 139 154]
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {7, 8, 9, 10, 11, 12};
        double[] c = new double[4];
        backend().gemm(false, false, 2, 2, 3, 1.0, a, 0, b, 0, 0.0, c, 0);
        assertArrayEqualsExactly(new double[] {58, 64, 139, 154}, c);
        // the same with both operands stored transposed: Aᵀ stored [3, 2], Bᵀ stored [2, 3]
        double[] at = {1, 4, 2, 5, 3, 6};
        double[] bt = {7, 9, 11, 8, 10, 12};
        double[] c2 = {1, 1, 1, 1};
        backend().gemm(true, true, 2, 2, 3, 2.0, at, 0, bt, 0, 1.0, c2, 0);
        assertArrayEqualsExactly(new double[] {117, 129, 279, 309}, c2);
    }

    @Test
    void gemmWithEmptyInnerDimensionOnlyScalesC() {
        double[] c = {1, -2, 3, -4, 5, -6};
        backend().gemm(false, false, 2, 3, 0, 1.0, new double[0], 0, new double[0], 0, -2.0, c, 0);
        assertArrayEqualsExactly(new double[] {-2, 4, -6, 8, -10, 12}, c);
        double[] garbage = {Double.NaN, Double.NaN};
        backend().gemm(true, false, 1, 2, 0, 1.0, new double[0], 0, new double[0], 0, 0.0, garbage, 0);
        assertArrayEqualsExactly(new double[] {0, 0}, garbage);
    }

    @Test
    void gemmWithEmptyOutputTouchesNothing() {
        double[] c = {SENTINEL};
        backend().gemm(false, false, 0, 3, 2, 1.0, new double[0], 0, new double[6], 0, 0.0, c, 1);
        backend().gemm(false, true, 3, 0, 2, 1.0, new double[6], 0, new double[0], 0, 0.0, c, 0);
        assertArrayEqualsExactly(new double[] {SENTINEL}, c);
    }

    @Test
    void gemmRejectsRegionsOutsideTheArrays() {
        ComputeBackend backend = backend();
        double[] six = new double[6];
        // A is [2, 3] = 6 elements, but starts at offset 1
        assertRejected(() -> backend.gemm(false, false, 2, 2, 3, 1, six, 1, six, 0, 0, new double[4], 0));
        // C is [2, 2] but only 3 elements are there
        assertRejected(() -> backend.gemm(false, false, 2, 2, 3, 1, six, 0, six, 0, 0, new double[3], 0));
        // B is [3, 2] stored transposed as [2, 3]; negative offset
        assertRejected(() -> backend.gemm(false, true, 2, 2, 3, 1, six, 0, six, -1, 0, new double[4], 0));
        assertRejected(() -> backend.gemm(false, false, -1, 2, 3, 1, six, 0, six, 0, 0, new double[4], 0));
    }

    private static void checkGemm(ComputeBackend backend, SplittableRandom random, boolean transA, boolean transB,
            int m, int n, int k, double alpha, double beta, boolean nanInC) {
        Region a = Region.random(random, m * k, Double.NaN);
        Region b = Region.random(random, k * n, Double.NaN);
        Region c = Region.random(random, m * n, SENTINEL);
        if (nanInC) {
            Arrays.fill(c.array, c.offset, c.offset + m * n, Double.NaN);
        }
        double[] expected = new double[m * n];
        double[] magnitude = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a.get(p * m + i) : a.get(i * k + p);
                    double bpj = transB ? b.get(j * k + p) : b.get(p * n + j);
                    sum += aip * bpj;
                    abs += Math.abs(aip * bpj);
                }
                double cij = beta == 0 ? 0 : beta * c.get(i * n + j);
                expected[i * n + j] = alpha * sum + cij;
                magnitude[i * n + j] = Math.abs(alpha) * abs + Math.abs(cij);
            }
        }
        backend.gemm(transA, transB, m, n, k, alpha, a.array, a.offset, b.array, b.offset, beta, c.array, c.offset);
        String what = String.format("gemm transA=%b transB=%b m=%d n=%d k=%d alpha=%s beta=%s", transA, transB, m, n, k,
                alpha, beta);
        c.assertMatches(expected, magnitude, what);
    }

    // ---- gemv ----

    @ParameterizedTest(name = "transA={0} m={1} n={2}")
    @MethodSource("gemvCases")
    void gemvMatchesNaiveProduct(boolean transA, int m, int n) {
        ComputeBackend backend = backend();
        SplittableRandom random = new SplittableRandom(13L * m + n + (transA ? 500 : 0));
        for (double[] scaling : SCALINGS) {
            checkGemv(backend, random, transA, m, n, scaling[0], scaling[1], false);
        }
        checkGemv(backend, random, transA, m, n, -2.0, 0.0, true);
    }

    @Test
    void gemvMatchesHandComputedProduct() {
        double[] a = {1, 2, 3, 4, 5, 6}; // [2, 3]
        double[] y = {Double.NaN, Double.NaN};
        backend().gemv(false, 2, 3, 1.0, a, 0, new double[] {1, 0, -1}, 0, 0.0, y, 0);
        assertArrayEqualsExactly(new double[] {-2, -2}, y);
        double[] yt = {1, 1, 1};
        backend().gemv(true, 2, 3, 0.5, a, 0, new double[] {2, -2}, 0, 3.0, yt, 0);
        assertArrayEqualsExactly(new double[] {0, 0, 0}, yt);
    }

    @Test
    void gemvRejectsRegionsOutsideTheArrays() {
        ComputeBackend backend = backend();
        // x must have n = 3 elements when not transposed
        assertRejected(() -> backend.gemv(false, 2, 3, 1, new double[6], 0, new double[2], 0, 0, new double[2], 0));
        // y must have n = 3 elements when transposed
        assertRejected(() -> backend.gemv(true, 2, 3, 1, new double[6], 0, new double[2], 0, 0, new double[2], 0));
        assertRejected(() -> backend.gemv(false, 2, 3, 1, new double[6], 1, new double[3], 0, 0, new double[2], 0));
    }

    private static void checkGemv(ComputeBackend backend, SplittableRandom random, boolean transA, int m, int n,
            double alpha, double beta, boolean nanInY) {
        int xLength = transA ? m : n;
        int yLength = transA ? n : m;
        Region a = Region.random(random, m * n, Double.NaN);
        Region x = Region.random(random, xLength, Double.NaN);
        Region y = Region.random(random, yLength, SENTINEL);
        if (nanInY) {
            Arrays.fill(y.array, y.offset, y.offset + yLength, Double.NaN);
        }
        double[] expected = new double[yLength];
        double[] magnitude = new double[yLength];
        naiveGemv(transA, n, a.array, a.offset, x, y, beta, alpha, expected, magnitude);
        backend.gemv(transA, m, n, alpha, a.array, a.offset, x.array, x.offset, beta, y.array, y.offset);
        y.assertMatches(expected, magnitude,
                String.format("gemv transA=%b m=%d n=%d alpha=%s beta=%s", transA, m, n, alpha, beta));
    }

    // ---- resident matrices ----

    static Stream<Arguments> residentCases() {
        List<Arguments> cases = new ArrayList<>();
        shapes().forEach(s -> {
            cases.add(Arguments.of(false, s[0], s[2], 1.0));
            cases.add(Arguments.of(true, s[0], s[2], 1.0));
        });
        for (boolean transA : new boolean[] {false, true}) {
            // reservoir-like: 10 % nonzeros, square and not; very sparse with empty rows; all zero
            cases.add(Arguments.of(transA, 300, 300, 0.1));
            cases.add(Arguments.of(transA, 257, 130, 0.1));
            cases.add(Arguments.of(transA, 64, 200, 0.01));
            cases.add(Arguments.of(transA, 40, 33, 0.0));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "transA={0} m={1} n={2} density={3}")
    @MethodSource("residentCases")
    void residentGemvMatchesNaiveProduct(boolean transA, int m, int n, double density) {
        ComputeBackend backend = backend();
        SplittableRandom random = new SplittableRandom(19L * m + n + (transA ? 700 : 0) + (long) (density * 100));
        Region a = Region.random(random, m * n, Double.NaN);
        a.thin(random, density);
        double[] values = Arrays.copyOfRange(a.array, a.offset, a.offset + m * n);
        ResidentMatrix matrix = backend.upload(a.array, a.offset, m, n);
        try {
            assertEquals(m, matrix.rows(), "rows()");
            assertEquals(n, matrix.columns(), "columns()");
            // one upload serves many products
            for (double[] scaling : SCALINGS) {
                checkResidentGemv(backend, matrix, values, random, transA, scaling[0], scaling[1], false);
            }
            checkResidentGemv(backend, matrix, values, random, transA, -2.0, 0.0, true);
        } finally {
            matrix.close();
        }
    }

    @Test
    void residentGemvMatchesHandComputedProduct() {
        ComputeBackend backend = backend();
        double[] padded = {Double.NaN, 1, 2, 3, 4, 5, 6, Double.NaN}; // [2, 3] from offset 1
        try (ResidentMatrix a = backend.upload(padded, 1, 2, 3)) {
            double[] y = {SENTINEL, Double.NaN, Double.NaN};
            backend.gemv(false, 1.0, a, new double[] {1, 0, -1}, 0, 0.0, y, 1);
            assertArrayEqualsExactly(new double[] {SENTINEL, -2, -2}, y);
            double[] yt = {1, 1, 1};
            backend.gemv(true, 0.5, a, new double[] {SENTINEL, 2, -2}, 1, 3.0, yt, 0);
            assertArrayEqualsExactly(new double[] {0, 0, 0}, yt);
        }
    }

    @Test
    void aResidentMatrixIsACopyTakenAtUpload() {
        ComputeBackend backend = backend();
        double[] a = {1, 2, 3, 4, 5, 6};
        ResidentMatrix matrix = backend.upload(a, 0, 2, 3);
        Arrays.fill(a, Double.NaN);
        double[] y = new double[2];
        backend.gemv(false, 1.0, matrix, new double[] {1, 1, 1}, 0, 0.0, y, 0);
        assertArrayEqualsExactly(new double[] {6, 15}, y);
        matrix.close();
    }

    @Test
    void residentGemvWithEmptyDimensionsOnlyScalesY() {
        ComputeBackend backend = backend();
        try (ResidentMatrix noColumns = backend.upload(new double[0], 0, 2, 0);
                ResidentMatrix noRows = backend.upload(new double[] {SENTINEL}, 1, 0, 3)) {
            double[] y = {1, -2};
            backend.gemv(false, 1.0, noColumns, new double[0], 0, -2.0, y, 0);
            assertArrayEqualsExactly(new double[] {-2, 4}, y);
            double[] garbage = {Double.NaN, Double.NaN, Double.NaN};
            backend.gemv(true, 1.0, noRows, new double[0], 0, 0.0, garbage, 0);
            assertArrayEqualsExactly(new double[] {0, 0, 0}, garbage);
            double[] untouched = {SENTINEL};
            backend.gemv(false, 1.0, noRows, new double[3], 0, 0.0, untouched, 1);
            assertArrayEqualsExactly(new double[] {SENTINEL}, untouched);
        }
    }

    @Test
    void uploadRejectsRegionsOutsideTheArray() {
        ComputeBackend backend = backend();
        assertRejected(() -> backend.upload(new double[6], 1, 2, 3));
        assertRejected(() -> backend.upload(new double[6], -1, 1, 3));
        assertRejected(() -> backend.upload(new double[6], 0, -2, 3));
    }

    @Test
    void residentGemvRejectsVectorsOutsideTheArrays() {
        ComputeBackend backend = backend();
        try (ResidentMatrix a = backend.upload(new double[6], 0, 2, 3)) {
            // x must have n = 3 elements when not transposed, y n = 3 when transposed
            assertRejected(() -> backend.gemv(false, 1, a, new double[2], 0, 0, new double[2], 0));
            assertRejected(() -> backend.gemv(true, 1, a, new double[2], 0, 0, new double[2], 0));
            assertRejected(() -> backend.gemv(false, 1, a, new double[3], 1, 0, new double[2], 0));
            assertRejected(() -> backend.gemv(false, 1, a, new double[3], 0, 0, new double[2], 1));
        }
    }

    @Test
    void residentGemvRefusesAMatrixOfAnotherBackend() {
        ComputeBackend backend = backend();
        double[] a = {1, 2, 3, 4, 5, 6};
        ResidentMatrix handMade = new ResidentMatrix() {
            @Override
            public int rows() {
                return 2;
            }

            @Override
            public int columns() {
                return 3;
            }

            @Override
            public void close() {
            }
        };
        // the test kit's own backend, a different object even when the backend under test is one too
        ResidentMatrix ofAnother = new ReferenceBackend().upload(a, 0, 2, 3);
        for (ResidentMatrix foreign : new ResidentMatrix[] {handMade, ofAnother}) {
            double[] y = {SENTINEL, SENTINEL};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.gemv(false, 1.0, foreign, new double[] {1, 1, 1}, 0, 0.0, y, 0));
            assertFalse(isBlank(e.getMessage()), "the refusal says why");
            assertArrayEqualsExactly(new double[] {SENTINEL, SENTINEL}, y);
        }
    }

    @Test
    void aClosedResidentMatrixIsRefusedAndClosingAgainDoesNothing() {
        ComputeBackend backend = backend();
        ResidentMatrix matrix = backend.upload(new double[] {1, 2, 3, 4, 5, 6}, 0, 2, 3);
        matrix.close();
        matrix.close();
        double[] y = {SENTINEL, SENTINEL};
        assertThrows(IllegalStateException.class,
                () -> backend.gemv(false, 1.0, matrix, new double[] {1, 1, 1}, 0, 0.0, y, 0));
        assertArrayEqualsExactly(new double[] {SENTINEL, SENTINEL}, y);
    }

    @Test
    void oneResidentMatrixServesSeveralThreadsAtOnce() throws Exception {
        ComputeBackend backend = backend();
        int m = 150;
        int n = 120;
        SplittableRandom random = new SplittableRandom(77);
        Region a = Region.random(random, m * n, Double.NaN);
        a.thin(random, 0.1);
        int tasks = 8;
        double[][] xs = new double[tasks][];
        double[][] sequential = new double[tasks][];
        try (ResidentMatrix matrix = backend.upload(a.array, a.offset, m, n)) {
            for (int t = 0; t < tasks; t++) {
                xs[t] = random.doubles(t % 2 == 1 ? m : n, -1, 1).toArray();
                sequential[t] = new double[t % 2 == 1 ? n : m];
                backend.gemv(t % 2 == 1, 1.0, matrix, xs[t], 0, 0.0, sequential[t], 0);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<double[]>> results = new ArrayList<>();
                for (int t = 0; t < tasks; t++) {
                    int task = t;
                    results.add(pool.submit(() -> {
                        double[] y = new double[sequential[task].length];
                        for (int repeat = 0; repeat < 20; repeat++) {
                            backend.gemv(task % 2 == 1, 1.0, matrix, xs[task], 0, 0.0, y, 0);
                        }
                        return y;
                    }));
                }
                for (int t = 0; t < tasks; t++) {
                    assertArrayEqualsExactly(sequential[t], results.get(t).get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** One product with {@code matrix}, whose entries as uploaded are {@code values} [m, n], against the naive loop. */
    private static void checkResidentGemv(ComputeBackend backend, ResidentMatrix matrix, double[] values,
            SplittableRandom random, boolean transA, double alpha, double beta, boolean nanInY) {
        int m = matrix.rows();
        int n = matrix.columns();
        int xLength = transA ? m : n;
        int yLength = transA ? n : m;
        Region x = Region.random(random, xLength, Double.NaN);
        Region y = Region.random(random, yLength, SENTINEL);
        if (nanInY) {
            Arrays.fill(y.array, y.offset, y.offset + yLength, Double.NaN);
        }
        double[] expected = new double[yLength];
        double[] magnitude = new double[yLength];
        naiveGemv(transA, n, values, 0, x, y, beta, alpha, expected, magnitude);
        backend.gemv(transA, alpha, matrix, x.array, x.offset, beta, y.array, y.offset);
        y.assertMatches(expected, magnitude,
                String.format("resident gemv transA=%b m=%d n=%d alpha=%s beta=%s", transA, m, n, alpha, beta));
    }

    /**
     * The naive {@code alpha op(A) x + beta y} with A [?, n] at {@code a[aOffset ..]}, and per element the sum of
     * the magnitudes of its terms (the scale of the rounding error any summation order may make).
     */
    private static void naiveGemv(boolean transA, int n, double[] a, int aOffset, Region x, Region y, double beta,
            double alpha, double[] expected, double[] magnitude) {
        for (int r = 0; r < expected.length; r++) {
            double sum = 0;
            double abs = 0;
            for (int s = 0; s < x.length; s++) {
                double term = (transA ? a[aOffset + s * n + r] : a[aOffset + r * n + s]) * x.get(s);
                sum += term;
                abs += Math.abs(term);
            }
            double yr = beta == 0 ? 0 : beta * y.get(r);
            expected[r] = alpha * sum + yr;
            magnitude[r] = Math.abs(alpha) * abs + Math.abs(yr);
        }
    }

    // ---- ger ----

    @ParameterizedTest(name = "m={0} n={1}")
    @MethodSource("gerCases")
    void gerAddsScaledOuterProduct(int m, int n) {
        ComputeBackend backend = backend();
        SplittableRandom random = new SplittableRandom(17L * m + n);
        for (double alpha : new double[] {1.0, -0.3}) {
            Region x = Region.random(random, m, Double.NaN);
            Region y = Region.random(random, n, Double.NaN);
            Region a = Region.random(random, m * n, SENTINEL);
            double[] expected = new double[m * n];
            double[] magnitude = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double term = alpha * x.get(i) * y.get(j);
                    expected[i * n + j] = a.get(i * n + j) + term;
                    magnitude[i * n + j] = Math.abs(a.get(i * n + j)) + Math.abs(term);
                }
            }
            backend.ger(m, n, alpha, x.array, x.offset, y.array, y.offset, a.array, a.offset);
            a.assertMatches(expected, magnitude, String.format("ger m=%d n=%d alpha=%s", m, n, alpha));
        }
    }

    @Test
    void gerMatchesHandComputedUpdate() {
        double[] a = {1, 1, 1, 1, 1, 1};
        backend().ger(2, 3, 2.0, new double[] {1, -1}, 0, new double[] {1, 2, 3}, 0, a, 0);
        assertArrayEqualsExactly(new double[] {3, 5, 7, -1, -3, -5}, a);
    }

    @Test
    void gerRejectsRegionsOutsideTheArrays() {
        ComputeBackend backend = backend();
        assertRejected(() -> backend.ger(2, 3, 1, new double[2], 0, new double[3], 0, new double[5], 0));
        assertRejected(() -> backend.ger(2, 3, 1, new double[2], 1, new double[3], 0, new double[6], 0));
    }

    // ---- service behaviour ----

    @Test
    void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
        ComputeBackend backend = backend();
        int m = 24;
        int n = 40;
        int k = 56;
        int tasks = 8;
        SplittableRandom random = new SplittableRandom(99);
        double[][] as = new double[tasks][];
        double[][] bs = new double[tasks][];
        double[][] sequential = new double[tasks][];
        for (int t = 0; t < tasks; t++) {
            as[t] = random.doubles(m * k, -1, 1).toArray();
            bs[t] = random.doubles(k * n, -1, 1).toArray();
            sequential[t] = new double[m * n];
            backend.gemm(false, t % 2 == 1, m, n, k, 1.0, as[t], 0, bs[t], 0, 0.0, sequential[t], 0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int task = t;
                results.add(pool.submit(() -> {
                    double[] c = new double[m * n];
                    for (int repeat = 0; repeat < 20; repeat++) {
                        backend.gemm(false, task % 2 == 1, m, n, k, 1.0, as[task], 0, bs[task], 0, 0.0, c, 0);
                    }
                    return c;
                }));
            }
            for (int t = 0; t < tasks; t++) {
                assertArrayEqualsExactly(sequential[t], results.get(t).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void describesItself() {
        ComputeBackend backend = backend();
        assertNotNull(backend.parameters(), "parameters()");
        assertFalse(isBlank(backend.description()), "description() is blank");
        String implementation = backend.implementation();
        assertFalse(isBlank(implementation), "implementation() is blank");
        assertEquals(implementation, backend.implementation(), "implementation() changes between calls");
    }

    // ---- helpers ----

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void assertRejected(Runnable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call::run);
        assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException,
                "expected IllegalArgumentException or IndexOutOfBoundsException, got " + e);
    }

    private static void assertArrayEqualsExactly(double[] expected, double[] actual) {
        if (!Arrays.equals(expected, actual)) {
            fail("expected " + Arrays.toString(expected) + " but was " + Arrays.toString(actual));
        }
    }

    /** An operand at a random offset inside a larger array whose padding holds {@code pad}. */
    private static final class Region {
        final double[] array;
        final int offset;
        final int length;
        final double pad;

        private Region(double[] array, int offset, int length, double pad) {
            this.array = array;
            this.offset = offset;
            this.length = length;
            this.pad = pad;
        }

        static Region random(SplittableRandom random, int length, double pad) {
            int offset = random.nextInt(1, 8);
            double[] array = new double[offset + length + random.nextInt(1, 8)];
            Arrays.fill(array, pad);
            for (int i = 0; i < length; i++) {
                array[offset + i] = random.nextDouble(-1, 1);
            }
            return new Region(array, offset, length, pad);
        }

        double get(int index) {
            return array[offset + index];
        }

        /** Keeps each entry with probability {@code density}, setting the others to 0. */
        void thin(SplittableRandom random, double density) {
            for (int i = offset; i < offset + length; i++) {
                if (random.nextDouble() >= density) {
                    array[i] = 0.0;
                }
            }
        }

        void assertMatches(double[] expected, double[] magnitude, String what) {
            for (int i = 0; i < array.length; i++) {
                int inside = i - offset;
                if (inside < 0 || inside >= length) {
                    if (Double.compare(array[i], pad) != 0) {
                        fail(what + ": wrote " + array[i] + " at " + inside + ", outside the region");
                    }
                    continue;
                }
                double allowed = RELATIVE_TOLERANCE * magnitude[inside] + Double.MIN_NORMAL;
                double error = Math.abs(array[i] - expected[inside]);
                if (!(error <= allowed)) {
                    fail(String.format("%s: element %d is %s, expected %s (error %.3g, allowed %.3g)", what, inside,
                            array[i], expected[inside], error, allowed));
                }
            }
        }
    }
}
