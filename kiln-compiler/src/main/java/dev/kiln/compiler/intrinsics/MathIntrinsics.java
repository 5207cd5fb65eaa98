package dev.kiln.compiler.intrinsics;

import dev.kiln.compiler.intrinsics.Intrinsic.FaultSpec;
import dev.kiln.runtime.abi.Fault;

import java.util.Locale;

/**
 * Math and StrictMath. Functions whose result Java specifies exactly (abs, min, sqrt, floor, rint, fma, the exact
 * and floor arithmetic, ...) use LLVM instructions and intrinsics. exp and log are Kiln's own ({@link VectorMath}), so
 * that loops over them vectorise; the other transcendentals call the C library and patch every case where C99 and
 * Java disagree (see {@link #transcendentals}).
 *
 * <p>StrictMath: the exactly specified methods are shared with Math. StrictMath's transcendentals are specified bit
 * for bit (fdlibm's algorithms), which the C library does not reproduce, so they are not in the table: like every
 * static JDK method outside it, they are compiled from the JDK's own bytecode (java.lang.FdLibm), or refused with the
 * construct that stops them.
 */
final class MathIntrinsics extends IntrinsicFamily {
    private final String owner;

    /** @param owner {@link #MATH} or {@link #STRICT} */
    MathIntrinsics(IntrinsicTable table, String owner) {
        super(table);
        this.owner = owner;
    }

    @Override
    void register() {
        mathFamily(owner);
    }

    private void mathFamily(String owner) {
        boolean strict = owner.equals(STRICT);
        // abs: integer abs wraps at MIN_VALUE like Java; fabs clears only the sign bit (also of NaN), as Java does.
        add(owner, "abs", "(I)I", "  %r = call i32 @llvm.abs.i32(i32 %a, i1 false)\n  ret i32 %r\n");
        add(owner, "abs", "(J)J", "  %r = call i64 @llvm.abs.i64(i64 %a, i1 false)\n  ret i64 %r\n");
        add(owner, "abs", "(F)F", "  %r = call float @llvm.fabs.f32(float %a)\n  ret float %r\n");
        add(owner, "abs", "(D)D", "  %r = call double @llvm.fabs.f64(double %a)\n  ret double %r\n");
        addFault(owner, "absExact", "(I)I", arith("Overflow to represent absolute value of Integer.MIN_VALUE"), """
                  %o = icmp eq i32 %a, -2147483648
                  %r = call i32 @llvm.abs.i32(i32 %a, i1 false)
                """ + pack("i32", "%r", "%o"));
        addFault(owner, "absExact", "(J)J", arith("Overflow to represent absolute value of Long.MIN_VALUE"), """
                  %o = icmp eq i64 %a, -9223372036854775808
                  %r = call i64 @llvm.abs.i64(i64 %a, i1 false)
                """ + pack("i64", "%r", "%o"));

        // min/max of floats: NaN if either is NaN, -0.0 below +0.0 (FloatOps: compare and select, cold fix-up).
        for (String op : new String[] {"min", "max"}) {
            String s = op.equals("min") ? "smin" : "smax";
            add(owner, op, "(II)I", "  %r = call i32 @llvm." + s + ".i32(i32 %a, i32 %b)\n  ret i32 %r\n");
            add(owner, op, "(JJ)J", "  %r = call i64 @llvm." + s + ".i64(i64 %a, i64 %b)\n  ret i64 %r\n");
            add(owner, op, "(FF)F", FloatOps.minMaxBody(op.equals("min"), "float"));
            add(owner, op, "(DD)D", FloatOps.minMaxBody(op.equals("min"), "double"));
        }

        // Correctly rounded operations: IEEE 754 results, identical in Math and StrictMath.
        add(owner, "sqrt", "(D)D", "  %r = call double @llvm.sqrt.f64(double %a)\n  ret double %r\n");
        add(owner, "floor", "(D)D", "  %r = call double @llvm.floor.f64(double %a)\n  ret double %r\n");
        add(owner, "ceil", "(D)D", "  %r = call double @llvm.ceil.f64(double %a)\n  ret double %r\n");
        // rint is round-half-even, independent of any rounding mode.
        add(owner, "rint", "(D)D", "  %r = call double @llvm.roundeven.f64(double %a)\n  ret double %r\n");
        // llvm.fma is always fused (never split like fmuladd); without FMA hardware it becomes libm fma().
        add(owner, "fma", "(DDD)D",
                "  %r = call double @llvm.fma.f64(double %a, double %b, double %c)\n  ret double %r\n");
        add(owner, "fma", "(FFF)F",
                "  %r = call float @llvm.fma.f32(float %a, float %b, float %c)\n  ret float %r\n");

        // round = floor(x + 0.5) computed exactly: x - floor(x) is exact (or, just below 1, rounds monotonically,
        // so the >= 0.5 test still decides right) and t + 1 is exact whenever x is not integral.
        // fptosi.sat gives Java's conversion: NaN -> 0, out of range -> MIN/MAX.
        add(owner, "round", "(D)J", """
                  %t = call double @llvm.floor.f64(double %a)
                  %d = fsub double %a, %t
                  %up = fcmp oge double %d, 0.5
                  %t1 = fadd double %t, 1.0
                  %f = select i1 %up, double %t1, double %t
                  %r = call i64 @llvm.fptosi.sat.i64.f64(double %f)
                  ret i64 %r
                """);
        add(owner, "round", "(F)I", """
                  %t = call float @llvm.floor.f32(float %a)
                  %d = fsub float %a, %t
                  %up = fcmp oge float %d, 0.5
                  %t1 = fadd float %t, 1.0
                  %f = select i1 %up, float %t1, float %t
                  %r = call i32 @llvm.fptosi.sat.i32.f32(float %f)
                  ret i32 %r
                """);

        // signum: zeros and NaN are returned as they are; everything else is +-1 with the argument's sign.
        add(owner, "signum", "(D)D", """
                  %z = fcmp ueq double %a, 0.0
                  %s = call double @llvm.copysign.f64(double 1.0, double %a)
                  %r = select i1 %z, double %a, double %s
                  ret double %r
                """);
        add(owner, "signum", "(F)F", """
                  %z = fcmp ueq float %a, 0.0
                  %s = call float @llvm.copysign.f32(float 1.0, float %a)
                  %r = select i1 %z, float %a, float %s
                  ret float %r
                """);
        if (strict) {
            // StrictMath.copySign treats a NaN sign argument as positive (Math.copySign may use its sign bit).
            add(owner, "copySign", "(DD)D", """
                      %n = fcmp uno double %b, 0.0
                      %s = select i1 %n, double 1.0, double %b
                      %r = call double @llvm.copysign.f64(double %a, double %s)
                      ret double %r
                    """);
            add(owner, "copySign", "(FF)F", """
                      %n = fcmp uno float %b, 0.0
                      %s = select i1 %n, float 1.0, float %b
                      %r = call float @llvm.copysign.f32(float %a, float %s)
                      ret float %r
                    """);
        } else {
            // Math.copySign copies the raw sign bit, NaN or not, as HotSpot does.
            add(owner, "copySign", "(DD)D", "  %r = call double @llvm.copysign.f64(double %a, double %b)\n  ret double %r\n");
            add(owner, "copySign", "(FF)F", "  %r = call float @llvm.copysign.f32(float %a, float %b)\n  ret float %r\n");
        }

        floorDivMod(owner);

        add(owner, "multiplyHigh", "(JJ)J", """
                  %x = sext i64 %a to i128
                  %y = sext i64 %b to i128
                  %p = mul i128 %x, %y
                  %h = ashr i128 %p, 64
                  %r = trunc i128 %h to i64
                  ret i64 %r
                """);

        exactFamily(owner);
        if (!strict) transcendentals(owner);
    }

    /** floorDiv/floorMod; a zero divisor faults, and a -1 divisor avoids LLVM's undefined MIN_VALUE / -1. */
    private void floorDivMod(String owner) {
        FaultSpec byZero = new FaultSpec(Fault.DIVIDE_BY_ZERO, "/ by zero");
        for (String t : new String[] {"i32", "i64"}) {
            String desc = t.equals("i32") ? "(II)I" : "(JJ)J";
            addFault(owner, "floorDiv", desc, byZero, floorDivBody(t, "%a", "%b") + pack(t, "%q", "%z"));
            addFault(owner, "floorMod", desc, byZero, floorModBody(t, "%a", "%b") + pack(t, "%m", "%z"));
        }
        // The mixed overloads: long dividend, int divisor; floorMod(long, int) returns int.
        addFault(owner, "floorDiv", "(JI)J", byZero, "  %bl = sext i32 %b to i64\n"
                + floorDivBody("i64", "%a", "%bl") + pack("i64", "%q", "%z"));
        addFault(owner, "floorMod", "(JI)I", byZero, "  %bl = sext i32 %b to i64\n"
                + floorModBody("i64", "%a", "%bl") + "  %mi = trunc i64 %m to i32\n" + pack("i32", "%mi", "%z"));
    }

    /** Leaves %z (divisor is zero) and %q (the floor quotient, wrapping for MIN_VALUE / -1). */
    private String floorDivBody(String t, String a, String b) {
        return """
                  %z = icmp eq $T $B, 0
                  %m1 = icmp eq $T $B, -1
                  %bad = or i1 %z, %m1
                  %d = select i1 %bad, $T 1, $T $B
                  %q0 = sdiv $T $A, %d
                  %r0 = srem $T $A, %d
                  %rnz = icmp ne $T %r0, 0
                  %x = xor $T %r0, %d
                  %sd = icmp slt $T %x, 0
                  %adj = and i1 %rnz, %sd
                  %adjt = zext i1 %adj to $T
                  %q1 = sub $T %q0, %adjt
                  %neg = sub $T 0, $A
                  %q = select i1 %m1, $T %neg, $T %q1
                """.replace("$T", t).replace("$A", a).replace("$B", b);
    }

    /** Leaves %z (divisor is zero) and %m (the floor modulus; 0 for a -1 divisor). */
    private String floorModBody(String t, String a, String b) {
        return """
                  %z = icmp eq $T $B, 0
                  %m1 = icmp eq $T $B, -1
                  %bad = or i1 %z, %m1
                  %d = select i1 %bad, $T 1, $T $B
                  %r0 = srem $T $A, %d
                  %rnz = icmp ne $T %r0, 0
                  %x = xor $T %r0, %d
                  %sd = icmp slt $T %x, 0
                  %adj = and i1 %rnz, %sd
                  %r1 = add $T %r0, %d
                  %m = select i1 %adj, $T %r1, $T %r0
                """.replace("$T", t).replace("$A", a).replace("$B", b);
    }

    private void exactFamily(String owner) {
        FaultSpec io = arith("integer overflow");
        FaultSpec lo = arith("long overflow");
        String[][] ops = {{"addExact", "sadd"}, {"subtractExact", "ssub"}, {"multiplyExact", "smul"}};
        for (String[] op : ops) {
            addFault(owner, op[0], "(II)I", io,
                    "  %r = call {i32, i1} @llvm." + op[1] + ".with.overflow.i32(i32 %a, i32 %b)\n  ret {i32, i1} %r\n");
            addFault(owner, op[0], "(JJ)J", lo,
                    "  %r = call {i64, i1} @llvm." + op[1] + ".with.overflow.i64(i64 %a, i64 %b)\n  ret {i64, i1} %r\n");
        }
        addFault(owner, "multiplyExact", "(JI)J", lo, """
                  %bl = sext i32 %b to i64
                  %r = call {i64, i1} @llvm.smul.with.overflow.i64(i64 %a, i64 %bl)
                  ret {i64, i1} %r
                """);
        addFault(owner, "incrementExact", "(I)I", io,
                "  %r = call {i32, i1} @llvm.sadd.with.overflow.i32(i32 %a, i32 1)\n  ret {i32, i1} %r\n");
        addFault(owner, "incrementExact", "(J)J", lo,
                "  %r = call {i64, i1} @llvm.sadd.with.overflow.i64(i64 %a, i64 1)\n  ret {i64, i1} %r\n");
        addFault(owner, "decrementExact", "(I)I", io,
                "  %r = call {i32, i1} @llvm.ssub.with.overflow.i32(i32 %a, i32 1)\n  ret {i32, i1} %r\n");
        addFault(owner, "decrementExact", "(J)J", lo,
                "  %r = call {i64, i1} @llvm.ssub.with.overflow.i64(i64 %a, i64 1)\n  ret {i64, i1} %r\n");
        addFault(owner, "negateExact", "(I)I", io,
                "  %r = call {i32, i1} @llvm.ssub.with.overflow.i32(i32 0, i32 %a)\n  ret {i32, i1} %r\n");
        addFault(owner, "negateExact", "(J)J", lo,
                "  %r = call {i64, i1} @llvm.ssub.with.overflow.i64(i64 0, i64 %a)\n  ret {i64, i1} %r\n");
        addFault(owner, "toIntExact", "(J)I", io, """
                  %r = trunc i64 %a to i32
                  %e = sext i32 %r to i64
                  %o = icmp ne i64 %e, %a
                """ + pack("i32", "%r", "%o"));
    }

    /**
     * The C library's functions, wrapped where Java and the C library disagree. Checked against the Java specification
     * one by one: expm1, log1p, sin, cos, tan, asin, acos, atan, atan2, sinh, cosh and tanh have the
     * same NaN/zero/infinity results in both and are called directly. The others:
     * <ul>
     *   <li>pow: Java's pow(x, +-0) is 1.0 for every x (glibc gives NaN for a signalling NaN x), pow(x, NaN) is NaN
     *       even for x = 1, and pow(+-1, +-Inf) is NaN (C99 returns 1.0 for these);</li>
     *   <li>hypot: Java returns +Inf when either argument is infinite, NaN or not (glibc gives NaN for a signalling
     *       NaN);</li>
     *   <li>log10: glibc's is off by up to 1.25 ulps, so Kiln uses its extended-precision log10l;</li>
     *   <li>cbrt: glibc's cbrt is off by up to 3 ulps (Java allows 1), so its result gets one Newton step with the
     *       residual computed exactly by fma, which leaves only the final rounding.</li>
     * </ul>
     */
    private void transcendentals(String owner) {
        for (String f : new String[] {"expm1", "log1p", "sin", "cos", "tan", "asin", "acos",
                "atan", "sinh", "cosh", "tanh"}) {
            add(owner, f, "(D)D", "  %r = call double @" + f + "(double %a)\n  ret double %r\n");
        }
        // exp and log: Kiln's own, which loops vectorise (VectorMath).
        addWithHelpers(owner, "exp", "(D)D", "  %r = call double @" + VectorMath.EXP + "(double %a)\n  ret double %r\n",
                VectorMath.expDefinitions());
        addWithHelpers(owner, "log", "(D)D", "  %r = call double @" + VectorMath.LOG + "(double %a)\n  ret double %r\n",
                VectorMath.logDefinitions());
        // glibc's double log10 is off by up to 1.25 ulps (Java allows 1); its 64-bit-mantissa log10l, rounded once
        // to double, is within 0.5 + 2^-10 ulps, and exact for 10^n. Special cases are C's, which equal Java's.
        add(owner, "log10", "(D)D", """
                  %x = fpext double %a to x86_fp80
                  %l = call x86_fp80 @log10l(x86_fp80 %x)
                  %r = fptrunc x86_fp80 %l to double
                  ret double %r
                """);
        add(owner, "atan2", "(DD)D", "  %r = call double @atan2(double %a, double %b)\n  ret double %r\n");
        add(owner, "pow", "(DD)D", """
                  %bzero = fcmp oeq double %b, 0.0
                  %bnan = fcmp uno double %b, 0.0
                  %aabs = call double @llvm.fabs.f64(double %a)
                  %aone = fcmp oeq double %aabs, 1.0
                  %babs = call double @llvm.fabs.f64(double %b)
                  %binf = fcmp oeq double %babs, $INF
                  %oneinf = and i1 %aone, %binf
                  %nan = or i1 %bnan, %oneinf
                  %special = or i1 %nan, %bzero
                  br i1 %special, label %fixed, label %libm
                libm:
                  %r = call double @pow(double %a, double %b)
                  ret double %r
                fixed:
                  %f = select i1 %bzero, double 1.0, double $NAN
                  ret double %f
                """.replace("$INF", D_INF).replace("$NAN", D_NAN));
        add(owner, "hypot", "(DD)D", """
                  %aabs = call double @llvm.fabs.f64(double %a)
                  %babs = call double @llvm.fabs.f64(double %b)
                  %ainf = fcmp oeq double %aabs, $INF
                  %binf = fcmp oeq double %babs, $INF
                  %inf = or i1 %ainf, %binf
                  br i1 %inf, label %infinite, label %libm
                libm:
                  %r = call double @hypot(double %a, double %b)
                  ret double %r
                infinite:
                  ret double $INF
                """.replace("$INF", D_INF));
        // cbrt: scale tiny and huge arguments by 2^(+-402) (the result by 2^(+-134)) so that y^3 neither underflows
        // nor overflows; then y1 = y - (y^3 - x) / (3y^2), where y^3 - x = (y3 - x) + lo is exact up to lo's rounding
        // (y3 - x is exact by Sterbenz's lemma since y3 is within a few ulps of x). Zero, infinity and NaN keep y.
        add(owner, "cbrt", "(D)D", """
                  %ax = call double @llvm.fabs.f64(double %a)
                  %small = fcmp olt double %ax, $P_M900
                  %big = fcmp ogt double %ax, $P_900
                  %xu = fmul double %a, $P_402
                  %xd = fmul double %a, $P_M402
                  %x0 = select i1 %big, double %xd, double %a
                  %x = select i1 %small, double %xu, double %x0
                  %y = call double @cbrt(double %x)
                  %y2 = fmul double %y, %y
                  %ny2 = fneg double %y2
                  %e2 = call double @llvm.fma.f64(double %y, double %y, double %ny2)
                  %y3 = fmul double %y2, %y
                  %ny3 = fneg double %y3
                  %e3 = call double @llvm.fma.f64(double %y2, double %y, double %ny3)
                  %lo = call double @llvm.fma.f64(double %e2, double %y, double %e3)
                  %hi = fsub double %y3, %x
                  %res = fadd double %hi, %lo
                  %den = fmul double %y2, 3.0
                  %c = fdiv double %res, %den
                  %y1 = fsub double %y, %c
                  %xa = call double @llvm.fabs.f64(double %x)
                  %nz = fcmp one double %xa, 0.0
                  %fin = fcmp olt double %xa, $INF
                  %ok = and i1 %nz, %fin
                  %yr = select i1 %ok, double %y1, double %y
                  %s0 = select i1 %big, double $P_134, double 1.0
                  %s = select i1 %small, double $P_M134, double %s0
                  %r = fmul double %yr, %s
                  ret double %r
                """.replace("$P_M900", hex(0x1p-900)).replace("$P_900", hex(0x1p900))
                .replace("$P_M402", hex(0x1p-402)).replace("$P_402", hex(0x1p402))
                .replace("$P_M134", hex(0x1p-134)).replace("$P_134", hex(0x1p134)).replace("$INF", D_INF));
    }

    /** A double constant as LLVM IR writes it exactly: its bits in hex. */
    private String hex(double d) {
        return String.format(Locale.ROOT, "0x%016X", Double.doubleToRawLongBits(d));
    }
}
