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
     * {@code i32}/{@code i64}) with Java's result. Inputs of magnitude below 2^31 (2^63) take a plain fptosi, defined
     * there ({@code cvttsd2si} in scalar code, behind one predictable branch on the input); the rest saturate by sign,
     * NaN to 0, with selects. Unlike x86's sentinel check on the result ({@code cvttsd2si} then compare with
     * MIN_VALUE), which needs a target intrinsic that stops the loop vectoriser, this if-converts into vector code;
     * llvm.fptosi.sat, the previous lowering, is slower in both forms (docs/benchmarks.md).
     */
    public static Intrinsic conversion(String from, String to) {
        boolean d = from.equals("double");
        boolean l = to.equals("i64");
        String symbol = "kiln.convert." + (d ? "d2" : "f2") + (l ? "l" : "i");
        String fabs = "llvm.fabs." + (d ? "f64" : "f32");
        String body = """
                  %m = call $F @$ABS($F %a)
                  %in = fcmp olt $F %m, $LIMIT
                  br i1 %in, label %fast, label %saturate, !prof $LIKELY
                fast:
                  %t = fptosi $F %a to $R
                  ret $R %t
                saturate:
                  %pos = fcmp ogt $F %a, 0.0
                  %s = select i1 %pos, $R $MAX, $R $MIN
                  %nan = fcmp uno $F %a, 0.0
                  %r = select i1 %nan, $R 0, $R %s
                  ret $R %r
                """.replace("$F", from).replace("$R", to).replace("$ABS", fabs)
                // 2^31 and 2^63, exact in float and double (LLVM writes float constants in double's hex format)
                .replace("$LIMIT", l ? "0x43E0000000000000" : "0x41E0000000000000")
                .replace("$MAX", l ? "9223372036854775807" : "2147483647")
                .replace("$MIN", l ? "-9223372036854775808" : "-2147483648").replace("$LIKELY", LIKELY_TRUE);
        String definition = "define internal " + to + " @\"" + symbol + "\"(" + from + " %a) nounwind {\nentry:\n"
                + body + "}\n";
        return new Intrinsic(symbol, definition, Set.of("declare " + from + " @" + fabs + "(" + from + ")"),
                Optional.empty());
    }
}
