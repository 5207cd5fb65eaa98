package dev.kiln.examples.loss;

import dev.kiln.Kernel;

import java.util.stream.IntStream;

/**
 * Philox-4x32 counter-based generator, the seed hashes, and the Latin-hypercube sampler built on it.
 * Bit-exact with the reference: every 32-bit word lives in an {@code int}; unsigned values are widened with
 * {@code & MASK32} and the 64-bit products are taken modulo 2^64, which is what an unsigned multiply gives.
 */
public final class Philox {
    private Philox() {
    }

    static final long MASK32 = 0xFFFFFFFFL;
    static final long MUL0 = 0xD2511F53L;
    static final long MUL1 = 0xCD9E8D57L;
    static final int WEYL0 = 0x9E3779B9;
    static final int WEYL1 = 0xBB67AE85;
    /** 2^-32: scales a word to [0, 1). */
    static final double TWO_NEG32 = 0x1p-32;
    static final int ROUNDS = 7;

    static final long MOD31 = 2147483648L;
    static final long DAMAGE_GROUP = 1543270363L;
    static final long DAMAGE_EVENT = 1943272559L;
    static final long HAZARD_GROUP = 1143271949L;
    static final long HAZARD_EVENT = 1243274353L;
    static final long HAZARD_MOD = 1957483729L;
    static final long CORR_GROUP = 1836311903L;

    /**
     * One Philox-4x32 block of {@code rounds} rounds on counter (c0..c3) and key (k0, k1); the 4 output words go to
     * {@code out[off..off+4)}.
     */
    @Kernel
    public static void block(int rounds, int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int off) {
        for (int r = 0; r < rounds; r++) {
            long p0 = MUL0 * (c0 & MASK32);
            long p1 = MUL1 * (c2 & MASK32);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (int) p1;
            c2 = n2;
            c3 = (int) p0;
            k0 += WEYL0;
            k1 += WEYL1;
        }
        out[off] = c0;
        out[off + 1] = c1;
        out[off + 2] = c2;
        out[off + 3] = c3;
    }

    /** Seed of the damage sample for (group, event): each term is reduced mod 2^31 before the sum, as upstream. */
    @Kernel
    public static long damageSeed(long base, long groupId, long eventId) {
        return (base + Math.floorMod(groupId * DAMAGE_GROUP, MOD31) + Math.floorMod(eventId * DAMAGE_EVENT, MOD31))
                % MOD31;
    }

    /** Seed of the hazard sample: other multipliers and a non-power-of-two modulus. */
    @Kernel
    public static long hazardSeed(long base, long groupId, long eventId) {
        return (base + Math.floorMod(groupId * HAZARD_GROUP, HAZARD_MOD) + Math.floorMod(eventId * HAZARD_EVENT, HAZARD_MOD))
                % HAZARD_MOD;
    }

    /** Seed of a correlation group. */
    @Kernel
    public static long correlationSeed(long base, long groupId, long eventId) {
        return (base + Math.floorMod(groupId * CORR_GROUP, MOD31) + Math.floorMod(eventId * DAMAGE_EVENT, MOD31))
                % MOD31;
    }

    /** Damage seeds for {@code n} groups of one event. */
    @Kernel
    public static void damageSeeds(int[] groupIds, int n, int eventId, long base, long[] seeds) {
        for (int g = 0; g < n; g++) {
            seeds[g] = damageSeed(base, groupIds[g], eventId);
        }
    }

    /** Fisher–Yates step: swap a[off+idx] with a[off+j], j drawn from word w over 0..idx. */
    static void shuffleStep(double[] a, int off, int idx, int w) {
        // w * 2^-32 is exact, so one rounding happens, in the multiply by idx+1.
        int j = (int) ((w & MASK32) * TWO_NEG32 * (idx + 1));
        double t = a[off + idx];
        a[off + idx] = a[off + j];
        a[off + j] = t;
    }

    /**
     * One Latin-hypercube row of {@code n} uniforms in (0, 1] for {@code seed} into {@code out[off..off+n)}: a
     * shuffled permutation of 1..n, each jittered down by a uniform and scaled by 1/n. {@code words} is scratch
     * of length 4.
     */
    @Kernel
    public static void lhsRow(long seed, int n, double[] out, int off, int[] words) {
        lhsRowAt(seed, n, out, off, words, 0);
    }

    /** {@link #lhsRow} with its scratch at {@code words[wo..wo+4)}. */
    static void lhsRowAt(long seed, int n, double[] out, int off, int[] words, int wo) {
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        for (int k = 0; k < n; k++) {
            out[off + k] = k + 1;
        }
        // Shuffle with counters (ctr, 1, 0, 0); unused words of the last block are dropped.
        int idx = n - 1;
        for (int ctr = 0; idx >= 1; ctr++) {
            block(ROUNDS, ctr, 1, 0, 0, k0, k1, words, wo);
            for (int q = 0; q < 4 && idx >= 1; q++) {
                shuffleStep(out, off, idx, words[wo + q]);
                idx--;
            }
        }
        // Jitter with counters (ctr, 0, 0, 0). Upstream multiplies by a precomputed 1/n (not a division):
        // the two differ in the last bit, and the check vector needs the multiply.
        double invN = 1.0 / n;
        int k = 0;
        for (int ctr = 0; k < n; ctr++) {
            block(ROUNDS, ctr, 0, 0, 0, k0, k1, words, wo);
            for (int q = 0; q < 4 && k < n; q++) {
                out[off + k] = (out[off + k] - (words[wo + q] & MASK32) * TWO_NEG32) * invN;
                k++;
            }
        }
    }

    /**
     * Rows {@code r < nRows} of {@code n} samples each, row r at {@code out[r*n ..]} from {@code seeds[r]}; rows below
     * {@code skip} are left 0 (the correlation arrays pass 1).
     */
    @Kernel
    public static void lhsRows(long[] seeds, int nRows, int n, int skip, double[] out, int[] words) {
        for (int r = 0; r < nRows; r++) {
            lhsRowOrZero(seeds, r, n, skip, out, words, 0);
        }
    }

    /**
     * {@link #lhsRows} with the rows in parallel (Java's parallel stream; a native parallel loop on Kiln): the same
     * values, since each row depends on its seed only and writes its own {@code out} slice. The rows are cut into
     * {@code lanes} consecutive ranges (a row is too little work for a parallel loop's block of its own), lane l
     * using {@code words[4l..4l+4)}: {@code words} is scratch of length {@code 4 * lanes}.
     */
    @Kernel
    public static void lhsRowsParallel(long[] seeds, int nRows, int n, int skip, double[] out, int[] words, int lanes) {
        int per = (nRows + lanes - 1) / lanes;
        IntStream.range(0, lanes).parallel().forEach(l -> {
            for (int r = l * per; r < Math.min(nRows, l * per + per); r++) {
                lhsRowOrZero(seeds, r, n, skip, out, words, 4 * l);
            }
        });
    }

    private static void lhsRowOrZero(long[] seeds, int r, int n, int skip, double[] out, int[] words, int wo) {
        if (r < skip) {
            for (int k = 0; k < n; k++) {
                out[r * n + k] = 0.0;
            }
        } else {
            lhsRowAt(seeds[r], n, out, r * n, words, wo);
        }
    }
}
