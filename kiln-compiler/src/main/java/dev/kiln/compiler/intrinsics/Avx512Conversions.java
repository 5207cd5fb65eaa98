package dev.kiln.compiler.intrinsics;

import java.util.List;
import java.util.function.IntFunction;

/**
 * AVX-512 forms of the vector variants of {@code (int)} and {@code (long)} of doubles ({@link FloatOps#conversion}),
 * as C2 vectorises them there: x86's truncating conversion, which gives the MIN_VALUE sentinel for NaN and
 * out-of-range lanes, then one compare of the result with the sentinel and a branch, taken only when some lane has
 * it, to the branch-free clamp of the portable variant. The portable clamp costs four to five vector operations per
 * conversion on top of the conversion itself; this costs one compare and a mask test ({@code vpcmpeqq},
 * {@code kortest}). x86 intrinsics, not {@code fptosi}, because only they define the out-of-range result.
 *
 * <p>The variants are named {@code <portable variant>}{@value #SUFFIX}; {@code LlvmDriver} points the scalar
 * function's {@code vector-function-abi-variant} at them on targets with AVX-512 F, VL and DQ and deletes them
 * elsewhere, where they would not compile.
 */
public final class Avx512Conversions {
    /** Suffix of these variants' names after the portable variant's. */
    public static final String SUFFIX = "_avx512";
    /** Target features every variant here needs ({@code vcvttpd2qq} of 128 to 512 bits). */
    public static final List<String> FEATURES = List.of("avx512f", "avx512vl", "avx512dq");
    private static final String LIKELY_FALSE = "!{!\"branch_weights\", i32 1, i32 2000}";
    private static final String MIN_I32 = "-2147483648";
    private static final String MIN_I64 = "-9223372036854775808";

    private Avx512Conversions() {
    }

    /** Declarations of the x86 intrinsics the variants of {@code (long)} (l) or {@code (int)} call. */
    static List<String> declarations(boolean l) {
        return l ? List.of(
                "declare <2 x i64> @llvm.x86.avx512.mask.cvttpd2qq.128(<2 x double>, <2 x i64>, i8)",
                "declare <4 x i64> @llvm.x86.avx512.mask.cvttpd2qq.256(<4 x double>, <4 x i64>, i8)",
                "declare <8 x i64> @llvm.x86.avx512.mask.cvttpd2qq.512(<8 x double>, <8 x i64>, i8, i32)")
                : List.of(
                "declare <4 x i32> @llvm.x86.sse2.cvttpd2dq(<2 x double>)",
                "declare <4 x i32> @llvm.x86.avx.cvtt.pd2dq.256(<4 x double>)",
                "declare <8 x i32> @llvm.x86.avx512.mask.cvttpd2dq.512(<8 x double>, <8 x i32>, i8, i32)");
    }

    /**
     * The variants of 2, 4, 8 and 16 lanes for {@code name} ({@code d2i} or {@code d2l}); {@code fix} gives the
     * portable clamp over n lanes, from {@code %a} to {@code %r}.
     */
    static String variants(String name, boolean l, IntFunction<String> fix) {
        StringBuilder out = new StringBuilder();
        for (int n : FloatOps.CONVERSION_WIDTHS) {
            String r = "<" + n + " x " + (l ? "i64" : "i32") + ">";
            out.append("define weak_odr hidden ").append(r).append(" @kiln_convert_").append(name).append("_v").append(n)
                    .append(SUFFIX).append("(<").append(n).append(" x double> %a) nounwind willreturn memory(none) {\n")
                    .append("entry:\n").append(convert(n, l))
                    .append("  %bad = icmp eq ").append(r).append(" %cv, splat (").append(l ? "i64 " + MIN_I64 : "i32 " + MIN_I32)
                    .append(")\n")
                    .append("  %mask = bitcast <").append(n).append(" x i1> %bad to i").append(n).append('\n')
                    .append("  %any = icmp ne i").append(n).append(" %mask, 0\n")
                    .append("  br i1 %any, label %fix, label %done, !prof ").append(LIKELY_FALSE).append('\n')
                    .append("done:\n  ret ").append(r).append(" %cv\n")
                    .append("fix:\n").append(fix.apply(n)).append("  ret ").append(r).append(" %r\n}\n\n");
        }
        return out.toString();
    }

    /** {@code %cv}: the truncating conversion of {@code %a}'s {@code n} lanes, the sentinel where Java differs. */
    private static String convert(int n, boolean l) {
        if (n == 16) {
            String half = convert(8, l).replace("%a", "%a.h").replace("%cv", "%cv.h");
            return "  %a.lo = shufflevector <16 x double> %a, <16 x double> poison, <8 x i32> <" + lanes(0) + ">\n"
                    + "  %a.hi = shufflevector <16 x double> %a, <16 x double> poison, <8 x i32> <" + lanes(8) + ">\n"
                    + half.replace("%a.h", "%a.lo").replace("%cv.h", "%cv.lo")
                    + half.replace("%a.h", "%a.hi").replace("%cv.h", "%cv.hi")
                    + "  %cv = shufflevector " + vec(8, l) + " %cv.lo, " + vec(8, l) + " %cv.hi, <16 x i32> <"
                    + lanes(0) + ", " + lanes(8) + ">\n";
        }
        if (l) {
            String v = "<" + n + " x double>";
            String suffix = n == 2 ? "128" : n == 4 ? "256" : "512";
            return "  %cv = call " + vec(n, true) + " @llvm.x86.avx512.mask.cvttpd2qq." + suffix + "(" + v + " %a, "
                    + vec(n, true) + " zeroinitializer, i8 -1" + (n == 8 ? ", i32 4" : "") + ")\n";
        }
        return switch (n) {
            case 2 -> "  %cv.4 = call <4 x i32> @llvm.x86.sse2.cvttpd2dq(<2 x double> %a)\n"
                    + "  %cv = shufflevector <4 x i32> %cv.4, <4 x i32> poison, <2 x i32> <i32 0, i32 1>\n";
            case 4 -> "  %cv = call <4 x i32> @llvm.x86.avx.cvtt.pd2dq.256(<4 x double> %a)\n";
            default -> "  %cv = call <8 x i32> @llvm.x86.avx512.mask.cvttpd2dq.512(<8 x double> %a, <8 x i32> "
                    + "zeroinitializer, i8 -1, i32 4)\n";
        };
    }

    private static String vec(int n, boolean l) {
        return "<" + n + " x " + (l ? "i64" : "i32") + ">";
    }

    /** {@code i32 from, ..., i32 from+7}. */
    private static String lanes(int from) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + 8; i++) s.append(i > from ? ", " : "").append("i32 ").append(i);
        return s.toString();
    }
}
