package dev.kiln.compiler.intrinsics;

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
     * {@code i32}/{@code i64}) with Java's result, branch-free so that loops vectorise: the input is clamped into
     * the range where fptosi is defined (NaN to 0) and converted, and only values at or above 2^31 (2^63), whose
     * MAX_VALUE the floating type cannot hold, are patched after with a select; double to int clamps to 2^31 - 1
     * directly. Measured against fptosi.sat (the previous lowering), x86's sentinel check on the result
     * ({@code cvttsd2si}, then a cold fix-up when it gives MIN_VALUE: a target intrinsic that keeps loops scalar) and
     * a range-checked branch: docs/benchmarks.md.
     */
    public static Intrinsic conversion(String from, String to) {
        boolean d = from.equals("double");
        boolean l = to.equals("i64");
        String symbol = "kiln.convert." + (d ? "d2" : "f2") + (l ? "l" : "i");
        // 2^31 and 2^63 and their negatives, exact in float and double (LLVM writes float constants as doubles)
        String limit = l ? "0x43E0000000000000" : "0x41E0000000000000";
        String lowest = l ? "0xC3E0000000000000" : "0xC1E0000000000000";
        String body;
        if (d && !l) {
            body = """
                      %low = fcmp olt double %a, $LOW
                      %c0 = select i1 %low, double $LOW, double %a
                      %high = fcmp ogt double %c0, 2147483647.0
                      %c1 = select i1 %high, double 2147483647.0, double %c0
                      %nan = fcmp uno double %a, 0.0
                      %c = select i1 %nan, double 0.0, double %c1
                      %r = fptosi double %c to i32
                      ret i32 %r
                    """;
        } else {
            body = """
                      %big = fcmp uge $F %a, $LIMIT
                      %low = fcmp olt $F %a, $LOW
                      %c0 = select i1 %low, $F $LOW, $F %a
                      %c = select i1 %big, $F 0.0, $F %c0
                      %t = fptosi $F %c to $R
                      %pos = fcmp oge $F %a, $LIMIT
                      %r = select i1 %pos, $R $MAX, $R %t
                      ret $R %r
                    """;
        }
        body = body.replace("$F", from).replace("$R", to).replace("$LIMIT", limit).replace("$LOW", lowest)
                .replace("$MAX", l ? "9223372036854775807" : "2147483647");
        String definition = "define internal " + to + " @\"" + symbol + "\"(" + from + " %a) nounwind {\nentry:\n"
                + body + "}\n";
        return new Intrinsic(symbol, definition, Set.of(), Optional.empty());
    }
}
