package dev.kiln.compiler.diff;

/** Corpus (issue 9): signal-processing kernels with the argument checks such code carries. */
final class SignalCorpus {
    private SignalCorpus() {
    }

    /** In-place bit-reversal permutation of interleaved complex data, as an FFT does before its butterflies. */
    static void bitReverse(double[] data) {
        int n = data.length / 2;
        int bits = log2(n);
        for (int i = 0; i < n; i++) {
            int j = 0;
            for (int b = 0, k = i; b < bits; b++, k >>= 1) j = (j << 1) | (k & 1);
            if (j > i) {
                double re = data[2 * i];
                double im = data[2 * i + 1];
                data[2 * i] = data[2 * j];
                data[2 * i + 1] = data[2 * j + 1];
                data[2 * j] = re;
                data[2 * j + 1] = im;
            }
        }
    }

    static int log2(int n) {
        int log = 0;
        for (int k = 1; k < n; k *= 2) log++;
        if (n != (1 << log)) throw new IllegalArgumentException("Data length is not a power of 2!: " + n);
        return log;
    }

    /** Trailing moving average; writes out[0 .. in.length - window]. */
    static int movingAverage(double[] in, double[] out, int window) {
        if (window <= 0) throw new IllegalArgumentException("window must be positive: " + window);
        int need = in.length - window + 1;
        if (need <= 0) return 0;
        if (out.length < need) throw new IllegalArgumentException("output too short: " + out.length + " < " + need);
        double sum = 0;
        for (int i = 0; i < window; i++) sum += in[i];
        out[0] = sum / window;
        for (int i = window; i < in.length; i++) {
            sum += in[i] - in[i - window];
            out[i - window + 1] = sum / window;
        }
        return need;
    }

    /** Full linear convolution y = x * h. */
    static void convolve(double[] x, double[] h, double[] y) {
        if (h.length == 0) throw new IllegalArgumentException("kernel is empty");
        if (y.length != x.length + h.length - 1) {
            throw new IllegalArgumentException("y has length " + y.length + ", expected " + (x.length + h.length - 1));
        }
        for (int i = 0; i < y.length; i++) y[i] = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < h.length; j++) y[i + j] += x[i] * h[j];
        }
    }

    /** Keeps every factor-th sample (no filtering). */
    static int decimate(float[] in, float[] out, int factor) {
        if (factor < 1) throw new IllegalArgumentException("decimation factor " + factor + " < 1");
        int n = (in.length + factor - 1) / factor;
        if (out.length < n) throw new ArrayIndexOutOfBoundsException("need " + n + " output samples, have " + out.length);
        for (int i = 0; i < n; i++) {
            assert i * factor < in.length : "index " + i * factor;
            out[i] = in[i * factor];
        }
        return n;
    }
}
