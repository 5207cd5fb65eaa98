package dev.kiln.compiler.intrinsics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lowerings of the floating-point operations whose Java rules x86 has no single instruction for: {@code Math.min/max}
 * of float and double (NaN if either is NaN, -0.0 below +0.0) and the {@code (int)}/{@code (long)} conversions (NaN to
 * 0, saturating): min/max as a fast compare-and-select with a cold fix-up, as HotSpot does, conversions branch-free
 * so that loops vectorise. Measured against the alternatives in {@code docs/benchmarks.md} ("Math.min/max and
 * (int)/(long) of floats", {@code bench/micro/floatops}).
 */
public final class FloatOps {
    private static final String LIKELY_TRUE = "!{!\"branch_weights\", i32 2000, i32 1}";
    private static final String LIKELY_FALSE = "!{!\"branch_weights\", i32 1, i32 2000}";
    /** The attribute naming a scalar function's vector variants to the loop vectoriser (as VectorVariants reads it). */
    private static final String VARIANT_ATTRIBUTE = "vector-function-abi-variant";

    private FloatOps() {
    }

    /**
     * Body of {@code Math.min/max(a, b)} for {@code t} = {@code float} or {@code double}, over parameters {@code %a} and
     * {@code %b}. Ordered and unequal operands (nearly always) take one compare and select ({@code minsd/maxsd}).
     * Otherwise the operands are equal, where only +0.0 and -0.0 differ in bits and OR (min) / AND (max) of the bits
     * gives Java's zero, or one is NaN, where their sum is NaN. Both paths are selects, so a vectorised loop if-converts
     * them into a few blends; scalar code keeps the predictable branch. llvm.minimum/maximum, the previous lowering,
     * branch on the sign of an operand in scalar code (mispredicted on mixed signs: 0.46x HotSpot on a clip-and-sum).
     */
    public static String minMaxBody(boolean min, String t) {
        String i = t.equals("double") ? "i64" : "i32";
        return """
                  %u = fcmp one $T %a, %b
                  br i1 %u, label %ordered, label %tie, !prof $LIKELY
                ordered:
                  %c = fcmp $CMP $T %a, %b
                  %r = select i1 %c, $T %a, $T %b
                  ret $T %r
                tie:
                  %ai = bitcast $T %a to $I
                  %bi = bitcast $T %b to $I
                  %zi = $BIT $I %ai, %bi
                  %z = bitcast $I %zi to $T
                  %n = fcmp uno $T %a, %b
                  %q = fadd $T %a, %b
                  %s = select i1 %n, $T %q, $T %z
                  ret $T %s
                """.replace("$T", t).replace("$I", i).replace("$CMP", min ? "olt" : "ogt")
                .replace("$BIT", min ? "or" : "and").replace("$LIKELY", LIKELY_TRUE);
    }

    /** Lanes of the conversions' vector variants: up to two AVX-512 registers of floats or doubles. */
    static final int[] CONVERSION_WIDTHS = {2, 4, 8, 16};

    /**
     * The function for a float-to-integer conversion ({@code from} = {@code float}/{@code double}, {@code to} =
     * {@code i32}/{@code i64}) with Java's result (NaN to 0, saturating). Two forms of one result, as for Math.exp
     * ({@link VectorMath}): the scalar function is x86's truncating conversion ({@code cvttsd2si}), which gives the
     * MIN_VALUE sentinel for NaN and out-of-range inputs, then a cold fix-up only when it gave the sentinel, as
     * HotSpot does; in a histogram loop, where the result feeds an index and the loop stays scalar, the clamp before
     * every conversion cost 10 to 20 % (docs/benchmarks.md). The target intrinsic cannot be widened, so the scalar
     * function names vector variants of 2 to 16 lanes ({@code "vector-function-abi-variant"}) that are branch-free:
     * the input clamped into the range where fptosi is defined (NaN to 0), converted, and values at or above 2^31
     * (2^63), whose MAX_VALUE the floating type cannot hold, patched after with a select (double to int clamps to
     * 2^31 - 1 directly). The scalar function stays a call until the vectoriser has run, then is inlined
     * ({@code VectorVariants}). Both forms give Java's result for every input, so which one a value takes does not
     * matter. From double, the module also carries AVX-512 variants (x86's conversion, then the clamp only when a
     * lane gives the sentinel: {@link Avx512Conversions}), which replace these on targets that have it.
     */
    public static Intrinsic conversion(String from, String to) {
        boolean d = from.equals("double");
        boolean l = to.equals("i64");
        String name = (d ? "d2" : "f2") + (l ? "l" : "i");
        String symbol = "kiln.convert." + name;
        String x86 = d ? (l ? "llvm.x86.sse2.cvttsd2si64" : "llvm.x86.sse2.cvttsd2si")
                : (l ? "llvm.x86.sse.cvttss2si64" : "llvm.x86.sse.cvttss2si");
        String lanes = d ? "<2 x double>" : "<4 x float>";
        String min = l ? "-9223372036854775808" : "-2147483648";
        StringBuilder text = new StringBuilder();
        List<String> variants = new ArrayList<>();
        for (int n : CONVERSION_WIDTHS) {
            String variant = "kiln_convert_" + name + "_v" + n;
            variants.add("_ZGV_LLVM_N" + n + "v_" + symbol + "(" + variant + ")");
            String vf = "<" + n + " x " + from + ">";
            text.append("define weak_odr hidden <").append(n).append(" x ").append(to).append("> @").append(variant)
                    .append("(").append(vf).append(" %a) nounwind willreturn memory(none) {\nentry:\n")
                    .append(clamp(from, to, n)).append("  ret <").append(n).append(" x ").append(to).append("> %r\n}\n\n");
        }
        if (d) text.append(Avx512Conversions.variants(name, l, n -> clamp(from, to, n)));
        // noinline: the call must stay a call for the vectoriser to replace it with a variant.
        text.append("define internal ").append(to).append(" @\"").append(symbol).append("\"(").append(from)
                .append(" %a) noinline nounwind willreturn memory(none) \"").append(VARIANT_ATTRIBUTE).append("\"=\"")
                .append(String.join(",", variants)).append("\" {\nentry:\n")
                .append("  %v = insertelement ").append(lanes).append(" poison, ").append(from).append(" %a, i64 0\n")
                .append("  %s = call ").append(to).append(" @").append(x86).append("(").append(lanes).append(" %v)\n")
                .append("  %bad = icmp eq ").append(to).append(" %s, ").append(min).append("\n")
                .append("  br i1 %bad, label %fix, label %done, !prof ").append(LIKELY_FALSE).append("\n")
                .append("done:\n  ret ").append(to).append(" %s\n")
                .append("fix:\n").append(clamp(from, to, 1)).append("  ret ").append(to).append(" %r\n}\n");
        Set<String> declarations = new LinkedHashSet<>();
        declarations.add("declare " + to + " @" + x86 + "(" + lanes + ")");
        if (d) declarations.addAll(Avx512Conversions.declarations(l));
        return new Intrinsic(symbol, text.toString(), declarations, Optional.empty());
    }

    /** Java's conversion of {@code %a} to {@code %r} without a branch, over {@code n} lanes (1: scalar). */
    static String clamp(String from, String to, int n) {
        boolean d = from.equals("double");
        boolean l = to.equals("i64");
        // 2^31 and 2^63 and their negatives, exact in float and double (LLVM writes float constants as doubles)
        String limit = l ? "0x43E0000000000000" : "0x41E0000000000000";
        String lowest = l ? "0xC3E0000000000000" : "0xC1E0000000000000";
        String body;
        if (d && !l) {
            body = """
                      %low = fcmp olt $F %a, $C($LOW)
                      %c0 = select $B %low, $F $C($LOW), $F %a
                      %high = fcmp ogt $F %c0, $C(0x41DFFFFFFFC00000)
                      %c1 = select $B %high, $F $C(0x41DFFFFFFFC00000), $F %c0
                      %nan = fcmp uno $F %a, zeroinitializer
                      %c = select $B %nan, $F zeroinitializer, $F %c1
                      %r = fptosi $F %c to $R
                    """;
        } else {
            body = """
                      %big = fcmp uge $F %a, $C($LIMIT)
                      %low = fcmp olt $F %a, $C($LOW)
                      %c0 = select $B %low, $F $C($LOW), $F %a
                      %c = select $B %big, $F zeroinitializer, $F %c0
                      %t = fptosi $F %c to $R
                      %pos = fcmp oge $F %a, $C($LIMIT)
                      %r = select $B %pos, $R $K($MAX), $R %t
                    """;
        }
        String vf = n == 1 ? from : "<" + n + " x " + from + ">";
        String vr = n == 1 ? to : "<" + n + " x " + to + ">";
        String c = n == 1 ? "$1" : "splat (" + from + " $1)";
        String k = n == 1 ? "$1" : "splat (" + to + " $1)";
        return body.replace("$LIMIT", limit).replace("$LOW", lowest)
                .replace("$MAX", l ? "9223372036854775807" : "2147483647")
                .replaceAll("\\$C\\(([^)]*)\\)", c).replaceAll("\\$K\\(([^)]*)\\)", k)
                .replace("zeroinitializer", n == 1 ? (d ? "0.0" : "0.0") : "zeroinitializer")
                .replace("$F", vf).replace("$R", vr).replace("$B", n == 1 ? "i1" : "<" + n + " x i1>");
    }
}
