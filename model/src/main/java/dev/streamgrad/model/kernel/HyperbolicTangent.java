package dev.streamgrad.model.kernel;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * tanh as the networks compute it: in plain Java from additions, multiplications and one division, so that it
 * gives the same bits on every JVM, with or without the Vector API ({@link VectorKernels#tanh} computes the same
 * operations lane by lane) and costs no native call.
 *
 * <p>Why not {@link Math#tanh}: on Java 17 it is a JNI call into fdlibm (about 28 ns, more than the rest of an
 * 8-16-1 event's arithmetic), and on JDK 21+ HotSpot replaces it with an intrinsic whose bits differ from fdlibm's
 * in about one input in five, so a tanh network's weights would depend on the JDK that learned them.
 *
 * <p>Method: for |x| in [2⁻²⁸, 22], with t = 2|x| and E = e^t − 1, tanh|x| = E / (E + 2). E comes from
 * t = k·ln 2 + r (|r| ≤ ln 2 / 2, ln 2 split in a 24-bit head, whose multiples by k ≤ 64 are exact, and a tail),
 * e^r − 1 = r + r²·(1/2! + r/3! + … + r¹¹/13!) (Taylor's remainder below 0.1 ulp on that interval) and
 * E = (2^k − 1) + 2^k·r + 2^k·r²·(…), the first two terms summed with their rounding error kept. k is rounded to
 * nearest by adding and subtracting 1.5·2⁵² (no conversion to an integer, which 4-lane vectors do not have); here
 * 2^k is built from the sum's low bits, in {@link VectorKernels} from k's binary digits (the same power of two).
 * Accuracy: at most 2.3 ulp from the exact value over
 * 200,000 points in [−4, 4] against a 120-bit reference (fdlibm: 2.1); see {@code HyperbolicTangentTest}.
 * Outside: |x| &lt; 2⁻²⁸ gives x (tanh x = x − x³/3 rounds to x), |x| &gt; 22 gives ±1 (e^−44 is below half an ulp
 * of 1), NaN gives NaN, ±∞ gives ±1. The function is odd: tanh(−x) = −tanh(x) bit for bit.
 */
public final class HyperbolicTangent {

    /** Beyond this |x|, tanh rounds to ±1 (1 − tanh x ≈ 2e^−2|x| &lt; 2⁻⁵⁴ from |x| ≈ 19.1). */
    static final double SATURATION = 22.0;
    /** Below this |x|, tanh x rounds to x. */
    static final double TINY = 0x1p-28;
    static final double INV_LN2 = 1.4426950408889634;
    /** Adding and subtracting it rounds a double of magnitude below 2⁵¹ to the nearest integer (ties to even). */
    static final double ROUNDER = 0x1.8p52;
    /** ln 2 with its low 28 bits of significand cleared: k·LN2_HI is exact for |k| &lt; 2²⁹. */
    static final double LN2_HI =
            Double.longBitsToDouble(Double.doubleToRawLongBits(0.6931471805599453) & 0xFFFF_FFFF_F000_0000L);
    /** ln 2 − LN2_HI, rounded once from 60 digits of ln 2. */
    static final double LN2_LO = new BigDecimal("0.693147180559945309417232121458176568075500134360255254120680")
            .subtract(new BigDecimal(LN2_HI)).doubleValue();
    /** The bits of 1.0: adding k·2⁵² to them gives 2^k. */
    static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    /** 1/n! for n = 2..13, each rounded once. */
    static final double C2 = inverseFactorial(2);
    static final double C3 = inverseFactorial(3);
    static final double C4 = inverseFactorial(4);
    static final double C5 = inverseFactorial(5);
    static final double C6 = inverseFactorial(6);
    static final double C7 = inverseFactorial(7);
    static final double C8 = inverseFactorial(8);
    static final double C9 = inverseFactorial(9);
    static final double C10 = inverseFactorial(10);
    static final double C11 = inverseFactorial(11);
    static final double C12 = inverseFactorial(12);
    static final double C13 = inverseFactorial(13);

    private HyperbolicTangent() {
    }

    private static double inverseFactorial(int n) {
        BigDecimal f = BigDecimal.ONE;
        for (int i = 2; i <= n; i++) {
            f = f.multiply(BigDecimal.valueOf(i));
        }
        return BigDecimal.ONE.divide(f, MathContext.DECIMAL128).doubleValue();
    }

    /** @return tanh x, as the class comment says (not modified: nothing; pure function) */
    public static double tanh(double x) {
        double ax = Math.abs(x);
        if (!(ax <= SATURATION)) {
            return ax > SATURATION ? Math.copySign(1.0, x) : x; // ±∞ → ±1; NaN stays NaN
        }
        if (ax < TINY) {
            return x; // also ±0
        }
        double t = ax + ax;
        double kr = t * INV_LN2 + ROUNDER;
        double k = kr - ROUNDER;
        double r = (t - k * LN2_HI) - k * LN2_LO;
        double q = C13;
        q = q * r + C12;
        q = q * r + C11;
        q = q * r + C10;
        q = q * r + C9;
        q = q * r + C8;
        q = q * r + C7;
        q = q * r + C6;
        q = q * r + C5;
        q = q * r + C4;
        q = q * r + C3;
        q = q * r + C2;
        // kr's low significand bits hold k (2⁵¹ + k); shifted into the exponent field they give 2^k.
        double s = Double.longBitsToDouble((Double.doubleToRawLongBits(kr) << 52) + ONE_BITS);
        double sm1 = s - 1.0; // exact for k ≤ 53; beyond, the 1 is below E's last bit and E / (E + 2) is 1 anyway
        double sr = s * r; // exact: a power of two
        double hi = sm1 + sr;
        double lo = (sm1 - hi) + sr; // hi + lo = sm1 + sr exactly (|sm1| ≥ |sr| for k ≥ 1; hi = sr for k = 0)
        double e = hi + (lo + s * (r * r * q));
        double y = e / (e + 2.0);
        return x < 0 ? -y : y;
    }
}
