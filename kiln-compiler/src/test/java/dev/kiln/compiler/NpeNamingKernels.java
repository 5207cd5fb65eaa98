package dev.kiln.compiler;

/** Null arrays whose helpful-NPE name depends on HotSpot's data-flow details (tested without debug info). */
public final class NpeNamingKernels {
    private NpeNamingKernels() {
    }

    /** {@code a} is written only on the loop's back edge: HotSpot still says {@code <parameter1>}. */
    public static int backEdgeWrite(int[] a, int[] b, int n) {
        for (int i = 0; i < n; i++) a = b;
        return a[0];
    }

    /** Written before the read on a forward path: {@code <local0>}. */
    public static int forwardWrite(int[] a, int[] b, int n) {
        if (n > 0) a = b;
        return a[0];
    }

    /** Written inside the loop and read inside it after the write: {@code <local0>}. */
    public static int writeThenReadInLoop(int[] a, int[] b, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[0];
            a = b;
        }
        return s;
    }

    /** 32 longs fill slots 0..63; the array is slot 64, which HotSpot's analysis does not track. */
    public static int slot64(long p0, long p1, long p2, long p3, long p4, long p5, long p6, long p7, long p8, long p9,
                             long p10, long p11, long p12, long p13, long p14, long p15, long p16, long p17, long p18,
                             long p19, long p20, long p21, long p22, long p23, long p24, long p25, long p26, long p27,
                             long p28, long p29, long p30, long p31, int[] a) {
        return a.length;
    }

    /** Slot 63 is still tracked: {@code <parameter64>}. */
    public static int slot63(long p0, long p1, long p2, long p3, long p4, long p5, long p6, long p7, long p8, long p9,
                             long p10, long p11, long p12, long p13, long p14, long p15, long p16, long p17, long p18,
                             long p19, long p20, long p21, long p22, long p23, long p24, long p25, long p26, long p27,
                             long p28, long p29, long p30, int x, int[] a) {
        return a.length + x;
    }
}
