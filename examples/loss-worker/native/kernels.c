/*
 * The loss-worker kernels in C, for the benchmark report: the same algorithms as the Java kernels in
 * dev.kiln.examples.loss (Philox LHS, ground-up inverse-CDF sampling, the calcrule dispatch with pro-rata
 * back-allocation, the EP/TVaR scan with heap sort), on the same deterministic workload as numba/kernels.py
 * and dev.kiln.examples.loss.CrossCheck.
 *
 *   gcc -O3 -march=x86-64-v3 -o kernels kernels.c -lm && ./kernels [rows] [samples] [repeats]
 *
 * gcc contracts a*b+c into FMA under -march=x86-64-v3 by default; add -ffp-contract=off for checksums that are
 * bit-identical to Java and Numba (which never contract). The Philox row is integer/exact either way.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- Philox-4x32 and the Latin hypercube */

static inline void philox_block(int rounds, uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3,
                                uint32_t k0, uint32_t k1, uint32_t out[4]) {
    for (int r = 0; r < rounds; r++) {
        uint64_t p0 = (uint64_t)0xD2511F53u * c0;
        uint64_t p1 = (uint64_t)0xCD9E8D57u * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        c0 = n0; c1 = (uint32_t)p1; c2 = n2; c3 = (uint32_t)p0;
        k0 += 0x9E3779B9u; k1 += 0xBB67AE85u;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

static int64_t floor_mod(int64_t a, int64_t m) { int64_t r = a % m; return r < 0 ? r + m : r; }

static int64_t damage_seed(int64_t base, int64_t group, int64_t event) {
    const int64_t M = 2147483648LL;
    return (base + floor_mod(group * 1543270363LL, M) + floor_mod(event * 1943272559LL, M)) % M;
}

static const double TWO_NEG32 = 0x1p-32;

static void lhs_row(int64_t seed, int n, double *out) {
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)((uint64_t)seed >> 32), w[4];
    for (int k = 0; k < n; k++) out[k] = k + 1;
    int idx = n - 1;
    for (uint32_t ctr = 0; idx >= 1; ctr++) {
        philox_block(7, ctr, 1, 0, 0, k0, k1, w);
        for (int q = 0; q < 4 && idx >= 1; q++, idx--) {
            int j = (int)((double)w[q] * TWO_NEG32 * (idx + 1));
            double t = out[idx]; out[idx] = out[j]; out[j] = t;
        }
    }
    double inv_n = 1.0 / n;   /* multiply by 1/n, as upstream: the division differs in the last bit */
    int k = 0;
    for (uint32_t ctr = 0; k < n; ctr++) {
        philox_block(7, ctr, 0, 0, 0, k0, k1, w);
        for (int q = 0; q < 4 && k < n; q++, k++) out[k] = (out[k] - (double)w[q] * TWO_NEG32) * inv_n;
    }
}

/* ---------------------------------------------------------------- ground-up loss */

static int lower_bound(const double *a, int n, double x) {
    int lo = 0, hi = n;
    while (lo < hi) { int mid = (int)((unsigned)(lo + hi) >> 1); if (a[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
}

static double sample_in_bin(double u, double pf, double pt, double from, double to, double mean, double scale) {
    double w = to - from;
    if (w == 0.0) return scale * to;
    double h = pt - pf, o = u - pf, x = (mean - from) / w;
    if (fabs(x - 0.5) <= 5e-6) return scale * (from + o * w / h);
    double a = 3.0 * h * (2.0 * x - 1.0) / (w * w);
    double b = 2.0 * h * (2.0 - 3.0 * x) / w;
    double d = fmax(b * b + 4.0 * a * o, 0.0);
    double sq = sqrt(d);
    double t = b > 0.0 ? 2.0 * o / (b + sq) : (sq - b) / (2.0 * a);
    return scale * (from + t);
}

static double sample_loss(const double *p, int n, const float *from, const float *to, const float *mean,
                          double scale, double u) {
    int bin;
    double top = p[n - 1];
    if (u >= top) { u = top - 3e-8; bin = n - 1; } else bin = lower_bound(p, n, u);
    double pf = bin == 0 ? 0.0 : p[bin - 1];
    return sample_in_bin(u, pf, p[bin], from[bin], to[bin], mean[bin], scale);
}

/* ---------------------------------------------------------------- calcrules */

enum { T_DED, T_ATT, T_LIM, T_S1, T_S2, T_S3, T_TSTART, T_TEND, T_PSTART, T_LIM2, T_SCALE1, T_SCALE2, TERMS };

static double base_rule(int rule, double x, double ded, double att, double lim, double s1, double s2, double s3) {
    switch (rule) {
    case 1: case 40: return x <= ded ? 0.0 : x <= ded + lim ? x - ded : lim;
    case 2: return x <= ded + att ? 0.0 : x <= ded + att + lim ? (x - ded - att) * s1 : lim * s1;
    case 3: return x <= ded ? 0.0 : x <= lim ? x : lim;
    case 5: return ded + lim >= 1.0 ? x * (1.0 - ded) : x * lim;
    case 12: return x <= ded ? 0.0 : x - ded;
    case 14: case 41: return x <= lim ? x : lim;
    case 15: return x <= ded ? 0.0 : x <= ded / (1.0 - lim) ? x - ded : x * lim;
    case 16: return x * (1.0 - ded);
    case 17:
        if (ded >= 1.0) return 0.0;
        if (x <= att / (1.0 - ded)) return 0.0;
        if (x <= (att + lim) / (1.0 - ded)) return (x * (1.0 - ded) - att) * s1;
        return lim * s1;
    case 20: return x <= ded ? x : 0.0;
    case 22: if (s1 == 0.0) return 0.0; return x <= lim / s1 ? x * s1 * s2 * s3 : lim * s2 * s3;
    case 23: return x <= lim ? x * s2 * s3 : lim * s2 * s3;
    case 24:
        if (s1 == 0.0) return 0.0;
        if (x <= att / s1) return 0.0;
        if (x <= (lim + att) / s1) return x * s1 * s2 * s3 - att * s2 * s3;
        return lim * s2 * s3;
    case 25: return x * s1 * s2 * s3;
    case 33: if (ded >= 1.0) return 0.0; return x <= lim / (1.0 - ded) ? x * (1.0 - ded) : lim;
    case 34: return x <= ded + att ? 0.0 : (x - ded - att) * s1;
    case 39: return x <= ded ? 0.0 : x;
    case 100: return x;
    case 200: return x * s1;
    default: return NAN;
    }
}

static int is_step_rule(int r) { return r == 28 || r == 32 || r == 37 || r == 38 || r == 281; }

static double step_rule(int rule, double x, const double *t) {
    double ded = t[T_DED], lim = t[T_LIM], start = t[T_TSTART], end = t[T_TEND];
    if (x < start || (end > 0.0 && x >= end)) return 0.0;
    double ps = t[T_PSTART], pay;
    switch (rule) {
    case 28: pay = fmin(fmax(ps * x - ded, 0.0), lim); break;
    case 281: pay = fmax(ps * x - ded, 0.0); break;
    case 32: pay = x >= ded ? fmin(ps * x, lim) : 0.0; break;
    case 37: pay = fmax(ps * x - ded, 0.0); break;
    case 38: pay = fmax(fmin(ps * x, lim) - ded, 0.0); break;
    default: return NAN;
    }
    double total = pay + fmin(pay * t[T_SCALE2], t[T_LIM2]);
    if (rule == 281) total = fmin(total, lim);
    return total * t[T_SCALE1];
}

static double apply_rule(int rule, double x, const double *t) {
    if (is_step_rule(rule)) return step_rule(rule, x, t);
    if (rule > 100 && rule < 200)
        return base_rule(rule - 100, x, t[T_DED], t[T_ATT], t[T_LIM], t[T_S1], t[T_S2], t[T_S3]) * t[T_S1];
    return base_rule(rule, x, t[T_DED], t[T_ATT], t[T_LIM], t[T_S1], t[T_S2], t[T_S3]);
}

/* One event through the hierarchy, level by level, with pro-rata back-allocation (see FinancialModule.java). */
static void fm_compute_event(int n_levels, const int *level_start, const int *child_start, const int *child,
                             const int *item_start, const int *item, const int *rule, const double *terms,
                             double *item_loss, double *node_loss, int cols, double *in, double *factor) {
    for (int l = 0; l < n_levels; l++) {
        for (int n = level_start[l]; n < level_start[l + 1]; n++) {
            for (int c = 0; c < cols; c++) in[c] = 0.0;
            const double *src = l == 0 ? item_loss : node_loss;
            for (int k = child_start[n]; k < child_start[n + 1]; k++) {
                const double *s = src + (size_t)child[k] * cols;
                for (int c = 0; c < cols; c++) in[c] += s[c];
            }
            double *out = node_loss + (size_t)n * cols;
            for (int c = 0; c < cols; c++) out[c] = apply_rule(rule[n], in[c], terms + (size_t)n * TERMS);
            for (int c = 0; c < cols; c++) factor[c] = out[c] != 0.0 ? out[c] / in[c] : 0.0;
            for (int k = item_start[n]; k < item_start[n + 1]; k++) {
                double *b = item_loss + (size_t)item[k] * cols;
                for (int c = 0; c < cols; c++) b[c] *= factor[c];
            }
        }
    }
}

/* ---------------------------------------------------------------- EP curve and TVaR */

static void sift_down_min(double *a, int i, int n) {
    double x = a[i];
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && a[c + 1] < a[c]) c++;
        if (!(a[c] < x)) break;
        a[i] = a[c];
        i = c;
    }
    a[i] = x;
}

static void sort_descending(double *a, int n) {
    for (int i = n / 2 - 1; i >= 0; i--) sift_down_min(a, i, n);
    for (int end = n - 1; end > 0; end--) {
        double t = a[0]; a[0] = a[end]; a[end] = t;
        sift_down_min(a, 0, end);
    }
}

static int ep_curve(double *loss, int n, double max_rp, double div, double *rp, double *value, double *tvar) {
    sort_descending(loss, n);
    double t = 0.0;
    for (int i = 1; i <= n; i++) {
        double v = loss[i - 1] / div;
        t = t - (t - v) / i;
        rp[i - 1] = max_rp / i; value[i - 1] = v; tvar[i - 1] = t;
    }
    return n;
}

static int ep_curve_rp(double *loss, int n, double max_rp, double div, const double *rps, int nr,
                       int *kind, double *rp, double *value) {
    sort_descending(loss, n);
    int out = 0, j = 0;
    double tvar = 0.0, rp_prev = 0.0, v_prev = 0.0;
    for (int i = 1; i <= n; i++) {
        double v = loss[i - 1] / div, rpi = max_rp / i, t = tvar, c = i;
        tvar = tvar - (tvar - v) / i;
        while (j < nr) {
            double r = rps[j];
            if (rpi > r) break;
            if (r > max_rp) { j++; continue; }
            double x;
            if (rpi == 0.0 || v == 0.0) x = 0.0;
            else if (rpi == r) x = v;
            else x = v + (r - rpi) * (v_prev - v) / (rp_prev - rpi);
            kind[out] = 1; rp[out] = r; value[out] = x; out++;
            if (rpi != 0.0) {
                t = t - (t - x) / c;
                c += 1.0;
                kind[out] = 2; rp[out] = r; value[out] = t; out++;
            }
            j++;
        }
        if (rpi > 0.0) { rp_prev = rpi; v_prev = v; }
    }
    double i = n + 1;
    while (j < nr) {
        tvar = tvar - tvar / i;
        kind[out] = 1; rp[out] = rps[j]; value[out] = 0.0; out++;
        kind[out] = 2; rp[out] = rps[j]; value[out] = tvar; out++;
        i += 1.0; j++;
    }
    return out;
}

/* ---------------------------------------------------------------- the shared workload */

#define NB 10
static const int L0_RULES[] = {1, 12, 14, 16, 28};
static const int L1_RULES[] = {2, 24, 17, 101};
static const double RPS[] = {100000, 50000, 10000, 5000, 1000, 500, 100, 50, 10, 5, 2, 1};
#define NRPS 12

static double now(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + ts.tv_nsec * 1e-9; }

static void fill_terms(double *t, int rule, double e) {
    int base = rule > 100 && rule < 200 ? rule - 100 : rule;
    int frac = base == 5 || base == 15 || base == 16 || base == 17 || base == 33;
    t[T_DED] = frac ? 0.1 : 0.05 * e; t[T_ATT] = 0.02 * e; t[T_LIM] = 0.5 * e;
    t[T_S1] = 0.9; t[T_S2] = 0.8; t[T_S3] = 1.0;
    t[T_TSTART] = 0.01 * e; t[T_TEND] = 0.0; t[T_PSTART] = 0.9; t[T_LIM2] = 0.02 * e;
    t[T_SCALE1] = 1.0; t[T_SCALE2] = 0.1;
}

int main(int argc, char **argv) {
    /* Self-check: the note's check values. */
    uint32_t w[4];
    philox_block(10, 0, 0, 0, 0, 0, 0, w);
    printf("philox4x32-10(0,0): %08x %08x %08x %08x\n", w[0], w[1], w[2], w[3]);
    printf("generate_hash(10,1) = %lld\n", (long long)damage_seed(0, 10, 1));
    double row[7];
    lhs_row(12345, 7, row);
    printf("lhs(12345, 7) =");
    for (int k = 0; k < 7; k++) printf(" %.17g", row[k]);
    printf("\n");

    int R = argc > 1 ? atoi(argv[1]) : 20000, S = argc > 2 ? atoi(argv[2]) : 32, reps = argc > 3 ? atoi(argv[3]) : 3;
    float from[NB], to[NB], mean[NB];
    double cdf[NB], s = 0.0;
    int inner = NB - 2;
    static const double rel[3] = {0.5, 0.42, 0.61};
    from[0] = to[0] = mean[0] = 0.0f;
    for (int d = 1; d <= inner; d++) {
        from[d] = (float)(d - 1) / inner; to[d] = (float)d / inner;
        mean[d] = (float)(from[d] + rel[d % 3] * (to[d] - from[d]));
    }
    from[NB - 1] = to[NB - 1] = mean[NB - 1] = 1.0f;
    for (int d = 0; d < NB; d++) { s += d == 0 ? 0.3 : 0.7 * (NB - d) / 45.0; cdf[d] = s; }

    /* Hierarchy: groups of 4 items, groups of 8 of those, one top node. */
    int n0 = (R + 3) / 4, n1 = (n0 + 7) / 8, nodes = n0 + n1 + 1;
    int level_start[4] = {0, n0, n0 + n1, nodes};
    int *child_start = malloc(sizeof(int) * (nodes + 1)), *child = malloc(sizeof(int) * (R + n0 + n1));
    int *item_start = malloc(sizeof(int) * (nodes + 1)), *item = malloc(sizeof(int) * 3 * R);
    int *rule = malloc(sizeof(int) * nodes);
    double *terms = malloc(sizeof(double) * nodes * TERMS), *tiv = malloc(sizeof(double) * R);
    for (int r = 0; r < R; r++) tiv[r] = 1000.0 * (1 + r % 10);
    int nc = 0, ni = 0;
    for (int n = 0; n < nodes; n++) {
        child_start[n] = nc; item_start[n] = ni;
        int lo, hi;
        if (n < n0) { lo = 4 * n; hi = lo + 4 < R ? lo + 4 : R; rule[n] = L0_RULES[n % 5]; }
        else if (n < n0 + n1) { lo = 8 * (n - n0); hi = lo + 8 < n0 ? lo + 8 : n0; rule[n] = L1_RULES[(n - n0) % 4]; }
        else { lo = n0; hi = n0 + n1; rule[n] = 100; }
        /* Base items of a node: its children's item ranges, which are contiguous. */
        int ilo, ihi;
        if (n < n0) { ilo = lo; ihi = hi; }
        else if (n < n0 + n1) { ilo = 4 * lo; ihi = 4 * hi < R ? 4 * hi : R; }
        else { ilo = 0; ihi = R; }
        for (int c = lo; c < hi; c++) child[nc++] = c;
        double e = 0.0;
        for (int i = ilo; i < ihi; i++) { item[ni++] = i; e += tiv[i]; }
        fill_terms(terms + (size_t)n * TERMS, rule[n], e);
    }
    child_start[nodes] = nc; item_start[nodes] = ni;

    double *u = malloc(sizeof(double) * R * S), *gul = malloc(sizeof(double) * R * S);
    double *item_loss = malloc(sizeof(double) * R * S), *node_loss = malloc(sizeof(double) * nodes * S);
    double *in = malloc(sizeof(double) * S), *factor = malloc(sizeof(double) * S);
    double *buf = malloc(sizeof(double) * R * S), *rp = malloc(sizeof(double) * R * S);
    double *val = malloc(sizeof(double) * R * S), *tv = malloc(sizeof(double) * R * S);
    int kind[2 * NRPS]; double rpo[2 * NRPS], valo[2 * NRPS];

    for (int rep = 0; rep < reps; rep++) {
        double t0 = now();
        for (int r = 0; r < R; r++) lhs_row(damage_seed(0, r + 1, 1), S, u + (size_t)r * S);
        double t1 = now();
        for (int r = 0; r < R; r++)
            for (int k = 0; k < S; k++)
                gul[(size_t)r * S + k] = sample_loss(cdf, NB, from, to, mean, tiv[r], u[(size_t)r * S + k]);
        double t2 = now();
        memcpy(item_loss, gul, sizeof(double) * R * S);
        fm_compute_event(3, level_start, child_start, child, item_start, item, rule, terms, item_loss, node_loss,
                         S, in, factor);
        double t3 = now();
        memcpy(buf, item_loss, sizeof(double) * R * S);
        int n = ep_curve(buf, R * S, (double)R * S, 1.0, rp, val, tv);
        memcpy(buf, item_loss, sizeof(double) * R * S);
        int pts = ep_curve_rp(buf, R * S, (double)R * S, 1.0, RPS, NRPS, kind, rpo, valo);
        double t4 = now();

        double cs_u = 0, cs_gul = 0, cs_top = 0, cs_items = 0, cs_tvar = 0, cs_rp = 0;
        for (size_t q = 0; q < (size_t)R * S; q++) { cs_u += u[q]; cs_gul += gul[q]; cs_items += item_loss[q]; }
        for (int c = 0; c < S; c++) cs_top += node_loss[(size_t)(nodes - 1) * S + c];
        for (int i = 0; i < n; i++) cs_tvar += tv[i];
        for (int i = 0; i < pts; i++) cs_rp += valo[i];
        printf("rep %d rows=%d samples=%d: lhs %.2f ms, gul %.2f ms, fm %.2f ms, ep %.2f ms\n", rep, R, S,
               (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t4 - t3) * 1e3);
        if (rep == reps - 1)
            printf("checksums u=%.17g gul=%.17g top=%.17g items=%.17g tvar=%.17g rp=%.17g\n",
                   cs_u, cs_gul, cs_top, cs_items, cs_tvar, cs_rp);
    }
    return 0;
}
