"""The loss-worker kernels in Python/Numba, for the benchmark report.

Same algorithms as the Java kernels in dev.kiln.examples.loss and as native/kernels.c (Philox LHS, ground-up
inverse-CDF sampling, the calcrule dispatch with pro-rata back-allocation, the EP/TVaR scan with heap sort), on
the same deterministic workload, so the printed check values and checksums can be compared.

    python3 kernels.py [rows] [samples] [repeats]

Every function is @njit(cache=True) without fastmath, so results match Java bit for bit; the first run pays the
compile, later runs load the cache (the first repeat's timings include the compile either way).
"""
import math
import sys
import time

import numpy as np
from numba import njit

MASK32 = 0xFFFFFFFF
TWO_NEG32 = 2.0 ** -32

# ---------------------------------------------------------------- Philox-4x32 and the Latin hypercube


@njit(cache=True)
def philox_block(rounds, c0, c1, c2, c3, k0, k1, out):
    # All words are uint64 holding 32-bit values; products of two 32-bit values fit in 64 bits.
    c0 = np.uint64(c0); c1 = np.uint64(c1); c2 = np.uint64(c2); c3 = np.uint64(c3)
    k0 = np.uint64(k0); k1 = np.uint64(k1)
    m = np.uint64(MASK32)
    s32 = np.uint64(32)
    for _ in range(rounds):
        p0 = np.uint64(0xD2511F53) * c0
        p1 = np.uint64(0xCD9E8D57) * c2
        n0 = (p1 >> s32) ^ c1 ^ k0
        n2 = (p0 >> s32) ^ c3 ^ k1
        c0 = n0
        c1 = p1 & m
        c2 = n2
        c3 = p0 & m
        k0 = (k0 + np.uint64(0x9E3779B9)) & m
        k1 = (k1 + np.uint64(0xBB67AE85)) & m
    out[0] = c0
    out[1] = c1
    out[2] = c2
    out[3] = c3


@njit(cache=True)
def damage_seed(base, group, event):
    m = 2147483648
    return (base + (group * 1543270363) % m + (event * 1943272559) % m) % m


@njit(cache=True)
def lhs_row(seed, n, out, off, words):
    k0 = seed & MASK32
    k1 = (seed >> 32) & MASK32
    for k in range(n):
        out[off + k] = k + 1.0
    idx = n - 1
    ctr = 0
    while idx >= 1:
        philox_block(7, ctr, 1, 0, 0, k0, k1, words)
        ctr += 1
        q = 0
        while q < 4 and idx >= 1:
            j = int(float(words[q]) * TWO_NEG32 * (idx + 1))
            t = out[off + idx]
            out[off + idx] = out[off + j]
            out[off + j] = t
            idx -= 1
            q += 1
    inv_n = 1.0 / n  # multiply by 1/n, as upstream: the division differs in the last bit
    k = 0
    ctr = 0
    while k < n:
        philox_block(7, ctr, 0, 0, 0, k0, k1, words)
        ctr += 1
        q = 0
        while q < 4 and k < n:
            out[off + k] = (out[off + k] - float(words[q]) * TWO_NEG32) * inv_n
            k += 1
            q += 1


@njit(cache=True)
def lhs_rows(rows, n, u):
    words = np.zeros(4, dtype=np.uint64)
    for r in range(rows):
        lhs_row(damage_seed(0, r + 1, 1), n, u, r * n, words)

# ---------------------------------------------------------------- ground-up loss


@njit(cache=True)
def lower_bound(a, n, x):
    lo = 0
    hi = n
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True)
def sample_in_bin(u, pf, pt, lo, hi, mean, scale):
    w = hi - lo
    if w == 0.0:
        return scale * hi
    h = pt - pf
    o = u - pf
    x = (mean - lo) / w
    if abs(x - 0.5) <= 5e-6:
        return scale * (lo + o * w / h)
    a = 3.0 * h * (2.0 * x - 1.0) / (w * w)
    b = 2.0 * h * (2.0 - 3.0 * x) / w
    d = max(b * b + 4.0 * a * o, 0.0)
    sq = math.sqrt(d)
    t = 2.0 * o / (b + sq) if b > 0.0 else (sq - b) / (2.0 * a)
    return scale * (lo + t)


@njit(cache=True)
def sample_loss(p, n, bfrom, bto, bmean, scale, u):
    top = p[n - 1]
    if u >= top:
        u = top - 3e-8
        b = n - 1
    else:
        b = lower_bound(p, n, u)
    pf = 0.0 if b == 0 else p[b - 1]
    return sample_in_bin(u, pf, p[b], float(bfrom[b]), float(bto[b]), float(bmean[b]), scale)


@njit(cache=True)
def ground_up(cdf, bfrom, bto, bmean, tiv, u, rows, s, gul):
    n = cdf.shape[0]
    for r in range(rows):
        for k in range(s):
            gul[r * s + k] = sample_loss(cdf, n, bfrom, bto, bmean, tiv[r], u[r * s + k])

# ---------------------------------------------------------------- calcrules

T_DED, T_ATT, T_LIM, T_S1, T_S2, T_S3, T_TSTART, T_TEND, T_PSTART, T_LIM2, T_SCALE1, T_SCALE2, TERMS = range(13)


@njit(cache=True)
def base_rule(rule, x, ded, att, lim, s1, s2, s3):
    if rule == 1 or rule == 40:
        return 0.0 if x <= ded else (x - ded if x <= ded + lim else lim)
    if rule == 2:
        return 0.0 if x <= ded + att else ((x - ded - att) * s1 if x <= ded + att + lim else lim * s1)
    if rule == 3:
        return 0.0 if x <= ded else (x if x <= lim else lim)
    if rule == 5:
        return x * (1.0 - ded) if ded + lim >= 1.0 else x * lim
    if rule == 12:
        return 0.0 if x <= ded else x - ded
    if rule == 14 or rule == 41:
        return x if x <= lim else lim
    if rule == 15:
        return 0.0 if x <= ded else (x - ded if x <= ded / (1.0 - lim) else x * lim)
    if rule == 16:
        return x * (1.0 - ded)
    if rule == 17:
        if ded >= 1.0:
            return 0.0
        if x <= att / (1.0 - ded):
            return 0.0
        if x <= (att + lim) / (1.0 - ded):
            return (x * (1.0 - ded) - att) * s1
        return lim * s1
    if rule == 20:
        return x if x <= ded else 0.0
    if rule == 22:
        if s1 == 0.0:
            return 0.0
        return x * s1 * s2 * s3 if x <= lim / s1 else lim * s2 * s3
    if rule == 23:
        return x * s2 * s3 if x <= lim else lim * s2 * s3
    if rule == 24:
        if s1 == 0.0:
            return 0.0
        if x <= att / s1:
            return 0.0
        if x <= (lim + att) / s1:
            return x * s1 * s2 * s3 - att * s2 * s3
        return lim * s2 * s3
    if rule == 25:
        return x * s1 * s2 * s3
    if rule == 33:
        if ded >= 1.0:
            return 0.0
        return x * (1.0 - ded) if x <= lim / (1.0 - ded) else lim
    if rule == 34:
        return 0.0 if x <= ded + att else (x - ded - att) * s1
    if rule == 39:
        return 0.0 if x <= ded else x
    if rule == 100:
        return x
    if rule == 200:
        return x * s1
    return np.nan


@njit(cache=True)
def step_rule(rule, x, t, o):
    ded = t[o + T_DED]
    lim = t[o + T_LIM]
    if x < t[o + T_TSTART] or (t[o + T_TEND] > 0.0 and x >= t[o + T_TEND]):
        return 0.0
    ps = t[o + T_PSTART]
    if rule == 28:
        pay = min(max(ps * x - ded, 0.0), lim)
    elif rule == 281 or rule == 37:
        pay = max(ps * x - ded, 0.0)
    elif rule == 32:
        pay = min(ps * x, lim) if x >= ded else 0.0
    elif rule == 38:
        pay = max(min(ps * x, lim) - ded, 0.0)
    else:
        return np.nan
    total = pay + min(pay * t[o + T_SCALE2], t[o + T_LIM2])
    if rule == 281:
        total = min(total, lim)
    return total * t[o + T_SCALE1]


@njit(cache=True)
def apply_rule(rule, x, t, o):
    if rule == 28 or rule == 32 or rule == 37 or rule == 38 or rule == 281:
        return step_rule(rule, x, t, o)
    if 100 < rule < 200:
        return base_rule(rule - 100, x, t[o], t[o + 1], t[o + 2], t[o + 3], t[o + 4], t[o + 5]) * t[o + 3]
    return base_rule(rule, x, t[o], t[o + 1], t[o + 2], t[o + 3], t[o + 4], t[o + 5])


@njit(cache=True)
def fm_compute_event(n_levels, level_start, child_start, child, item_start, item, rule, terms,
                     item_loss, node_loss, cols, inp, factor):
    for lv in range(n_levels):
        for n in range(level_start[lv], level_start[lv + 1]):
            for c in range(cols):
                inp[c] = 0.0
            for k in range(child_start[n], child_start[n + 1]):
                src = child[k] * cols
                if lv == 0:
                    for c in range(cols):
                        inp[c] += item_loss[src + c]
                else:
                    for c in range(cols):
                        inp[c] += node_loss[src + c]
            oo = n * cols
            for c in range(cols):
                node_loss[oo + c] = apply_rule(rule[n], inp[c], terms, n * TERMS)
            for c in range(cols):
                o = node_loss[oo + c]
                factor[c] = o / inp[c] if o != 0.0 else 0.0
            for k in range(item_start[n], item_start[n + 1]):
                base = item[k] * cols
                for c in range(cols):
                    item_loss[base + c] *= factor[c]

# ---------------------------------------------------------------- EP curve and TVaR


@njit(cache=True)
def sift_down_min(a, i, n):
    x = a[i]
    while True:
        c = 2 * i + 1
        if c >= n:
            break
        if c + 1 < n and a[c + 1] < a[c]:
            c += 1
        if not (a[c] < x):
            break
        a[i] = a[c]
        i = c
    a[i] = x


@njit(cache=True)
def sort_descending(a, n):
    for i in range(n // 2 - 1, -1, -1):
        sift_down_min(a, i, n)
    for end in range(n - 1, 0, -1):
        t = a[0]
        a[0] = a[end]
        a[end] = t
        sift_down_min(a, 0, end)


@njit(cache=True)
def ep_curve(loss, n, max_rp, div, rp, value, tvar):
    sort_descending(loss, n)
    t = 0.0
    for i in range(1, n + 1):
        v = loss[i - 1] / div
        t = t - (t - v) / i
        rp[i - 1] = max_rp / i
        value[i - 1] = v
        tvar[i - 1] = t
    return n


@njit(cache=True)
def ep_curve_rp(loss, n, max_rp, div, rps, nr, kind, rp, value):
    sort_descending(loss, n)
    out = 0
    j = 0
    tvar = 0.0
    rp_prev = 0.0
    v_prev = 0.0
    for i in range(1, n + 1):
        v = loss[i - 1] / div
        rpi = max_rp / i
        t = tvar
        c = float(i)
        tvar = tvar - (tvar - v) / i
        while j < nr:
            r = rps[j]
            if rpi > r:
                break
            if r > max_rp:
                j += 1
                continue
            if rpi == 0.0 or v == 0.0:
                x = 0.0
            elif rpi == r:
                x = v
            else:
                x = v + (r - rpi) * (v_prev - v) / (rp_prev - rpi)
            kind[out] = 1
            rp[out] = r
            value[out] = x
            out += 1
            if rpi != 0.0:
                t = t - (t - x) / c
                c += 1.0
                kind[out] = 2
                rp[out] = r
                value[out] = t
                out += 1
            j += 1
        if rpi > 0.0:
            rp_prev = rpi
            v_prev = v
    fi = float(n + 1)
    while j < nr:
        tvar = tvar - tvar / fi
        kind[out] = 1
        rp[out] = rps[j]
        value[out] = 0.0
        out += 1
        kind[out] = 2
        rp[out] = rps[j]
        value[out] = tvar
        out += 1
        fi += 1.0
        j += 1
    return out

# ---------------------------------------------------------------- the shared workload (see native/kernels.c)

NB = 10
L0_RULES = (1, 12, 14, 16, 28)
L1_RULES = (2, 24, 17, 101)
RPS = np.array([100000, 50000, 10000, 5000, 1000, 500, 100, 50, 10, 5, 2, 1], dtype=np.float64)


def fill_terms(t, o, rule, e):
    base = rule - 100 if 100 < rule < 200 else rule
    frac = base in (5, 15, 16, 17, 33)
    t[o:o + TERMS] = (0.1 if frac else 0.05 * e, 0.02 * e, 0.5 * e, 0.9, 0.8, 1.0,
                      0.01 * e, 0.0, 0.9, 0.02 * e, 1.0, 0.1)


def build(rows):
    inner = NB - 2
    rel = (0.5, 0.42, 0.61)
    bfrom = np.zeros(NB, np.float32)
    bto = np.zeros(NB, np.float32)
    bmean = np.zeros(NB, np.float32)
    for d in range(1, inner + 1):
        # float32 arithmetic, as in Java/C: (float) (d - 1) / inner
        bfrom[d] = np.float32(d - 1) / np.float32(inner)
        bto[d] = np.float32(d) / np.float32(inner)
        bmean[d] = np.float32(float(bfrom[d]) + rel[d % 3] * float(bto[d] - bfrom[d]))
    bfrom[NB - 1] = bto[NB - 1] = bmean[NB - 1] = 1.0
    cdf = np.zeros(NB)
    s = 0.0
    for d in range(NB):
        s += 0.3 if d == 0 else 0.7 * (NB - d) / 45.0
        cdf[d] = s
    tiv = np.array([1000.0 * (1 + r % 10) for r in range(rows)])
    n0 = (rows + 3) // 4
    n1 = (n0 + 7) // 8
    nodes = n0 + n1 + 1
    level_start = np.array([0, n0, n0 + n1, nodes], np.int32)
    child_start = np.zeros(nodes + 1, np.int32)
    item_start = np.zeros(nodes + 1, np.int32)
    child = []
    item = []
    rule = np.zeros(nodes, np.int32)
    terms = np.zeros(nodes * TERMS)
    for n in range(nodes):
        child_start[n] = len(child)
        item_start[n] = len(item)
        if n < n0:
            lo, hi = 4 * n, min(4 * n + 4, rows)
            ilo, ihi = lo, hi
            rule[n] = L0_RULES[n % 5]
        elif n < n0 + n1:
            lo, hi = 8 * (n - n0), min(8 * (n - n0) + 8, n0)
            ilo, ihi = 4 * lo, min(4 * hi, rows)
            rule[n] = L1_RULES[(n - n0) % 4]
        else:
            lo, hi = n0, n0 + n1
            ilo, ihi = 0, rows
            rule[n] = 100
        child.extend(range(lo, hi))
        e = 0.0
        for i in range(ilo, ihi):
            item.append(i)
            e += tiv[i]
        fill_terms(terms, n * TERMS, int(rule[n]), e)
    child_start[nodes] = len(child)
    item_start[nodes] = len(item)
    return (bfrom, bto, bmean, cdf, tiv, level_start, child_start, np.array(child, np.int32), item_start,
            np.array(item, np.int32), rule, terms, nodes)


def main():
    w = np.zeros(4, dtype=np.uint64)
    philox_block(10, 0, 0, 0, 0, 0, 0, w)
    print("philox4x32-10(0,0): " + " ".join("%08x" % int(x) for x in w))
    print("generate_hash(10,1) = %d" % damage_seed(0, 10, 1))
    row = np.zeros(7)
    lhs_row(12345, 7, row, 0, w)
    print("lhs(12345, 7) = " + " ".join("%.17g" % x for x in row))

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    s = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    (bfrom, bto, bmean, cdf, tiv, level_start, child_start, child, item_start, item, rule, terms,
     nodes) = build(rows)
    u = np.zeros(rows * s)
    gul = np.zeros(rows * s)
    node_loss = np.zeros(nodes * s)
    inp = np.zeros(s)
    factor = np.zeros(s)
    rp = np.zeros(rows * s)
    val = np.zeros(rows * s)
    tv = np.zeros(rows * s)
    kind = np.zeros(2 * len(RPS), np.int32)
    rpo = np.zeros(2 * len(RPS))
    valo = np.zeros(2 * len(RPS))
    for rep in range(reps):
        t0 = time.perf_counter()
        lhs_rows(rows, s, u)
        t1 = time.perf_counter()
        ground_up(cdf, bfrom, bto, bmean, tiv, u, rows, s, gul)
        t2 = time.perf_counter()
        item_loss = gul.copy()
        fm_compute_event(3, level_start, child_start, child, item_start, item, rule, terms, item_loss, node_loss,
                         s, inp, factor)
        t3 = time.perf_counter()
        buf = item_loss.copy()
        n = ep_curve(buf, rows * s, float(rows * s), 1.0, rp, val, tv)
        buf = item_loss.copy()
        pts = ep_curve_rp(buf, rows * s, float(rows * s), 1.0, RPS, len(RPS), kind, rpo, valo)
        t4 = time.perf_counter()
        print("rep %d rows=%d samples=%d: lhs %.2f ms, gul %.2f ms, fm %.2f ms, ep %.2f ms"
              % (rep, rows, s, (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t4 - t3) * 1e3))
    # Sequential sums, in the same order as C and Java.
    cs = [0.0] * 6
    for q in range(rows * s):
        cs[0] += u[q]
        cs[1] += gul[q]
        cs[3] += item_loss[q]
    for c in range(s):
        cs[2] += node_loss[(nodes - 1) * s + c]
    for i in range(n):
        cs[4] += tv[i]
    for i in range(pts):
        cs[5] += valo[i]
    print("checksums u=%.17g gul=%.17g top=%.17g items=%.17g tvar=%.17g rp=%.17g" % tuple(cs))


if __name__ == "__main__":
    main()
