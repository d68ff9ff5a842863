package org.engram.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reference values from SciPy 1.17 ({@code scipy.special.betainc}, {@code scipy.stats.t.cdf/.ppf},
 * {@code scipy.stats.ttest_ind(a, b, equal_var=False)} and its {@code confidence_interval(0.95)}), and closed forms.
 */
class StatisticsTest {

    @Test
    void regularizedIncompleteBetaMatchesScipy() {
        assertEquals(0.36901011956554536, Statistics.regularizedIncompleteBeta(0.5, 0.5, 0.3), 1e-13);
        assertEquals(0.5248, Statistics.regularizedIncompleteBeta(2, 3, 0.4), 1e-13);
        assertEquals(0.5923866636639051, Statistics.regularizedIncompleteBeta(10, 20, 0.35), 1e-12);
        assertEquals(0.7690889207843462, Statistics.regularizedIncompleteBeta(0.1, 5, 0.01), 1e-12);
        assertEquals(0.4642352914306031, Statistics.regularizedIncompleteBeta(50, 60, 0.45), 1e-11);
        assertEquals(0, Statistics.regularizedIncompleteBeta(2, 3, 0));
        assertEquals(1, Statistics.regularizedIncompleteBeta(2, 3, 1));
    }

    @Test
    void regularizedIncompleteBetaOfArcsineIsItsClosedForm() {
        // I_x(1/2, 1/2) = (2/π) asin(√x)
        for (double x = 0.05; x < 1; x += 0.1) {
            assertEquals(2 / Math.PI * Math.asin(Math.sqrt(x)), Statistics.regularizedIncompleteBeta(0.5, 0.5, x), 1e-13);
        }
    }

    @Test
    void studentTCdfMatchesScipyAndClosedForms() {
        assertEquals(0.5, Statistics.studentTCdf(0, 3), 1e-15);
        assertEquals(0.8638034375544994, Statistics.studentTCdf(1.5, 2), 1e-13);
        assertEquals(0.026286448052184542, Statistics.studentTCdf(-2.3, 7.5), 1e-13);
        assertEquals(0.9998090771819581, Statistics.studentTCdf(4, 30), 1e-13);
        assertEquals(0.0002810018113579955, Statistics.studentTCdf(-10, 4), 1e-15);
        for (double t = -5; t <= 5; t += 0.75) {
            // one degree of freedom is the Cauchy distribution; two has F(t) = 1/2 + t / (2 √(2 + t²))
            assertEquals(0.5 + Math.atan(t) / Math.PI, Statistics.studentTCdf(t, 1), 1e-13);
            assertEquals(0.5 + t / (2 * Math.sqrt(2 + t * t)), Statistics.studentTCdf(t, 2), 1e-13);
        }
    }

    @Test
    void studentTQuantileMatchesScipy() {
        assertEquals(12.706204736174694, Statistics.studentTQuantile(0.975, 1), 1e-9);
        assertEquals(4.302652729749462, Statistics.studentTQuantile(0.975, 2), 1e-10);
        assertEquals(2.7764451051977934, Statistics.studentTQuantile(0.975, 4), 1e-10);
        assertEquals(2.25108222468444, Statistics.studentTQuantile(0.975, 9.3), 1e-10);
        assertEquals(1.9623390808264083, Statistics.studentTQuantile(0.975, 1000), 1e-10);
        assertEquals(-2.7764451051977934, Statistics.studentTQuantile(0.025, 4), 1e-10);
    }

    @Test
    void meanIntervalIsStudentTOverSeeds() {
        Statistics.Interval ci = Statistics.meanInterval(new double[] {0.912, 0.905, 0.921, 0.915});

        assertEquals(0.902665076423208, ci.low(), 1e-12);
        assertEquals(0.9238349235767922, ci.high(), 1e-12);
    }

    @Test
    void welchMatchesScipyTtestInd() {
        Statistics.Welch w = Statistics.welch(new double[] {0.912, 0.905, 0.921, 0.915}, new double[] {0.899, 0.910, 0.902});

        assertEquals(2.0506309859117993, w.t(), 1e-12);
        assertEquals(4.8243372101246935, w.df(), 1e-12);
        assertEquals(0.09761736218800145, w.p(), 1e-12);
        assertEquals(-0.0025626836894103514, w.interval().low(), 1e-12);
        assertEquals(0.021729350356077128, w.interval().high(), 1e-12);
        assertEquals(3.653 / 4 - 2.711 / 3, w.difference(), 1e-12);
    }

    @Test
    void undefinedStatisticsAreNaNNotErrors() {
        assertTrue(Double.isNaN(Statistics.sd(new double[] {0.9})));
        assertTrue(Double.isNaN(Statistics.meanInterval(new double[] {0.9}).low()));
        Statistics.Welch oneSeed = Statistics.welch(new double[] {0.9}, new double[] {0.8, 0.7});
        assertEquals(0.15, oneSeed.difference(), 1e-15);
        assertTrue(Double.isNaN(oneSeed.p()));
        // every seed equal on both sides (a deterministic task solved exactly): no variance, no test
        assertTrue(Double.isNaN(Statistics.welch(new double[] {1, 1}, new double[] {1, 1}).p()));
    }
}
