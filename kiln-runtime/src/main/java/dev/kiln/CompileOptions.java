package dev.kiln;

/**
 * Options that change the machine code, and so are part of the cache key.
 *
 * @param optLevel     LLVM optimisation level, 0 to 3 (default 3)
 * @param fastMath     allow reassociation and contraction of floating-point operations (like {@code -ffast-math});
 *                     off by default, so results are bit-identical to HotSpot
 * @param boundsChecks check array indices and throw {@link ArrayIndexOutOfBoundsException} like Java (default on);
 *                     off makes an out-of-bounds index undefined behaviour
 */
public record CompileOptions(int optLevel, boolean fastMath, boolean boundsChecks) {
    public static final CompileOptions DEFAULT = new CompileOptions(3, false, true);

    public CompileOptions {
        if (optLevel < 0 || optLevel > 3) {
            throw new IllegalArgumentException("optLevel must be 0..3, got " + optLevel);
        }
    }

    public CompileOptions withOptLevel(int level) { return new CompileOptions(level, fastMath, boundsChecks); }
    public CompileOptions withFastMath(boolean on) { return new CompileOptions(optLevel, on, boundsChecks); }
    public CompileOptions withBoundsChecks(boolean on) { return new CompileOptions(optLevel, fastMath, on); }

    /** Readable, stable form used in cache metadata and miss reasons, e.g. {@code O3 fastMath=false boundsChecks=true}. */
    @Override
    public String toString() {
        return "O" + optLevel + " fastMath=" + fastMath + " boundsChecks=" + boundsChecks;
    }
}
