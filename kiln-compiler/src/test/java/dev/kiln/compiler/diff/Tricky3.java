package dev.kiln.compiler.diff;

/** A helper with the same name and descriptor as {@link Tricky2#addOne}. */
final class Tricky3 {
    private Tricky3() {
    }

    static int addOne(int x) {
        return x - 1;
    }
}
