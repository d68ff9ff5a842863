package org.engram.study;

/**
 * The statistics a report draws over seeds: mean, sample SD, Student-t confidence intervals and Welch's unequal-variance
 * t-test. Written here because the Student t distribution is all that is needed of a statistics library; its CDF comes
 * from the regularized incomplete beta function (continued fraction, Lentz's method) and its quantile by bisection on
 * the CDF. Undefined results (fewer than two values, no variance) are NaN, never an exception.
 */
final class Statistics {

    /** The two-sided confidence level of every interval a report shows. */
    static final double LEVEL = 0.95;

    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;
    /** Lanczos approximation of ln Γ, g = 7, nine terms: relative error below 1e-15 for positive arguments. */
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    private Statistics() {
    }

    /** A confidence interval; both ends NaN where it is undefined. */
    record Interval(double low, double high) {
        static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);
    }

    /**
     * Welch's two-sample t-test of {@code a} against {@code b}.
     *
     * @param difference mean(a) - mean(b)
     * @param interval   the {@link #LEVEL} confidence interval of the difference
     * @param t          the statistic
     * @param df         the Welch–Satterthwaite degrees of freedom
     * @param p          the two-sided p-value
     */
    record Welch(double difference, Interval interval, double t, double df, double p) {
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return x.length == 0 ? Double.NaN : sum / x.length;
    }

    /** Sample standard deviation (divisor n - 1), two-pass for accuracy; NaN below two values. */
    static double sd(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1));
    }

    /** The {@link #LEVEL} confidence interval of the mean of {@code x}: mean ± t(n - 1) · SD / √n. */
    static Interval meanInterval(double[] x) {
        if (x.length < 2) {
            return Interval.UNDEFINED;
        }
        double m = mean(x);
        double half = studentTQuantile(0.5 + LEVEL / 2, x.length - 1) * sd(x) / Math.sqrt(x.length);
        return new Interval(m - half, m + half);
    }

    /** Welch's t-test; every field but the difference is NaN when either side has fewer than two values or neither varies. */
    static Welch welch(double[] a, double[] b) {
        double difference = mean(a) - mean(b);
        if (a.length < 2 || b.length < 2) {
            return new Welch(difference, Interval.UNDEFINED, Double.NaN, Double.NaN, Double.NaN);
        }
        double va = variance(a) / a.length;
        double vb = variance(b) / b.length;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Welch(difference, Interval.UNDEFINED, Double.NaN, Double.NaN, Double.NaN);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double t = difference / se;
        double p = 2 * studentTCdf(-Math.abs(t), df);
        double half = studentTQuantile(0.5 + LEVEL / 2, df) * se;
        return new Welch(difference, new Interval(difference - half, difference + half), t, df, Math.min(1.0, p));
    }

    private static double variance(double[] x) {
        double s = sd(x);
        return s * s;
    }

    /** P(T ≤ t) for Student's t with {@code df} > 0 degrees of freedom (not necessarily whole). */
    static double studentTCdf(double t, double df) {
        if (!(df > 0) || Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1 : 0;
        }
        // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2)
        double tail = 0.5 * regularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
        return t > 0 ? 1 - tail : tail;
    }

    /** The t with P(T ≤ t) = p, for 0 < p < 1: bisection, which the CDF's monotonicity makes safe. */
    static double studentTQuantile(double p, double df) {
        if (!(p > 0 && p < 1) || !(df > 0)) {
            return Double.NaN;
        }
        double low = -1;
        double high = 1;
        while (studentTCdf(low, df) > p) {
            low *= 2;
        }
        while (studentTCdf(high, df) < p) {
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-13 * Math.max(1, Math.abs(low)); i++) {
            double mid = (low + high) / 2;
            if (studentTCdf(mid, df) < p) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    /** I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1. */
    static double regularizedIncompleteBeta(double a, double b, double x) {
        if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) {
            return Double.NaN;
        }
        if (x == 0 || x == 1) {
            return x;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // the continued fraction converges fast only below the mean a / (a + b); above it use I_x(a,b) = 1 - I_{1-x}(b,a)
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaContinuedFraction(a, b, x) / a;
        }
        return 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
    }

    /** The continued fraction of the incomplete beta function, evaluated by the modified Lentz method. */
    private static double betaContinuedFraction(double a, double b, double x) {
        double c = 1;
        double d = nonZero(1 - (a + b) * x / (a + 1));
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 / nonZero(1 + even * d);
            c = nonZero(1 + even / c);
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 / nonZero(1 + odd * d);
            c = nonZero(1 + odd / c);
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < EPSILON) {
                return h;
            }
        }
        throw new ArithmeticException("the incomplete beta function did not converge for a=" + a + ", b=" + b + ", x=" + x);
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }

    /** ln Γ(x) for x > 0 (Lanczos; the reflection formula below 1/2). */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double y = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (y + i);
        }
        double t = y + LANCZOS_G + 0.5;
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
