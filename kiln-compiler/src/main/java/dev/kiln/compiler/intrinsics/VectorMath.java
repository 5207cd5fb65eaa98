package dev.kiln.compiler.intrinsics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kiln's own exp and log for Math.exp and Math.log, as LLVM IR: a scalar function ({@code kiln_exp},
 * {@code kiln_log}) and vector variants of 2, 4 and 8 lanes ({@code kiln_exp_v4}, ...) named to the loop vectoriser
 * by the scalar function's {@code "vector-function-abi-variant"} attribute, so that a loop over Math.exp becomes
 * one vector call per 2, 4 or 8 elements instead of a libm call per element. Every variant runs the same
 * branch-free instructions lane by lane (selects for the special cases, table loads as gathers; {@code fmuladd}, fused
 * on targets with FMA in every variant alike): the result of an argument is the same bit for bit whether a loop ran
 * it in a vector, in its scalar remainder, or outside any loop. The error bounds below hold fused or not (the steps
 * that must be exact are exact either way). The variants are
 * {@code weak_odr hidden}, so they survive until the vectoriser looks for them without being exported.
 *
 * <p>Accuracy: both stay within about 0.52 ulp of the exact result (Java allows 1), checked against 60-digit
 * references in the tests and, over hundreds of millions of arguments, by {@code dev.kiln.bench.ExpLogCheck}.
 *
 * <p>exp(x): {@code k = round(x * 128 / ln2)}, {@code r = x - k ln2/128} exactly in two parts (|r| <= ln2/256),
 * {@code exp(x) = 2^(k/128) e^r} with {@code 2^(j/128)} (j = k mod 128) from a table as a double and a relative
 * tail, and {@code e^r - 1} by a degree-5 Taylor polynomial; the power of two is applied as two factors, so a
 * subnormal result is rounded once and an overflow becomes infinity. x is first clamped to [-746, 710], beyond
 * which the result is 0 or infinity anyway; NaN passes through.
 *
 * <p>log(x): {@code x = 2^k z}, z in about [0.684, 1.369) (subnormal x scaled by 2^52 first); z's interval i
 * (of 128) gives {@code invc} near 1/z with 26 significant bits, so {@code z invc - 1 = (zh invc - 1) + zl invc}
 * with z = zh + zl split at 26 bits is the sum of two exact terms, added exactly (2Sum, |r| <= 2^-8); then
 * {@code log x = k ln2 - ln(invc) + log1p(r)}, the leading terms added exactly (2Sum), log1p(r) - r by a degree-7
 * Taylor polynomial. Special cases by select: NaN and negatives give NaN, zeros -infinity, +infinity itself.
 */
final class VectorMath {
    private VectorMath() {
    }

    static final String EXP = "kiln_exp";
    static final String LOG = "kiln_log";
    /** Vector widths with a variant: SSE2 (2), AVX2 (4) and AVX-512 (8) doubles per register. */
    static final int[] WIDTHS = {2, 4, 8};

    /** The LLVM intrinsics the functions call (gathers, fmuladd), by name, with their declarations. */
    static List<String[]> declarations() {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {fmuladd(1), "declare double @" + fmuladd(1) + "(double, double, double)"});
        for (int n : WIDTHS) {
            String v = "<" + n + " x double>";
            out.add(new String[] {fmuladd(n), "declare " + v + " @" + fmuladd(n) + "(" + v + ", " + v + ", " + v + ")"});
            out.add(new String[] {gather(n), "declare <" + n + " x double> @" + gather(n) + "(<" + n + " x ptr>, i32 immarg, <"
                    + n + " x i1>, <" + n + " x double>)"});
        }
        return out;
    }

    private static String fmuladd(int n) {
        return n == 1 ? "llvm.fmuladd.f64" : "llvm.fmuladd.v" + n + "f64";
    }

    private static String gather(int n) {
        return "llvm.masked.gather.v" + n + "f64.v" + n + "p0";
    }

    /** The table, the scalar kiln_exp and its vector variants. */
    static String expDefinitions() {
        StringBuilder out = new StringBuilder(table(EXP + "_tab", ExpLogTables.expTable()));
        for (int n : widthsWithScalar()) out.append(expFunction(new Shape(n)));
        return out.toString();
    }

    /** The table, the scalar kiln_log and its vector variants. */
    static String logDefinitions() {
        StringBuilder out = new StringBuilder(table(LOG + "_tab", ExpLogTables.logTable()));
        for (int n : widthsWithScalar()) out.append(logFunction(new Shape(n)));
        return out.toString();
    }

    private static int[] widthsWithScalar() {
        int[] all = new int[WIDTHS.length + 1];
        all[0] = 1;
        System.arraycopy(WIDTHS, 0, all, 1, WIDTHS.length);
        return all;
    }

    private static String expFunction(Shape s) {
        Body b = new Body(s, EXP);
        b.add("%lo = fcmp olt $T %x, " + s.c(-746.0));
        b.add("%x0 = select $B %lo, $T " + s.c(-746.0) + ", $T %x");
        b.add("%hi = fcmp ogt $T %x0, " + s.c(710.0));
        b.add("%xc = select $B %hi, $T " + s.c(710.0) + ", $T %x0");
        // k = round(x * 128/ln2) by the 1.5 * 2^52 shift: the sum's low bits are k itself.
        b.fma("%kd0", "%xc", s.c(ExpLogTables.EXP_INV_LN2_N), s.c(SHIFT));
        b.add("%ki = bitcast $T %kd0 to $I");
        b.add("%kd = fsub $T %kd0, " + s.c(SHIFT));
        // x - k ln2hi is exact (the product is, and Sterbenz's lemma covers the difference).
        b.fma("%rh", "%kd", s.c(-ExpLogTables.EXP_LN2_HI_N), "%xc");
        b.fma("%r", "%kd", s.c(-ExpLogTables.EXP_LN2_LO_N), "%rh");
        b.add("%j = and $I %ki, " + s.k(ExpLogTables.EXP_N - 1));
        b.add("%j2 = shl $I %j, " + s.k(1));
        b.add("%j3 = or $I %j2, " + s.k(1));
        b.load("%t", EXP + "_tab", "%j2");
        b.load("%tail", EXP + "_tab", "%j3");
        b.add("%r2 = fmul $T %r, %r");
        b.fma("%a1", "%r", s.c(1.0 / 6), s.c(0.5));
        b.fma("%b1", "%r", s.c(1.0 / 120), s.c(1.0 / 24));
        b.add("%r4 = fmul $T %r2, %r2");
        b.add("%s0 = fadd $T %tail, %r");
        b.fma("%s1", "%r2", "%a1", "%s0");
        b.fma("%tmp", "%r4", "%b1", "%s1");
        b.fma("%y0", "%t", "%tmp", "%t");
        // 2^m with m = (k - j) / 128: (ki - j) << 45 is m << 52 (the shift constant's bits drop out). Applied as
        // 2^(m - b) (exact) and 2^b, b = -600 for negative x and 100 otherwise, both factors normal.
        b.add("%km = sub $I %ki, %j");
        b.add("%m = shl $I %km, " + s.k(52 - ExpLogTables.EXP_BITS));
        b.add("%neg = fcmp olt $T %xc, " + s.c(0.0));
        b.add("%bias = select $B %neg, $I " + s.k((1023L + 600) << 52) + ", $I " + s.k((1023L - 100) << 52));
        b.add("%fb = add $I %m, %bias");
        b.add("%f = bitcast $I %fb to $T");
        b.add("%y1 = fmul $T %y0, %f");
        b.add("%p = select $B %neg, $T " + s.c(0x1p-600) + ", $T " + s.c(0x1p100));
        b.add("%y = fmul $T %y1, %p");
        b.add("ret $T %y");
        return b.text();
    }

    private static String logFunction(Shape s) {
        Body b = new Body(s, LOG);
        b.add("%sub = fcmp olt $T %x, " + s.c(Double.MIN_NORMAL));
        b.add("%xs0 = fmul $T %x, " + s.c(0x1p52));
        b.add("%xs = select $B %sub, $T %xs0, $T %x");
        b.add("%ix = bitcast $T %xs to $I");
        b.add("%tmp = sub $I %ix, " + s.k(ExpLogTables.LOG_OFF));
        // k = tmp >> 52 (arithmetic), from a logical shift of tmp + 1024 << 52, converted by the 1.5 * 2^52 shift.
        b.add("%kb = add $I %tmp, " + s.k(1024L << 52));
        b.add("%ku = lshr $I %kb, " + s.k(52));
        b.add("%kbits = or $I %ku, " + s.k(Double.doubleToRawLongBits(SHIFT)));
        b.add("%kf = bitcast $I %kbits to $T");
        b.add("%kbias = select $B %sub, $T " + s.c(SHIFT + 1024 + 52) + ", $T " + s.c(SHIFT + 1024));
        b.add("%kd = fsub $T %kf, %kbias");
        b.add("%i0 = lshr $I %tmp, " + s.k(52 - ExpLogTables.LOG_BITS));
        b.add("%i = and $I %i0, " + s.k(ExpLogTables.LOG_N - 1));
        b.add("%i4 = shl $I %i, " + s.k(2));
        b.add("%i4b = or $I %i4, " + s.k(1));
        b.add("%i4c = or $I %i4, " + s.k(2));
        b.load("%invc", LOG + "_tab", "%i4");
        b.load("%logchi", LOG + "_tab", "%i4b");
        b.load("%logclo", LOG + "_tab", "%i4c");
        b.add("%top = and $I %tmp, " + s.k(0xFFF0000000000000L));
        b.add("%iz = sub $I %ix, %top");
        b.add("%z = bitcast $I %iz to $T");
        // z = zh + zl, zh with 26 significant bits: zh * invc and zl * invc are exact, zh * invc - 1 too.
        b.add("%izh = and $I %iz, " + s.k(~((1L << 27) - 1)));
        b.add("%zh = bitcast $I %izh to $T");
        b.add("%zl = fsub $T %z, %zh");
        b.fma("%rh", "%zh", "%invc", s.c(-1.0));
        b.add("%rl = fmul $T %zl, %invc");
        // r + rerr = rh + rl exactly (2Sum): the two can cancel (z just below 1: zh is z truncated).
        b.add("%r = fadd $T %rh, %rl");
        b.add("%rb = fsub $T %r, %rh");
        b.add("%rs = fsub $T %r, %rb");
        b.add("%re1 = fsub $T %rh, %rs");
        b.add("%re2 = fsub $T %rl, %rb");
        b.add("%rerr = fadd $T %re1, %re2");
        // log1p(r) - r = r^2 (-1/2 + r/3) + r^4 ((-1/4 + r/5) + r^2 (-1/6 + r/7))
        b.add("%r2 = fmul $T %r, %r");
        b.fma("%p1", "%r", s.c(1.0 / 3), s.c(-0.5));
        b.fma("%q1", "%r", s.c(0.2), s.c(-0.25));
        b.fma("%u1", "%r", s.c(1.0 / 7), s.c(-1.0 / 6));
        b.fma("%q2", "%r2", "%u1", "%q1");
        b.add("%r4 = fmul $T %r2, %r2");
        b.add("%pb = fmul $T %r4, %q2");
        b.fma("%poly", "%r2", "%p1", "%pb");
        // t1 = k ln2hi + logc_hi is exact (multiples of 2^-42 below 2^11); s + err = t1 + r exactly (2Sum).
        b.fma("%t1", "%kd", s.c(ExpLogTables.LOG_LN2_HI), "%logchi");
        b.add("%s = fadd $T %t1, %r");
        b.add("%bb = fsub $T %s, %t1");
        b.add("%sb = fsub $T %s, %bb");
        b.add("%e1 = fsub $T %t1, %sb");
        b.add("%e2 = fsub $T %r, %bb");
        b.add("%err = fadd $T %e1, %e2");
        b.fma("%l0", "%kd", s.c(ExpLogTables.LOG_LN2_LO), "%logclo");
        b.add("%l1 = fadd $T %err, %rerr");
        b.add("%l2 = fadd $T %l1, %l0");
        b.add("%lo = fadd $T %l2, %poly");
        b.add("%y0 = fadd $T %s, %lo");
        b.add("%pinf = fcmp oeq $T %x, " + s.c(Double.POSITIVE_INFINITY));
        b.add("%y1 = select $B %pinf, $T " + s.c(Double.POSITIVE_INFINITY) + ", $T %y0");
        b.add("%zero = fcmp oeq $T %x, " + s.c(0.0));
        b.add("%y2 = select $B %zero, $T " + s.c(Double.NEGATIVE_INFINITY) + ", $T %y1");
        b.add("%bad = fcmp ult $T %x, " + s.c(0.0));
        b.add("%y = select $B %bad, $T " + s.c(Double.NaN) + ", $T %y2");
        b.add("ret $T %y");
        return b.text();
    }

    /** 1.5 * 2^52: adding it rounds a double below 2^51 in magnitude to an integer held in the low bits. */
    private static final double SHIFT = 0x1.8p52;

    private static String table(String name, double[] values) {
        StringBuilder b = new StringBuilder("@" + name + " = internal unnamed_addr constant [" + values.length
                + " x double] [");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) b.append(", ");
            b.append("double ").append(hex(values[i]));
        }
        return b.append("], align 64\n\n").toString();
    }

    static String hex(double d) {
        return String.format(Locale.ROOT, "0x%016X", Double.doubleToRawLongBits(d));
    }

    /** Lanes: 1 for the scalar function. */
    private record Shape(int n) {
        String t() {
            return n == 1 ? "double" : "<" + n + " x double>";
        }

        String i() {
            return n == 1 ? "i64" : "<" + n + " x i64>";
        }

        String b() {
            return n == 1 ? "i1" : "<" + n + " x i1>";
        }

        String c(double d) {
            return n == 1 ? hex(d) : "splat (double " + hex(d) + ")";
        }

        String k(long v) {
            return n == 1 ? Long.toString(v) : "splat (i64 " + v + ")";
        }
    }

    /** One function's text: the scalar one carries the variants' names, a variant is named by its width. */
    private static final class Body {
        private final Shape s;
        private final StringBuilder text = new StringBuilder();

        Body(Shape s, String base) {
            this.s = s;
            String attrs = "nounwind willreturn memory(none)";
            if (s.n() == 1) {
                List<String> variants = new ArrayList<>();
                for (int n : WIDTHS) variants.add("_ZGV_LLVM_N" + n + "v_" + base + "(" + base + "_v" + n + ")");
                // noinline: the call must stay a call for the vectoriser to replace it with a variant.
                text.append("define internal double @").append(base).append("(double %x) noinline ").append(attrs)
                        .append(" \"vector-function-abi-variant\"=\"").append(String.join(",", variants)).append("\" {\n");
            } else {
                text.append("define weak_odr hidden ").append(s.t()).append(" @").append(base).append("_v").append(s.n())
                        .append("(").append(s.t()).append(" %x) ").append(attrs).append(" {\n");
            }
            text.append("entry:\n");
        }

        /** {@code dst = a * b + c}, fused where the target has FMA (then in every variant alike), else not. */
        void fma(String dst, String a, String b, String c) {
            add(dst + " = call $T @" + fmuladd(s.n()) + "($T " + a + ", $T " + b + ", $T " + c + ")");
        }

        void add(String line) {
            text.append("  ").append(line.replace("$T", s.t()).replace("$I", s.i()).replace("$B", s.b())).append('\n');
        }

        /** {@code dst = table[idx]}: a load, or a gather of every lane. */
        void load(String dst, String table, String idx) {
            String p = dst + ".p";
            add(p + " = getelementptr inbounds double, ptr @" + table + ", $I " + idx);
            if (s.n() == 1) {
                add(dst + " = load double, ptr " + p + ", align 8");
            } else {
                int n = s.n();
                add(dst + " = call $T @" + gather(n) + "(<" + n + " x ptr> " + p + ", i32 8, $B splat (i1 true), $T poison)");
            }
        }

        String text() {
            return text.append("}\n\n").toString();
        }
    }
}
