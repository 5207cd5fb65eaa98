package dev.kiln.compiler.diff.other;

/** A superclass in another package whose protected member a subclass's throw path uses. */
public class ProtectedBase {
    protected ProtectedBase() {
    }

    protected static Object boxed(int x) {
        return Integer.valueOf(x);
    }
}
