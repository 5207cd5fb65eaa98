"""The Kiln benchmark suite in Numba, translated line for line from dev.kiln.bench.Kernels.

Plain Python functions here; suite.py, cold_compile.py and warm_start.py decide how to jit them.
Signatures (C-contiguous arrays) are in SIGNATURES, in the same order as KERNELS.
"""
import math

import numpy as np


def sum_(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def saxpy(alpha, x, y):
    for i in range(x.shape[0]):
        y[i] = alpha * x[i] + y[i]


def clip_sum(a, lo, hi):
    s = 0.0
    for i in range(a.shape[0]):
        s += min(max(a[i], lo), hi)
    return s


def quantise(a, scale, q):
    total = 0
    for i in range(a.shape[0]):
        v = a[i] * scale
        q[i] = int(v)
        total += int(v * 1048576.0)
    return total


def clip(a, lo, hi, out):
    changed = 0
    for i in range(a.shape[0]):
        v = a[i]
        c = min(max(v, lo), hi)
        out[i] = c
        if c != v:
            changed += 1
    return changed


def poly_horner(x, c, out):
    total = 0.0
    for i in range(x.shape[0]):
        xi = x[i]
        p = c[0]
        for k in range(1, c.shape[0]):
            p = p * xi + c[k]
        out[i] = p
        total += p
    return total


def interp(xs, ys, q, out):
    n = xs.shape[0]
    total = 0.0
    for i in range(q.shape[0]):
        v = q[i]
        if v <= xs[0]:
            r = ys[0]
        elif v >= xs[n - 1]:
            r = ys[n - 1]
        else:
            lo = 0
            hi = n - 1
            while hi - lo > 1:
                mid = (lo + hi) >> 1
                if xs[mid] <= v:
                    lo = mid
                else:
                    hi = mid
            t = (v - xs[lo]) / (xs[hi] - xs[lo])
            r = ys[lo] + t * (ys[hi] - ys[lo])
        out[i] = r
        total += r
    return total


def histogram(a, lo, hi, counts):
    bins = counts.shape[0]
    for b in range(bins):
        counts[b] = 0
    scale = bins / (hi - lo)
    outside = 0
    for i in range(a.shape[0]):
        b = int((a[i] - lo) * scale)
        if b < 0:
            b = 0
            outside += 1
        elif b >= bins:
            b = bins - 1
            outside += 1
        counts[b] += 1
    return outside


def matmul(a, b, c, n):
    for i in range(n * n):
        c[i] = 0.0
    for i in range(n):
        for k in range(n):
            aik = a[i * n + k]
            for j in range(n):
                c[i * n + j] += aik * b[k * n + j]


def exp_log(x, out):
    total = 0.0
    for i in range(x.shape[0]):
        r = math.log(1.0 + math.exp(x[i]))
        out[i] = r
        total += r
    return total


def add(a, b):
    return a + b


def sum_small(a):
    s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s


# name (as in the Java suite), function, explicit signature
KERNELS = [
    ("sum", sum_, "float64(float64[::1])"),
    ("dot", dot, "float64(float64[::1], float64[::1])"),
    ("saxpy", saxpy, "void(float32, float32[::1], float32[::1])"),
    ("clip", clip, "int32(float64[::1], float64, float64, float64[::1])"),
    ("clipSum", clip_sum, "float64(float64[::1], float64, float64)"),
    ("quantise", quantise, "int64(float64[::1], float64, int32[::1])"),
    ("poly", poly_horner, "float64(float64[::1], float64[::1], float64[::1])"),
    ("interp", interp, "float64(float64[::1], float64[::1], float64[::1], float64[::1])"),
    ("histogram", histogram, "int32(float64[::1], float64, float64, int32[::1])"),
    ("matmul", matmul, "void(float64[::1], float64[::1], float64[::1], int32)"),
    ("expLog", exp_log, "float64(float64[::1], float64[::1])"),
    ("add", add, "int32(int32, int32)"),
    ("sumSmall", sum_small, "int32(int32[::1])"),
]

POLY_DEGREE = 8
INTERP_TABLE = 256
HIST_BINS = 256


class SuiteData:
    """Same shapes and ranges as dev.kiln.bench.SuiteData (values from numpy's generator)."""

    def __init__(self, size, seed=42):
        r = np.random.default_rng(seed)
        self.size = size
        self.a = r.uniform(-4, 4, size)
        self.b = r.uniform(-1, 1, size)
        self.q = r.uniform(-0.1, 1.1, size)
        self.out = np.zeros(size)
        self.fx = r.uniform(-1, 1, size).astype(np.float32)
        self.fy = r.uniform(-1, 1, size).astype(np.float32)
        steps = r.uniform(0.5, 1.5, INTERP_TABLE) / (INTERP_TABLE - 1)
        self.xs = np.concatenate(([0.0], np.cumsum(steps[:-1])))
        self.ys = np.sin(3 * self.xs)
        self.coeffs = r.uniform(-1, 1, POLY_DEGREE + 1) / np.arange(1, POLY_DEGREE + 2)
        self.counts = np.zeros(HIST_BINS, dtype=np.int32)
        self.qi = np.zeros(size, dtype=np.int32)
        self.n = 64 if size <= 4096 else 128
        self.ma = r.uniform(-1, 1, self.n * self.n)
        self.mb = r.uniform(-1, 1, self.n * self.n)
        self.mc = np.zeros(self.n * self.n)
        self.small = np.arange(1, 9, dtype=np.int32)

    def args(self, name):
        return {
            "sum": (self.a,),
            "dot": (self.a, self.b),
            "saxpy": (np.float32(1e-6), self.fx, self.fy),
            "clip": (self.a, -1.0, 1.0, self.out),
            "clipSum": (self.a, -1.0, 1.0),
            "quantise": (self.a, 1000.0, self.qi),
            "poly": (self.b, self.coeffs, self.out),
            "interp": (self.xs, self.ys, self.q, self.out),
            "histogram": (self.a, -3.0, 3.0, self.counts),
            "matmul": (self.ma, self.mb, self.mc, np.int32(self.n)),
            "expLog": (self.b, self.out),
            "add": (np.int32(17), np.int32(25)),
            "sumSmall": (self.small,),
        }[name]
