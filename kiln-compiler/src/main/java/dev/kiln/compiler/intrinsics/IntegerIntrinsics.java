package dev.kiln.compiler.intrinsics;

import dev.kiln.compiler.intrinsics.Intrinsic.FaultSpec;
import dev.kiln.runtime.abi.Fault;

/** Integer and Long: bit counts, rotations, reversals, comparisons and the unsigned operations, on LLVM intrinsics. */
final class IntegerIntrinsics extends IntrinsicFamily {
    private final String owner;
    private final String type;
    private final int bits;

    /** @param owner {@link #INTEGER} or {@link #LONG}; {@code type} and {@code bits} its LLVM type and width */
    IntegerIntrinsics(IntrinsicTable table, String owner, String type, int bits) {
        super(table);
        this.owner = owner;
        this.type = type;
        this.bits = bits;
    }

    @Override
    void register() {
        integerFamily(owner, type, bits);
    }

    private void integerFamily(String owner, String t, int bits) {
        String j = t.equals("i32") ? "I" : "J";
        // Counts return int for both classes.
        String count = t.equals("i32") ? "  ret i32 %n\n" : "  %t = trunc i64 %n to i32\n  ret i32 %t\n";
        add(owner, "bitCount", "(" + j + ")I", "  %n = call $T @llvm.ctpop.$T($T %a)\n".replace("$T", t) + count);
        add(owner, "numberOfLeadingZeros", "(" + j + ")I",
                "  %n = call $T @llvm.ctlz.$T($T %a, i1 false)\n".replace("$T", t) + count);
        add(owner, "numberOfTrailingZeros", "(" + j + ")I",
                "  %n = call $T @llvm.cttz.$T($T %a, i1 false)\n".replace("$T", t) + count);
        // Rotations: funnel shifts take the distance modulo the width, as Java masks shift distances.
        String dist = t.equals("i32") ? "" : "  %bl = zext i32 %b to i64\n";
        String d = t.equals("i32") ? "%b" : "%bl";
        add(owner, "rotateLeft", "(" + j + "I)" + j, dist + "  %r = call $T @llvm.fshl.$T($T %a, $T %a, $T $D)\n  ret $T %r\n"
                .replace("$T", t).replace("$D", d));
        add(owner, "rotateRight", "(" + j + "I)" + j, dist + "  %r = call $T @llvm.fshr.$T($T %a, $T %a, $T $D)\n  ret $T %r\n"
                .replace("$T", t).replace("$D", d));
        add(owner, "reverse", "(" + j + ")" + j, "  %r = call $T @llvm.bitreverse.$T($T %a)\n  ret $T %r\n".replace("$T", t));
        add(owner, "reverseBytes", "(" + j + ")" + j, "  %r = call $T @llvm.bswap.$T($T %a)\n  ret $T %r\n".replace("$T", t));
        add(owner, "compare", "(" + j + j + ")I", cmp(t, "slt", "sgt"));
        add(owner, "compareUnsigned", "(" + j + j + ")I", cmp(t, "ult", "ugt"));
        add(owner, "signum", "(" + j + ")I", cmp(t, "slt", "sgt").replace("%b", "0"));
        FaultSpec byZero = new FaultSpec(Fault.DIVIDE_BY_ZERO, "/ by zero");
        for (String[] op : new String[][] {{"divideUnsigned", "udiv"}, {"remainderUnsigned", "urem"}}) {
            addFault(owner, op[0], "(" + j + j + ")" + j, byZero, """
                      %z = icmp eq $T %b, 0
                      %d = select i1 %z, $T 1, $T %b
                      %r = $OP $T %a, %d
                    """.replace("$T", t).replace("$OP", op[1]) + pack(t, "%r", "%z"));
        }
        // highestOneBit: MIN_VALUE >>> nlz, with Java's masked shift (nlz = width gives 0 via a & MIN_VALUE).
        add(owner, "highestOneBit", "(" + j + ")" + j, """
                  %n = call $T @llvm.ctlz.$T($T %a, i1 false)
                  %s = and $T %n, $WM1
                  %h = lshr $T $MIN, %s
                  %r = and $T %a, %h
                  ret $T %r
                """.replace("$T", t).replace("$WM1", Integer.toString(bits - 1))
                .replace("$MIN", t.equals("i32") ? "-2147483648" : "-9223372036854775808"));
        add(owner, "lowestOneBit", "(" + j + ")" + j, """
                  %n = sub $T 0, %a
                  %r = and $T %a, %n
                  ret $T %r
                """.replace("$T", t));
        add(owner, "min", "(" + j + j + ")" + j, "  %r = call $T @llvm.smin.$T($T %a, $T %b)\n  ret $T %r\n".replace("$T", t));
        add(owner, "max", "(" + j + j + ")" + j, "  %r = call $T @llvm.smax.$T($T %a, $T %b)\n  ret $T %r\n".replace("$T", t));
        add(owner, "sum", "(" + j + j + ")" + j, "  %r = add $T %a, %b\n  ret $T %r\n".replace("$T", t));
    }

    /** -1, 0 or 1 as an int: (a > b) - (a < b). */
    private String cmp(String t, String lt, String gt) {
        return """
                  %lt = icmp $LT $T %a, %b
                  %gt = icmp $GT $T %a, %b
                  %l = zext i1 %lt to i32
                  %g = zext i1 %gt to i32
                  %r = sub i32 %g, %l
                  ret i32 %r
                """.replace("$LT", lt).replace("$GT", gt).replace("$T", t);
    }
}
