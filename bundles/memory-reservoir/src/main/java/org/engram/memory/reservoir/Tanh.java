package org.engram.memory.reservoir;

/**
 * tanh as {@link StrictMath#tanh} computes it, bit for bit: fdlibm's {@code s_tanh.c} and {@code s_expm1.c}
 * (whose results StrictMath is specified to give) transcribed to Java. On JDK 17 {@code Math.tanh} is StrictMath's,
 * a JNI call into the C fdlibm of about 15–25 ns, a tenth of a reservoir step's time at 2000 units; compiled Java
 * does the same arithmetic in about 9 ns without the call, and gives the same bits on every JDK (a later JDK's
 * {@code Math.tanh} may be an intrinsic that differs from StrictMath in the last place). {@code TanhTest} compares
 * it with {@code StrictMath.tanh} over the whole range.
 *
 * <p>From fdlibm 5.3: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a
 * Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is freely
 * granted, provided that this notice is preserved.
 */
final class Tanh {
    private static final double TINY = 1.0e-300;
    private static final double HUGE = 1.0e+300;
    private static final double O_THRESHOLD = 7.09782712893383973096e+02;
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double INVLN2 = 1.44269504088896338700e+00;
    private static final double Q1 = -3.33333333333331316428e-02;
    private static final double Q2 = 1.58730158725481460165e-03;
    private static final double Q3 = -7.93650757867487942473e-05;
    private static final double Q4 = 4.00821782732936239552e-06;
    private static final double Q5 = -2.01099218183624371326e-07;

    private Tanh() {
    }

    static double tanh(double x) {
        int jx = high(x);
        int ix = jx & 0x7fffffff;
        if (ix >= 0x7ff00000) {
            // tanh(±inf) = ±1, tanh(NaN) = NaN
            return jx >= 0 ? 1.0 / x + 1.0 : 1.0 / x - 1.0;
        }
        double z;
        if (ix < 0x40360000) { // |x| < 22
            if (ix < 0x3c800000) { // |x| < 2^-55
                return x * (1.0 + x);
            }
            if (ix >= 0x3ff00000) { // |x| >= 1
                double t = expm1(2.0 * Math.abs(x));
                z = 1.0 - 2.0 / (t + 2.0);
            } else {
                double t = expm1(-2.0 * Math.abs(x));
                z = -t / (t + 2.0);
            }
        } else {
            z = 1.0 - TINY;
        }
        return jx >= 0 ? z : -z;
    }

    static double expm1(double x) {
        int hx = high(x);
        int xsb = hx & 0x80000000;
        hx &= 0x7fffffff;
        if (hx >= 0x4043687A) { // |x| >= 56 ln2
            if (hx >= 0x40862E42) { // |x| >= 709.78...
                if (hx >= 0x7ff00000) {
                    if (((hx & 0xfffff) | low(x)) != 0) {
                        return x + x;
                    }
                    return xsb == 0 ? x : -1.0;
                }
                if (x > O_THRESHOLD) {
                    return HUGE * HUGE;
                }
            }
            if (xsb != 0 && x + TINY < 0.0) { // x < −56 ln2
                return TINY - 1.0;
            }
        }
        double hi;
        double lo;
        double c = 0.0;
        int k;
        if (hx > 0x3fd62e42) { // |x| > ln2 / 2
            if (hx < 0x3FF0A2B2) { // and |x| < 3 ln2 / 2
                if (xsb == 0) {
                    hi = x - LN2_HI;
                    lo = LN2_LO;
                    k = 1;
                } else {
                    hi = x + LN2_HI;
                    lo = -LN2_LO;
                    k = -1;
                }
            } else {
                k = (int) (INVLN2 * x + (xsb == 0 ? 0.5 : -0.5));
                double t = k;
                hi = x - t * LN2_HI;
                lo = t * LN2_LO;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        } else if (hx < 0x3c900000) { // |x| < 2^-54
            double t = HUGE + x;
            return x - (t - (HUGE + x));
        } else {
            k = 0;
        }
        double hfx = 0.5 * x;
        double hxs = x * hfx;
        double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        double t = 3.0 - r1 * hfx;
        double e = hxs * ((r1 - t) / (6.0 - x * t));
        if (k == 0) {
            return x - (x * e - hxs);
        }
        e = (x * (e - c) - c);
        e -= hxs;
        if (k == -1) {
            return 0.5 * (x - e) - 0.5;
        }
        if (k == 1) {
            return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1.0 + 2.0 * (x - e);
        }
        if (k <= -2 || k > 56) { // exp(x) − 1 suffices
            double y = 1.0 - (e - x);
            return addToExponent(y, k) - 1.0;
        }
        double y;
        if (k < 20) {
            double u = withHigh(0x3ff00000 - (0x200000 >> k)); // 1 − 2^−k
            y = u - (e - x);
        } else {
            double u = withHigh((0x3ff - k) << 20); // 2^−k
            y = x - (e + u);
            y += 1.0;
        }
        return addToExponent(y, k);
    }

    private static int high(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    private static int low(double x) {
        return (int) Double.doubleToRawLongBits(x);
    }

    /** fdlibm's {@code __HI(y) += k << 20}. */
    private static double addToExponent(double y, int k) {
        long bits = Double.doubleToRawLongBits(y);
        int hi = (int) (bits >>> 32) + (k << 20);
        return Double.longBitsToDouble(((long) hi << 32) | (bits & 0xffffffffL));
    }

    /** A double whose high word is {@code hi} and low word 0. */
    private static double withHigh(int hi) {
        return Double.longBitsToDouble((long) hi << 32);
    }
}
