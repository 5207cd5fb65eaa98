package dev.kiln.model;

import java.util.Set;

/**
 * The JDK methods the compiler lowers through its intrinsic table (owner.name descriptor, owner in internal form).
 * {@link KernelGraph} treats them as leaves; every other static JDK method with a primitive signature is read from
 * its class file and compiled like user code, so its bytecode is part of the cache key. The list lives in the
 * runtime because the key is computed without the compiler (loading baked kernels); the compiler's table checks at
 * start-up that each of its entries is listed here.
 */
public final class JdkLeaves {
    private static final Set<String> NAMES = Set.of("""
            java/lang/Math.abs(I)I
            java/lang/Math.abs(J)J
            java/lang/Math.abs(F)F
            java/lang/Math.abs(D)D
            java/lang/Math.absExact(I)I
            java/lang/Math.absExact(J)J
            java/lang/Math.min(II)I
            java/lang/Math.min(JJ)J
            java/lang/Math.min(FF)F
            java/lang/Math.min(DD)D
            java/lang/Math.max(II)I
            java/lang/Math.max(JJ)J
            java/lang/Math.max(FF)F
            java/lang/Math.max(DD)D
            java/lang/Math.sqrt(D)D
            java/lang/Math.floor(D)D
            java/lang/Math.ceil(D)D
            java/lang/Math.rint(D)D
            java/lang/Math.fma(DDD)D
            java/lang/Math.fma(FFF)F
            java/lang/Math.round(D)J
            java/lang/Math.round(F)I
            java/lang/Math.signum(D)D
            java/lang/Math.signum(F)F
            java/lang/Math.copySign(DD)D
            java/lang/Math.copySign(FF)F
            java/lang/Math.floorDiv(II)I
            java/lang/Math.floorMod(II)I
            java/lang/Math.floorDiv(JJ)J
            java/lang/Math.floorMod(JJ)J
            java/lang/Math.floorDiv(JI)J
            java/lang/Math.floorMod(JI)I
            java/lang/Math.multiplyHigh(JJ)J
            java/lang/Math.addExact(II)I
            java/lang/Math.addExact(JJ)J
            java/lang/Math.subtractExact(II)I
            java/lang/Math.subtractExact(JJ)J
            java/lang/Math.multiplyExact(II)I
            java/lang/Math.multiplyExact(JJ)J
            java/lang/Math.multiplyExact(JI)J
            java/lang/Math.incrementExact(I)I
            java/lang/Math.incrementExact(J)J
            java/lang/Math.decrementExact(I)I
            java/lang/Math.decrementExact(J)J
            java/lang/Math.negateExact(I)I
            java/lang/Math.negateExact(J)J
            java/lang/Math.toIntExact(J)I
            java/lang/Math.exp(D)D
            java/lang/Math.expm1(D)D
            java/lang/Math.log(D)D
            java/lang/Math.log1p(D)D
            java/lang/Math.sin(D)D
            java/lang/Math.cos(D)D
            java/lang/Math.tan(D)D
            java/lang/Math.asin(D)D
            java/lang/Math.acos(D)D
            java/lang/Math.atan(D)D
            java/lang/Math.sinh(D)D
            java/lang/Math.cosh(D)D
            java/lang/Math.tanh(D)D
            java/lang/Math.log10(D)D
            java/lang/Math.atan2(DD)D
            java/lang/Math.pow(DD)D
            java/lang/Math.hypot(DD)D
            java/lang/Math.cbrt(D)D
            java/lang/StrictMath.abs(I)I
            java/lang/StrictMath.abs(J)J
            java/lang/StrictMath.abs(F)F
            java/lang/StrictMath.abs(D)D
            java/lang/StrictMath.absExact(I)I
            java/lang/StrictMath.absExact(J)J
            java/lang/StrictMath.min(II)I
            java/lang/StrictMath.min(JJ)J
            java/lang/StrictMath.min(FF)F
            java/lang/StrictMath.min(DD)D
            java/lang/StrictMath.max(II)I
            java/lang/StrictMath.max(JJ)J
            java/lang/StrictMath.max(FF)F
            java/lang/StrictMath.max(DD)D
            java/lang/StrictMath.sqrt(D)D
            java/lang/StrictMath.floor(D)D
            java/lang/StrictMath.ceil(D)D
            java/lang/StrictMath.rint(D)D
            java/lang/StrictMath.fma(DDD)D
            java/lang/StrictMath.fma(FFF)F
            java/lang/StrictMath.round(D)J
            java/lang/StrictMath.round(F)I
            java/lang/StrictMath.signum(D)D
            java/lang/StrictMath.signum(F)F
            java/lang/StrictMath.copySign(DD)D
            java/lang/StrictMath.copySign(FF)F
            java/lang/StrictMath.floorDiv(II)I
            java/lang/StrictMath.floorMod(II)I
            java/lang/StrictMath.floorDiv(JJ)J
            java/lang/StrictMath.floorMod(JJ)J
            java/lang/StrictMath.floorDiv(JI)J
            java/lang/StrictMath.floorMod(JI)I
            java/lang/StrictMath.multiplyHigh(JJ)J
            java/lang/StrictMath.addExact(II)I
            java/lang/StrictMath.addExact(JJ)J
            java/lang/StrictMath.subtractExact(II)I
            java/lang/StrictMath.subtractExact(JJ)J
            java/lang/StrictMath.multiplyExact(II)I
            java/lang/StrictMath.multiplyExact(JJ)J
            java/lang/StrictMath.multiplyExact(JI)J
            java/lang/StrictMath.incrementExact(I)I
            java/lang/StrictMath.incrementExact(J)J
            java/lang/StrictMath.decrementExact(I)I
            java/lang/StrictMath.decrementExact(J)J
            java/lang/StrictMath.negateExact(I)I
            java/lang/StrictMath.negateExact(J)J
            java/lang/StrictMath.toIntExact(J)I
            java/lang/Integer.bitCount(I)I
            java/lang/Integer.numberOfLeadingZeros(I)I
            java/lang/Integer.numberOfTrailingZeros(I)I
            java/lang/Integer.rotateLeft(II)I
            java/lang/Integer.rotateRight(II)I
            java/lang/Integer.reverse(I)I
            java/lang/Integer.reverseBytes(I)I
            java/lang/Integer.compare(II)I
            java/lang/Integer.compareUnsigned(II)I
            java/lang/Integer.signum(I)I
            java/lang/Integer.divideUnsigned(II)I
            java/lang/Integer.remainderUnsigned(II)I
            java/lang/Integer.highestOneBit(I)I
            java/lang/Integer.lowestOneBit(I)I
            java/lang/Integer.min(II)I
            java/lang/Integer.max(II)I
            java/lang/Integer.sum(II)I
            java/lang/Long.bitCount(J)I
            java/lang/Long.numberOfLeadingZeros(J)I
            java/lang/Long.numberOfTrailingZeros(J)I
            java/lang/Long.rotateLeft(JI)J
            java/lang/Long.rotateRight(JI)J
            java/lang/Long.reverse(J)J
            java/lang/Long.reverseBytes(J)J
            java/lang/Long.compare(JJ)I
            java/lang/Long.compareUnsigned(JJ)I
            java/lang/Long.signum(J)I
            java/lang/Long.divideUnsigned(JJ)J
            java/lang/Long.remainderUnsigned(JJ)J
            java/lang/Long.highestOneBit(J)J
            java/lang/Long.lowestOneBit(J)J
            java/lang/Long.min(JJ)J
            java/lang/Long.max(JJ)J
            java/lang/Long.sum(JJ)J
            java/lang/Double.doubleToRawLongBits(D)J
            java/lang/Double.doubleToLongBits(D)J
            java/lang/Double.longBitsToDouble(J)D
            java/lang/Double.isNaN(D)Z
            java/lang/Double.isInfinite(D)Z
            java/lang/Double.isFinite(D)Z
            java/lang/Double.compare(DD)I
            java/lang/Double.min(DD)D
            java/lang/Double.max(DD)D
            java/lang/Double.sum(DD)D
            java/lang/Float.floatToRawIntBits(F)I
            java/lang/Float.floatToIntBits(F)I
            java/lang/Float.intBitsToFloat(I)F
            java/lang/Float.isNaN(F)Z
            java/lang/Float.isInfinite(F)Z
            java/lang/Float.isFinite(F)Z
            java/lang/Float.compare(FF)I
            java/lang/Float.min(FF)F
            java/lang/Float.max(FF)F
            java/lang/Float.sum(FF)F
            """.strip().split("\\s+"));

    /**
     * JDK methods over primitive arrays the front end lowers to its own instructions (Kiln's {@code ArrayCalls}):
     * {@code Arrays.fill}, {@code copyOf}, {@code copyOfRange} for every primitive element type. Leaves too, so their
     * bytecode (which throws exceptions Kiln reproduces itself) is never read.
     */
    private static final Set<String> ARRAY_METHODS = arrayMethods();

    private static Set<String> arrayMethods() {
        Set<String> out = new java.util.HashSet<>();
        for (char c : "ZBSCIJFD".toCharArray()) {
            String a = "[" + c;
            out.add("java/util/Arrays.fill(" + a + c + ")V");
            out.add("java/util/Arrays.fill(" + a + "II" + c + ")V");
            out.add("java/util/Arrays.copyOf(" + a + "I)" + a);
            out.add("java/util/Arrays.copyOfRange(" + a + "II)" + a);
        }
        return Set.copyOf(out);
    }

    private JdkLeaves() {
    }

    /**
     * True when {@code owner.name descriptor} is lowered by the intrinsic table or by the front end's array methods
     * rather than compiled from bytecode.
     */
    public static boolean contains(String owner, String name, String descriptor) {
        String key = owner + "." + name + descriptor;
        return NAMES.contains(key) || ARRAY_METHODS.contains(key);
    }

    /** Every intrinsic-table method, as {@code owner.name descriptor} (not the array methods); for tests. */
    public static Set<String> all() {
        return NAMES;
    }
}
