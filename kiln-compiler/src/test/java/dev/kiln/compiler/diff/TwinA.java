package dev.kiln.compiler.diff;

/** Same kernel name and descriptor as {@link TwinB#twin}, different body. */
final class TwinA {
    private TwinA() {
    }

    static int twin(int x) {
        return x + 1;
    }
}
