package dev.streamgrad.model.drift;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ADWIN (ADaptive WINdowing), Bifet and Gavaldà, "Learning from Time-Changing Data with Adaptive Windowing", SDM
 * 2007: the ADWIN2 version, which keeps the window as an exponential histogram of buckets, transcribed from MOA's
 * {@code moa.classifiers.core.driftdetection.ADWIN} (release 2024.07.0) so that it detects at the same indexes on the
 * same stream (tested against MOA itself).
 *
 * <p>The window W holds the values seen since the last cut, summarised by buckets: row r holds up to M buckets of
 * 2^r values each (their sum and their variance sum); when a row holds M + 1, its two oldest are merged into one
 * bucket of the next row. Every {@code clock} values, while |W| &gt; {@code minWindowLength}, every split of W at a
 * bucket boundary into an older W₀ and a newer W₁ (both longer than {@code minSubWindowLength} + 1) is tested, from
 * the oldest split onwards:
 * <pre>
 *   |μ̂₀ − μ̂₁| &gt; ε_cut,   ε_cut = √(2·m·σ̂²_W·δ″) + (2/3)·δ″·m,
 *   m = 1/(n₀ − s + 1) + 1/(n₁ − s + 1),   δ″ = ln(2·ln|W| / δ),   s = minSubWindowLength
 * </pre>
 * (σ̂²_W the variance of the whole window; δ″ = ln(2/δ′) with δ′ = δ/ln|W|, MOA's form). On a cut the oldest bucket
 * is dropped and the scan starts again, until no split passes. {@link #add} returns true if at least one cut was made.
 *
 * <p>MOA computes two products in 32-bit {@code int}: n₁·|W| when the oldest bucket is dropped, and 2^r·2^r when two
 * buckets of row r are merged. They overflow for windows of about 2^17 values and more (and for merges in rows ≥ 16).
 * This class computes them the same way, deliberately, so that its detections stay identical to MOA's on long
 * streams too; the window length is an {@code int} as in MOA. The step count is a {@code long} (MOA's {@code int}
 * would wrap after 2³¹ values; with a clock that divides 2³², as the default 32 does, both run the test at the same
 * steps). MOA's bucket-count statistics are not kept (they do not influence detection).
 */
public final class Adwin implements DriftDetector {
    private static final byte STATE_VERSION = 1;

    private final AdwinSpec spec;
    private final int maxBuckets;

    /** Values added (MOA mintTime). */
    private long time;
    /** |W| (MOA WIDTH). */
    private int width;
    /** Σ of the window's values (MOA TOTAL). */
    private double total;
    /** Σ of squared deviations from the window mean (MOA VARIANCE; σ̂²_W = variance / width). */
    private double variance;
    /** Σ over steps of |W| (MOA mdblWidth). */
    private double widthSum;
    private long detections;
    /** The step of the last cut, 0 if none (MOA Detect). */
    private long lastDetection;
    private boolean detected;
    /** Index of the last (oldest, largest-bucket) row; row 0 always exists (MOA lastBucketRow). */
    private int lastRow;
    /** Per row: buckets in use, oldest first. */
    private int[] count;
    private double[][] bucketTotal;
    private double[][] bucketVariance;

    Adwin(AdwinSpec spec) {
        this.spec = spec;
        this.maxBuckets = spec.maxBuckets();
        reset();
    }

    @Override
    public AdwinSpec spec() {
        return spec;
    }

    @Override
    public void reset() {
        time = 0;
        width = 0;
        total = 0;
        variance = 0;
        widthSum = 0;
        detections = 0;
        lastDetection = 0;
        detected = false;
        lastRow = 0;
        allocateRows(8);
    }

    private void allocateRows(int capacity) {
        count = new int[capacity];
        bucketTotal = new double[capacity][maxBuckets + 1];
        bucketVariance = new double[capacity][maxBuckets + 1];
    }

    @Override
    public boolean add(double x) {
        DetectorChecks.requireFinite(x);
        boolean change = false;
        time++;
        insertElement(x);
        if (time % spec.clock() == 0 && width > spec.minWindowLength()) {
            boolean reduceWidth = true;
            while (reduceWidth) {
                reduceWidth = false;
                if (cutOnce()) {
                    reduceWidth = true;
                    change = true;
                }
            }
        }
        widthSum += width;
        if (change) {
            detections++;
        }
        detected = change;
        return change;
    }

    /**
     * One scan over the splits, oldest first (MOA's inner do-while): at the first split that passes the test, drops
     * the oldest bucket and returns true.
     */
    private boolean cutOnce() {
        int minSub = spec.minSubWindowLength();
        int n0 = 0;
        int n1 = width;
        double u0 = 0;
        double u1 = total;
        for (int i = lastRow; i >= 0; i--) {
            int size = bucketSize(i);
            double[] totals = bucketTotal[i];
            for (int k = 0; k <= count[i] - 1; k++) {
                n0 += size;
                n1 -= size;
                u0 += totals[k];
                u1 -= totals[k];
                if (i == 0 && k == count[i] - 1) {
                    return false;
                }
                double absValue = (u0 / n0) - (u1 / n1);
                if (n1 > minSub + 1 && n0 > minSub + 1 && cutExpression(n0, n1, absValue)) {
                    lastDetection = time;
                    // MOA checks width > 0 here; a cut needs n₀, n₁ > s + 1, so the window is never empty
                    deleteElement();
                    return true;
                }
            }
        }
        return false;
    }

    /** MOA's blnCutexpression: the expressions are written in MOA's order so that the doubles agree bit for bit. */
    private boolean cutExpression(int n0, int n1, double absValue) {
        int minSub = spec.minSubWindowLength();
        int n = width;
        double dd = Math.log(2 * Math.log(n) / spec.delta());
        double v = variance / width;
        double m = ((double) 1 / ((n0 - minSub + 1))) + ((double) 1 / ((n1 - minSub + 1)));
        double epsilon = Math.sqrt(2 * m * v * dd) + (double) 2 / 3 * dd * m;
        return Math.abs(absValue) > epsilon;
    }

    private void insertElement(double value) {
        width++;
        insertBucket(0, value, 0);
        double incVariance = 0;
        if (width > 1) {
            incVariance = (width - 1) * (value - total / (width - 1)) * (value - total / (width - 1)) / width;
        }
        variance += incVariance;
        total += value;
        compressBuckets();
    }

    private void insertBucket(int row, double value, double var) {
        int k = count[row]++;
        bucketTotal[row][k] = value;
        bucketVariance[row][k] = var;
    }

    /** Merges the two oldest buckets of each full row into the next row, from row 0 up, while rows overflow. */
    private void compressBuckets() {
        for (int i = 0; count[i] == maxBuckets + 1; i++) {
            if (i + 1 > lastRow) {
                addRow();
            }
            int n1 = bucketSize(i);
            int n2 = bucketSize(i);
            double u1 = bucketTotal[i][0] / n1;
            double u2 = bucketTotal[i][1] / n2;
            // n1 * n2 in int, as MOA does (see the class comment)
            double incVariance = n1 * n2 * (u1 - u2) * (u1 - u2) / (n1 + n2);
            insertBucket(i + 1, bucketTotal[i][0] + bucketTotal[i][1],
                    bucketVariance[i][0] + bucketVariance[i][1] + incVariance);
            removeOldest(i, 2);
            if (count[i + 1] <= maxBuckets) {
                break;
            }
        }
    }

    private void addRow() {
        lastRow++;
        if (lastRow == count.length) {
            int cap = 2 * count.length;
            count = Arrays.copyOf(count, cap);
            bucketTotal = Arrays.copyOf(bucketTotal, cap);
            bucketVariance = Arrays.copyOf(bucketVariance, cap);
            for (int r = lastRow; r < cap; r++) {
                bucketTotal[r] = new double[maxBuckets + 1];
                bucketVariance[r] = new double[maxBuckets + 1];
            }
        }
        count[lastRow] = 0;
    }

    /** Drops the oldest bucket of the window (MOA deleteElement). */
    private void deleteElement() {
        int row = lastRow;
        int n1 = bucketSize(row);
        width -= n1;
        total -= bucketTotal[row][0];
        double u1 = bucketTotal[row][0] / n1;
        // n1 * width in int, as MOA does (see the class comment)
        double incVariance = bucketVariance[row][0]
                + n1 * width * (u1 - total / width) * (u1 - total / width) / (n1 + width);
        variance -= incVariance;
        removeOldest(row, 1);
        if (count[row] == 0) {
            lastRow--;
        }
    }

    private void removeOldest(int row, int n) {
        int left = count[row] - n;
        System.arraycopy(bucketTotal[row], n, bucketTotal[row], 0, left);
        System.arraycopy(bucketVariance[row], n, bucketVariance[row], 0, left);
        Arrays.fill(bucketTotal[row], left, maxBuckets + 1, 0.0);
        Arrays.fill(bucketVariance[row], left, maxBuckets + 1, 0.0);
        count[row] = left;
    }

    /** 2^row as MOA computes it ({@code (int) Math.pow(2, row)}, which saturates at 2³¹ − 1). */
    private static int bucketSize(int row) {
        return row < 31 ? 1 << row : Integer.MAX_VALUE;
    }

    @Override
    public boolean detected() {
        return detected;
    }

    @Override
    public long observations() {
        return time;
    }

    @Override
    public long detections() {
        return detections;
    }

    /** @return |W| */
    public int width() {
        return width;
    }

    /** @return μ̂_W, the mean of the window (0 when empty) */
    @Override
    public double estimate() {
        return width == 0 ? 0 : total / width;
    }

    /** @return σ̂²_W, the variance of the window (0 when empty) */
    public double variance() {
        return width == 0 ? 0 : variance / width;
    }

    /**
     * @return observations, detections, estimate (μ̂_W), width (|W|), variance (σ̂²_W), total (Σ W), buckets (in use),
     *     last_detection (the observation of the last cut, 0 if none), mean_width (mean |W| over the steps)
     */
    @Override
    public Map<String, Double> statistics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("observations", (double) time);
        m.put("detections", (double) detections);
        m.put("estimate", estimate());
        m.put("width", (double) width);
        m.put("variance", variance());
        m.put("total", total);
        int buckets = 0;
        for (int r = 0; r <= lastRow; r++) {
            buckets += count[r];
        }
        m.put("buckets", (double) buckets);
        m.put("last_detection", (double) lastDetection);
        m.put("mean_width", time == 0 ? 0 : widthSum / time);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Layout (big-endian): version byte (1); time int64; width int32; total, variance, widthSum float64; detections,
     * lastDetection int64; detected byte; rows int32; per row (newest first): count int32, then count × (total,
     * variance) float64, oldest bucket first.
     */
    @Override
    public byte[] exportState() {
        int rows = lastRow + 1;
        int buckets = 0;
        for (int r = 0; r < rows; r++) {
            buckets += count[r];
        }
        ByteBuffer bb = ByteBuffer.allocate(1 + 8 + 4 + 24 + 16 + 1 + 4 + 4 * rows + 16 * buckets);
        bb.put(STATE_VERSION).putLong(time).putInt(width).putDouble(total).putDouble(variance).putDouble(widthSum)
                .putLong(detections).putLong(lastDetection).put((byte) (detected ? 1 : 0)).putInt(rows);
        for (int r = 0; r < rows; r++) {
            bb.putInt(count[r]);
            for (int k = 0; k < count[r]; k++) {
                bb.putDouble(bucketTotal[r][k]).putDouble(bucketVariance[r][k]);
            }
        }
        return bb.array();
    }

    @Override
    public void importState(byte[] state) {
        try {
            ByteBuffer bb = ByteBuffer.wrap(state);
            byte version = bb.get();
            require(version == STATE_VERSION, "unsupported state version " + version);
            long t = bb.getLong();
            int w = bb.getInt();
            double tot = bb.getDouble();
            double var = bb.getDouble();
            double ws = bb.getDouble();
            long det = bb.getLong();
            long last = bb.getLong();
            byte flag = bb.get();
            int rows = bb.getInt();
            require(t >= 0 && w >= 0 && det >= 0 && last >= 0 && last <= t && (flag == 0 || flag == 1),
                    "counters out of range");
            require(rows >= 1 && rows <= 64 && rows <= bb.remaining() / 4, "row count " + rows + " out of range");
            int[] c = new int[Math.max(8, Integer.highestOneBit(rows) * 2)];
            double[][] bt = new double[c.length][maxBuckets + 1];
            double[][] bv = new double[c.length][maxBuckets + 1];
            long sum = 0;
            for (int r = 0; r < rows; r++) {
                c[r] = bb.getInt();
                require(c[r] >= 0 && c[r] <= maxBuckets, "row " + r + " holds " + c[r] + " buckets, at most "
                        + maxBuckets + " allowed");
                require(r == 0 || r < rows - 1 || c[r] > 0, "the last row is empty");
                for (int k = 0; k < c[r]; k++) {
                    bt[r][k] = bb.getDouble();
                    bv[r][k] = bb.getDouble();
                }
                sum += (long) c[r] * bucketSize(r);
            }
            require(!bb.hasRemaining(), bb.remaining() + " trailing bytes");
            require(sum == w, "the buckets hold " + sum + " values but the width is " + w);
            time = t;
            width = w;
            total = tot;
            variance = var;
            widthSum = ws;
            detections = det;
            lastDetection = last;
            detected = flag == 1;
            lastRow = rows - 1;
            count = c;
            bucketTotal = bt;
            bucketVariance = bv;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("adwin state: truncated (" + state.length + " bytes)", e);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("adwin state: " + message);
        }
    }

    @Override
    public String toString() {
        return "Adwin[" + spec.toText() + ", width=" + width + ", detections=" + detections + "]";
    }
}
