package com.example.quickstart;

import dev.kiln.Kernel;

/** Calls two kernels as plain Java methods; the build rewrote them to run native code. */
public final class Main {
    /** What an excess-of-loss layer pays: each loss above the attachment, up to the limit, summed. */
    @Kernel
    public static double layer(double[] loss, double attachment, double limit) {
        double total = 0;
        for (double x : loss) total += Math.min(Math.max(x - attachment, 0.0), limit);
        return total;
    }

    public static void main(String[] args) {
        System.out.println("layer(5, 50, 500; 10 xs 100) = " + layer(new double[] {5, 50, 500}, 10, 100));

        // A million exponential losses with mean 25 from a fixed-seed generator: the same numbers on every run.
        double[] losses = new double[1_000_000];
        long seed = 42;
        for (int i = 0; i < losses.length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            losses[i] = -25 * Math.log(((seed >>> 11) + 0.5) * 0x1.0p-53);
        }
        double paid = layer(losses, 50, 100);
        System.out.println("mean paid by the 100 xs 50 layer = " + paid / losses.length);

        Curve discount = new Curve(new double[] {0, 1, 5, 10, 30}, new double[] {1, 0.97, 0.85, 0.72, 0.41});
        System.out.println("discount factor at 7.5 years = " + discount.at(7.5));
        System.out.println("present value at 7.5 years = " + paid / losses.length * discount.at(7.5));
    }
}
