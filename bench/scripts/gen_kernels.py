"""Writes N generated @Kernel methods of realistic size as Java sources, for the bake benchmark.

python gen_kernels.py OUTDIR N  ->  OUTDIR/dev/kiln/bakegen/Gen<k>.java, ten kernels per class.
Each kernel comes from one of a dozen templates (reductions, stencils, interpolation, loss-like transforms with
Math calls, small state machines, helper calls) with its own constants, so every kernel is distinct code and
gets its own cache entry. Deterministic: the same N gives the same sources.
"""
import os
import random
import sys

TEMPLATES = [
    # weighted reduction with a guard
    """    @Kernel
    public static double k{i}(double[] a, double[] w) {{
        double s = 0.0;
        double m = {c0};
        for (int i = 0; i < a.length; i++) {{
            double v = a[i] * w[i % w.length];
            if (v > m) {{
                s += v - m;
            }} else {{
                s += {c1} * v;
            }}
        }}
        return s;
    }}
""",
    # 3-point stencil
    """    @Kernel
    public static void k{i}(double[] a, double[] out) {{
        int n = a.length;
        for (int i = 1; i < n - 1; i++) {{
            out[i] = {c0} * a[i - 1] + {c1} * a[i] + {c2} * a[i + 1];
        }}
        if (n > 1) {{
            out[0] = a[0];
            out[n - 1] = a[n - 1];
        }}
    }}
""",
    # damage-ratio style transform with exp / log
    """    @Kernel
    public static double k{i}(double[] x, double[] out, double scale) {{
        double total = 0.0;
        for (int i = 0; i < x.length; i++) {{
            double z = (x[i] - {c0}) * scale;
            double r = z > 0.0 ? 1.0 - Math.exp(-{c1} * z) : Math.log1p(Math.abs(z)) * {c2};
            out[i] = r;
            total += r;
        }}
        return total;
    }}
""",
    # polynomial of fixed degree written out
    """    @Kernel
    public static double k{i}(double[] x, double[] out) {{
        double s = 0.0;
        for (int i = 0; i < x.length; i++) {{
            double t = x[i];
            double p = (((({c0} * t + {c1}) * t + {c2}) * t + {c3}) * t + {c4});
            out[i] = p;
            s += p;
        }}
        return s;
    }}
""",
    # lower bound + interpolation via helper
    """    static int lb{i}(double[] a, double x) {{
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {{
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {{
                lo = mid + 1;
            }} else {{
                hi = mid;
            }}
        }}
        return lo;
    }}

    @Kernel
    public static double k{i}(double[] xs, double[] ys, double[] q) {{
        double s = 0.0;
        for (int i = 0; i < q.length; i++) {{
            int j = lb{i}(xs, q[i] * {c0});
            if (j <= 0) {{
                s += ys[0];
            }} else if (j >= xs.length) {{
                s += ys[ys.length - 1];
            }} else {{
                double t = (q[i] * {c0} - xs[j - 1]) / (xs[j] - xs[j - 1]);
                s += ys[j - 1] + t * (ys[j] - ys[j - 1]);
            }}
        }}
        return s;
    }}
""",
    # integer hashing / bucketing
    """    @Kernel
    public static long k{i}(int[] keys, int[] buckets) {{
        long acc = {n0}L;
        int nb = buckets.length;
        for (int i = 0; i < keys.length; i++) {{
            int h = keys[i] * {h0};
            h ^= h >>> {s0};
            h *= {h1};
            int b = (h & 0x7fffffff) % nb;
            buckets[b] += 1;
            acc += (long) h ^ (acc << 1);
        }}
        return acc;
    }}
""",
    # clipped cumulative sum (financial terms)
    """    @Kernel
    public static double k{i}(double[] loss, double deductible, double limit, double[] out) {{
        double cum = 0.0;
        for (int i = 0; i < loss.length; i++) {{
            double l = Math.min(Math.max(loss[i] - deductible, 0.0), limit);
            cum += l * {c0};
            out[i] = cum;
        }}
        return cum;
    }}
""",
    # min / max / mean / variance in one pass
    """    @Kernel
    public static double k{i}(float[] a, double[] stats) {{
        double mn = Double.MAX_VALUE;
        double mx = -Double.MAX_VALUE;
        double mean = 0.0;
        double m2 = 0.0;
        for (int i = 0; i < a.length; i++) {{
            double v = a[i] * {c0};
            mn = Math.min(mn, v);
            mx = Math.max(mx, v);
            double d = v - mean;
            mean += d / (i + 1);
            m2 += d * (v - mean);
        }}
        stats[0] = mn;
        stats[1] = mx;
        stats[2] = mean;
        stats[3] = a.length > 1 ? m2 / (a.length - 1) : 0.0;
        return mean;
    }}
""",
    # small state machine over bytes
    """    @Kernel
    public static int k{i}(byte[] s) {{
        int state = 0;
        int count = 0;
        for (int i = 0; i < s.length; i++) {{
            int c = s[i] & 0xff;
            switch (state) {{
                case 0 -> state = c == {b0} ? 1 : 0;
                case 1 -> state = c == {b1} ? 2 : (c == {b0} ? 1 : 0);
                default -> {{
                    if (c == {b2}) {{
                        count++;
                    }}
                    state = 0;
                }}
            }}
        }}
        return count;
    }}
""",
    # 2-D loop over a flattened matrix (row sums scaled)
    """    @Kernel
    public static void k{i}(double[] m, int rows, int cols, double[] out) {{
        for (int r = 0; r < rows; r++) {{
            double s = 0.0;
            for (int c = 0; c < cols; c++) {{
                s += m[r * cols + c] * ({c0} + c * {c1});
            }}
            out[r] = Math.sqrt(Math.abs(s));
        }}
    }}
""",
    # random numbers (xorshift) feeding a transform
    """    @Kernel
    public static double k{i}(long seed, int n, double[] out) {{
        long x = seed ^ {n0}L;
        double s = 0.0;
        for (int i = 0; i < n && i < out.length; i++) {{
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            double u = (x >>> 11) * 0x1.0p-53;
            double v = -Math.log(1.0 - u) * {c0};
            out[i] = v;
            s += v;
        }}
        return s;
    }}
""",
    # dot with helper and early exit
    """    static double term{i}(double a, double b) {{
        return a * b + {c0} * (a - b);
    }}

    @Kernel
    public static double k{i}(double[] a, double[] b, double cap) {{
        double s = 0.0;
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {{
            s += term{i}(a[i], b[i]);
            if (s > cap) {{
                return cap;
            }}
        }}
        return s;
    }}
""",
]


def const(r):
    return f"({r.uniform(-2.0, 2.0):.6f})"


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    r = random.Random(260)
    pkg = os.path.join(out, "dev", "kiln", "bakegen")
    os.makedirs(pkg, exist_ok=True)
    per_class = 10
    for cls in range((n + per_class - 1) // per_class):
        body = []
        for j in range(per_class):
            i = cls * per_class + j
            if i >= n:
                break
            t = TEMPLATES[i % len(TEMPLATES)]
            body.append(t.format(i=i, c0=const(r), c1=const(r), c2=const(r), c3=const(r), c4=const(r),
                                 n0=r.randrange(1, 1 << 40), h0=r.randrange(3, 1 << 30) | 1,
                                 h1=r.randrange(3, 1 << 30) | 1, s0=r.randrange(5, 20),
                                 b0=r.randrange(32, 127), b1=r.randrange(32, 127), b2=r.randrange(32, 127)))
        src = ("package dev.kiln.bakegen;\n\nimport dev.kiln.Kernel;\n\n"
               f"/** Generated by bench/scripts/gen_kernels.py for the bake benchmark. */\n"
               f"public final class Gen{cls} {{\n    private Gen{cls}() {{\n    }}\n\n" + "\n".join(body) + "}\n")
        with open(os.path.join(pkg, f"Gen{cls}.java"), "w") as f:
            f.write(src)


if __name__ == "__main__":
    main()
