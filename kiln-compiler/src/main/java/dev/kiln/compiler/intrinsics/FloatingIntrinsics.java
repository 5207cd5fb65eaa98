package dev.kiln.compiler.intrinsics;

/**
 * Double and Float: bit conversions (with Java's canonical NaN where specified), classification, {@code compare}
 * (numeric order, then -0.0 below 0.0 and NaN above +Infinity), min, max and sum.
 */
final class FloatingIntrinsics extends IntrinsicFamily {
    private final String owner, f, i, canonicalNaN, toRaw, toBits, fromBits, fj, ij;

    /**
     * @param owner {@link #DOUBLE} or {@link #FLOAT}; then its LLVM floating and integer types, the canonical NaN's
     *              bits, the names of its raw and canonical to-bits and from-bits methods, and its and the integer's
     *              descriptors
     */
    FloatingIntrinsics(IntrinsicTable table, String owner, String f, String i, String canonicalNaN, String toRaw,
                       String toBits, String fromBits, String fj, String ij) {
        super(table);
        this.owner = owner;
        this.f = f;
        this.i = i;
        this.canonicalNaN = canonicalNaN;
        this.toRaw = toRaw;
        this.toBits = toBits;
        this.fromBits = fromBits;
        this.fj = fj;
        this.ij = ij;
    }

    @Override
    void register() {
        floatingFamily(owner, f, i, canonicalNaN, toRaw, toBits, fromBits, fj, ij);
    }

    private void floatingFamily(String owner, String f, String i, String canonicalNaN, String toRaw,
                                String toBits, String fromBits, String fj, String ij) {
        String fsfx = f.equals("double") ? "f64" : "f32";
        add(owner, toRaw, "(" + fj + ")" + ij, "  %r = bitcast $F %a to $I\n  ret $I %r\n".replace("$F", f).replace("$I", i));
        // The canonical NaN for every NaN, as Java's doubleToLongBits/floatToIntBits specify.
        add(owner, toBits, "(" + fj + ")" + ij, """
                  %n = fcmp uno $F %a, 0.0
                  %b = bitcast $F %a to $I
                  %r = select i1 %n, $I $NAN, $I %b
                  ret $I %r
                """.replace("$F", f).replace("$I", i).replace("$NAN", canonicalNaN));
        add(owner, fromBits, "(" + ij + ")" + fj, "  %r = bitcast $I %a to $F\n  ret $F %r\n".replace("$F", f).replace("$I", i));
        add(owner, "isNaN", "(" + fj + ")Z", "  %n = fcmp uno $F %a, 0.0\n  %r = zext i1 %n to i32\n  ret i32 %r\n"
                .replace("$F", f));
        add(owner, "isInfinite", "(" + fj + ")Z", """
                  %m = call $F @llvm.fabs.$S($F %a)
                  %n = fcmp oeq $F %m, $INF
                  %r = zext i1 %n to i32
                  ret i32 %r
                """.replace("$F", f).replace("$S", fsfx).replace("$INF", D_INF));
        add(owner, "isFinite", "(" + fj + ")Z", """
                  %m = call $F @llvm.fabs.$S($F %a)
                  %n = fcmp olt $F %m, $INF
                  %r = zext i1 %n to i32
                  ret i32 %r
                """.replace("$F", f).replace("$S", fsfx).replace("$INF", D_INF));
        // compare: numeric order, then the canonical bits as signed integers, which puts -0.0 below 0.0 and NaN
        // (equal to itself) above +Infinity.
        add(owner, "compare", "(" + fj + fj + ")I", """
                  %flt = fcmp olt $F %a, %b
                  %fgt = fcmp ogt $F %a, %b
                  %an = fcmp uno $F %a, 0.0
                  %bn = fcmp uno $F %b, 0.0
                  %ab0 = bitcast $F %a to $I
                  %bb0 = bitcast $F %b to $I
                  %ab = select i1 %an, $I $NAN, $I %ab0
                  %bb = select i1 %bn, $I $NAN, $I %bb0
                  %ilt = icmp slt $I %ab, %bb
                  %igt = icmp sgt $I %ab, %bb
                  %l = zext i1 %ilt to i32
                  %g = zext i1 %igt to i32
                  %c = sub i32 %g, %l
                  %c1 = select i1 %fgt, i32 1, i32 %c
                  %r = select i1 %flt, i32 -1, i32 %c1
                  ret i32 %r
                """.replace("$F", f).replace("$I", i).replace("$NAN", canonicalNaN));
        add(owner, "min", "(" + fj + fj + ")" + fj, FloatOps.minMaxBody(true, f));
        add(owner, "max", "(" + fj + fj + ")" + fj, FloatOps.minMaxBody(false, f));
        add(owner, "sum", "(" + fj + fj + ")" + fj, "  %r = fadd $F %a, %b\n  ret $F %r\n".replace("$F", f));
    }
}
