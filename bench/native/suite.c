/*
 * The Kiln benchmark suite in C, translated line for line from dev.kiln.bench.Kernels, with a timing driver.
 * Built by bin/bench with: gcc -O3 -march=x86-64-v3 -ffp-contract=off (Java rounds every multiply and add: GNU C's
 * default would fuse a * b + c), and again with -ffast-math for the fastMath column. Kernels are noipa: compiled
 * without what their one caller passes (gcc otherwise clones a kernel for a constant argument, as it did for
 * poly's coefficient count), as Kiln compiles a kernel for any argument.
 * Usage: suite SECONDS SIZE... ; prints "kernel<TAB>size<TAB>ns_per_call" per kernel and size (median of 5).
 * Inputs have the same shapes and ranges as SuiteData; the values come from this file's own generator.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POLY_DEGREE 8
#define INTERP_TABLE 256
#define HIST_BINS 256

__attribute__((noipa)) double k_sum(const double *a, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += a[i];
    return s;
}

__attribute__((noipa)) double k_dot(const double *a, const double *b, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

__attribute__((noipa)) void k_saxpy(float alpha, const float *x, float *y, int n) {
    for (int i = 0; i < n; i++) y[i] = alpha * x[i] + y[i];
}

__attribute__((noipa)) double k_clipsum(const double *a, double lo, double hi, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double c = a[i] < lo ? lo : a[i];
        s += c > hi ? hi : c;
    }
    return s;
}

__attribute__((noipa)) long k_quantise(const double *a, double scale, int *q, int n) {
    long total = 0;
    for (int i = 0; i < n; i++) {
        double v = a[i] * scale;
        q[i] = (int) v;
        total += (long) (v * 1048576.0);
    }
    return total;
}

__attribute__((noipa)) int k_clip(const double *a, double lo, double hi, double *out, int n) {
    int changed = 0;
    for (int i = 0; i < n; i++) {
        double v = a[i];
        double c = v < lo ? lo : v;
        c = c > hi ? hi : c;
        out[i] = c;
        if (c != v) changed++;
    }
    return changed;
}

__attribute__((noipa)) double k_poly(const double *x, const double *c, int nc, double *out, int n) {
    double total = 0.0;
    for (int i = 0; i < n; i++) {
        double xi = x[i];
        double p = c[0];
        for (int k = 1; k < nc; k++) p = p * xi + c[k];
        out[i] = p;
        total += p;
    }
    return total;
}

__attribute__((noipa)) double k_interp(const double *xs, const double *ys, int nt, const double *q, double *out, int n) {
    double total = 0.0;
    for (int i = 0; i < n; i++) {
        double v = q[i], r;
        if (v <= xs[0]) {
            r = ys[0];
        } else if (v >= xs[nt - 1]) {
            r = ys[nt - 1];
        } else {
            int lo = 0, hi = nt - 1;
            while (hi - lo > 1) {
                int mid = (int) (((unsigned) lo + (unsigned) hi) >> 1);
                if (xs[mid] <= v) lo = mid; else hi = mid;
            }
            double t = (v - xs[lo]) / (xs[hi] - xs[lo]);
            r = ys[lo] + t * (ys[hi] - ys[lo]);
        }
        out[i] = r;
        total += r;
    }
    return total;
}

__attribute__((noipa)) int k_histogram(const double *a, int n, double lo, double hi, int *counts, int bins) {
    for (int b = 0; b < bins; b++) counts[b] = 0;
    double scale = bins / (hi - lo);
    int outside = 0;
    for (int i = 0; i < n; i++) {
        int b = (int) ((a[i] - lo) * scale);
        if (b < 0) { b = 0; outside++; }
        else if (b >= bins) { b = bins - 1; outside++; }
        counts[b]++;
    }
    return outside;
}

__attribute__((noipa)) void k_matmul(const double *a, const double *b, double *c, int n) {
    for (int i = 0; i < n * n; i++) c[i] = 0.0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            double aik = a[i * n + k];
            for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
        }
}

__attribute__((noipa)) double k_explog(const double *x, double *out, int n) {
    double total = 0.0;
    for (int i = 0; i < n; i++) {
        double r = log(1.0 + exp(x[i]));
        out[i] = r;
        total += r;
    }
    return total;
}

static uint64_t rng = 42;
static double uniform(double lo, double hi) { /* splitmix64 */
    uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return lo + (hi - lo) * ((z >> 11) * 0x1.0p-53);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static volatile double sink;

#define TIME(NAME, CALL)                                                                 \
    do {                                                                                 \
        long reps = 1;                                                                   \
        for (;;) { /* calibrate: one batch takes at least secs / 5 */                    \
            double t0 = now();                                                           \
            for (long r = 0; r < reps; r++) sink += (double) (CALL);                     \
            if (now() - t0 >= secs / 5 || reps > (1L << 40)) break;                      \
            reps *= 2;                                                                   \
        }                                                                                \
        double best[5];                                                                  \
        for (int m = 0; m < 5; m++) {                                                    \
            double t0 = now();                                                           \
            for (long r = 0; r < reps; r++) sink += (double) (CALL);                     \
            best[m] = (now() - t0) / reps * 1e9;                                         \
        }                                                                                \
        for (int i = 0; i < 5; i++) for (int j = i + 1; j < 5; j++)                      \
            if (best[j] < best[i]) { double t = best[i]; best[i] = best[j]; best[j] = t; } \
        printf("%s\t%d\t%.3f\n", NAME, size, best[2]);                                   \
        fflush(stdout);                                                                  \
    } while (0)

static double run_saxpy(const float *x, float *y, int n) { k_saxpy(1e-6f, x, y, n); return y[0]; }
static double run_matmul(const double *a, const double *b, double *c, int n) { k_matmul(a, b, c, n); return c[0]; }

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: suite SECONDS SIZE...\n"); return 2; }
    double secs = atof(argv[1]);
    for (int s = 2; s < argc; s++) {
        int size = atoi(argv[s]);
        double *a = malloc(sizeof(double) * size), *b = malloc(sizeof(double) * size);
        double *q = malloc(sizeof(double) * size), *out = malloc(sizeof(double) * size);
        float *fx = malloc(sizeof(float) * size), *fy = malloc(sizeof(float) * size);
        int *qi = malloc(sizeof(int) * size);
        for (int i = 0; i < size; i++) {
            a[i] = uniform(-4, 4); b[i] = uniform(-1, 1); q[i] = uniform(-0.1, 1.1);
            fx[i] = (float) uniform(-1, 1); fy[i] = (float) uniform(-1, 1);
        }
        double xs[INTERP_TABLE], ys[INTERP_TABLE], coeffs[POLY_DEGREE + 1];
        double x = 0;
        for (int i = 0; i < INTERP_TABLE; i++) { xs[i] = x; ys[i] = sin(3 * x); x += 1.0 / (INTERP_TABLE - 1) * uniform(0.5, 1.5); }
        for (int i = 0; i <= POLY_DEGREE; i++) coeffs[i] = uniform(-1, 1) / (i + 1);
        int counts[HIST_BINS];
        int n = size <= 4096 ? 64 : 128;
        double *ma = malloc(sizeof(double) * n * n), *mb = malloc(sizeof(double) * n * n), *mc = malloc(sizeof(double) * n * n);
        for (int i = 0; i < n * n; i++) { ma[i] = uniform(-1, 1); mb[i] = uniform(-1, 1); }

        TIME("sum", k_sum(a, size));
        TIME("dot", k_dot(a, b, size));
        TIME("saxpy", run_saxpy(fx, fy, size));
        TIME("clip", k_clip(a, -1.0, 1.0, out, size));
        TIME("clipSum", k_clipsum(a, -1.0, 1.0, size));
        TIME("quantise", k_quantise(a, 1000.0, qi, size));
        TIME("poly", k_poly(b, coeffs, POLY_DEGREE + 1, out, size));
        TIME("interp", k_interp(xs, ys, INTERP_TABLE, q, out, size));
        TIME("histogram", k_histogram(a, size, -3.0, 3.0, counts, HIST_BINS));
        TIME("matmul", run_matmul(ma, mb, mc, n));
        TIME("expLog", k_explog(b, out, size));
        free(qi); free(a); free(b); free(q); free(out); free(fx); free(fy); free(ma); free(mb); free(mc);
    }
    return 0;
}
