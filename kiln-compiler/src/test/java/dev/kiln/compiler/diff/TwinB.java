package dev.kiln.compiler.diff;

/** Same kernel name and descriptor as {@link TwinA#twin}, different body. */
final class TwinB {
    private TwinB() {
    }

    static int twin(int x) {
        return x * 100;
    }
}
