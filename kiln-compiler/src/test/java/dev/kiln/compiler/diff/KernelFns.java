package dev.kiln.compiler.diff;

/** Functional interfaces kernels are bound to (Kiln implements only public interfaces). */
public final class KernelFns {
    private KernelFns() {
    }

    public interface IntBinary {
        int apply(int a, int b);
    }

    public interface ArrayPick {
        int pick(int[] a, int[] c, boolean first);
    }
}
