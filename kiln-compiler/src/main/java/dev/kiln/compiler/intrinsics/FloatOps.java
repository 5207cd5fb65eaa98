package dev.kiln.compiler.intrinsics;

import java.util.Optional;
import java.util.Set;

/**
 * Lowerings of the floating-point operations whose Java rules x86 has no single instruction for: {@code Math.min/max}
 * of float and double (NaN if either is NaN, -0.0 below +0.0) and the {@code (int)}/{@code (long)} conversions (NaN to
 * 0, saturating). Each has a fast path of the plain instruction and a cold fix-up, as HotSpot does; measured against the
 * alternatives in {@code docs/benchmarks.md} ("Math.min/max and conversions").
 */
public final class FloatOps {
    private static final String LIKELY_TRUE = "!{!\"branch_weights\", i32 2000, i32 1}";
    private static final String LIKELY_FALSE = "!{!\"branch_weights\", i32 1, i32 2000}";

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

    /**
     * The function for a float-to-integer conversion ({@code from} = {@code float}/{@code double}, {@code to} =
     * {@code i32}/{@code i64}) with Java's result: x86's truncating convert, which gives the "integer indefinite"
     * MIN_VALUE for NaN and out-of-range inputs, and llvm.fptosi.sat only when that sentinel comes out (a real
     * MIN_VALUE is recomputed there too). The target intrinsic, unlike fptosi, is defined for every input, so the
     * check is exact; it keeps the loop scalar, which measured faster than fptosi.sat's vector form on x86-64-v3/v4.
     */
    public static Intrinsic conversion(String from, String to) {
        boolean d = from.equals("double");
        boolean l = to.equals("i64");
        String symbol = "kiln.convert." + (d ? "d2" : "f2") + (l ? "l" : "i");
        String vec = d ? "<2 x double>" : "<4 x float>";
        String cvt = "llvm.x86." + (d ? "sse2.cvttsd2si" : "sse.cvttss2si") + (l ? "64" : "");
        String sat = "llvm.fptosi.sat." + to + "." + (d ? "f64" : "f32");
        String min = l ? "-9223372036854775808" : "-2147483648";
        String body = """
                  %v = insertelement $V poison, $F %a, i64 0
                  %t = call $R @$CVT($V %v)
                  %bad = icmp eq $R %t, $MIN
                  br i1 %bad, label %fix, label %done, !prof $LIKELY
                done:
                  ret $R %t
                fix:
                  %s = call $R @$SAT($F %a)
                  ret $R %s
                """.replace("$V", vec).replace("$F", from).replace("$R", to).replace("$CVT", cvt)
                .replace("$SAT", sat).replace("$MIN", min).replace("$LIKELY", LIKELY_FALSE);
        String definition = "define internal " + to + " @\"" + symbol + "\"(" + from + " %a) nounwind {\nentry:\n"
                + body + "}\n";
        return new Intrinsic(symbol, definition,
                Set.of("declare " + to + " @" + cvt + "(" + vec + ")", "declare " + to + " @" + sat + "(" + from + ")"),
                Optional.empty());
    }
}
