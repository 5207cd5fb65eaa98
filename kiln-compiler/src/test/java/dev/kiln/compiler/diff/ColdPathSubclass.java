package dev.kiln.compiler.diff;

import dev.kiln.compiler.diff.other.ProtectedBase;

/** A throw path calling an inherited protected member of another package: another class could not, so it stays refused. */
final class ColdPathSubclass extends ProtectedBase {
    private ColdPathSubclass() {
    }

    static int viaProtected(int x) {
        if (x < 0) throw new ColdPathKernels.FormattedException(ColdPathKernels.Pattern.ZERO_DIVISOR, boxed(x));
        return x;
    }
}
