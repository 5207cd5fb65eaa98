package dev.kiln.compiler.diff;

/** A kernel reaching FdLibm's tables, for tests of how JDK tables compile. */
public final class JdkTableProbe {
    private JdkTableProbe() {
    }

    public static double exp(double x) {
        return StrictMath.exp(x);
    }
}
