package dev.kiln.it;

import dev.kiln.Kiln;
import dev.kiln.it.kernels.Allocating;
import dev.kiln.KilnConfig;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A child JVM that calls kernels whose native arrays Kiln allocates and frees, many times with many sizes, and
 * compares each result with HotSpot's. Prints {@code CALLS <n> WRONG <k>}; exit 0 when nothing differed.
 */
public final class AllocatorChild {
    public static void main(String[] args) throws Throwable {
        Kiln kiln = Kiln.create(KilnConfig.fromEnvironment());
        MethodHandle cumulative = kiln.compile(Allocating.class, "cumulative");
        MethodHandle freshRows = kiln.compile(Allocating.class, "freshRows");
        MethodHandle spread = kiln.compile(Allocating.class, "spread");
        SplittableRandom r = new SplittableRandom(11);
        int calls = Integer.parseInt(args[0]);
        long wrong = 0;
        for (int c = 0; c < calls; c++) {
            double[] x = new double[r.nextInt(200)];
            for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-1e3, 1e3);
            if (!Arrays.equals(Allocating.cumulative(x), (double[]) cumulative.invokeExact(x))) wrong++;
            if (Double.doubleToRawLongBits(Allocating.spread(x)) != Double.doubleToRawLongBits((double) spread.invokeExact(x))) wrong++;
            int n = r.nextInt(40);
            double[][] want = {{1}, {2, 3}, {4}, null, {5}};
            double[][] got = {{1}, {2, 3}, {4}, null, {5}};
            Allocating.freshRows(want, n);
            freshRows.invokeExact(got, n);
            if (!Arrays.deepEquals(want, got)) wrong++;
        }
        System.out.println("CALLS " + calls + " WRONG " + wrong);
        System.out.flush();
        System.exit(wrong == 0 ? 0 : 4);
    }
}
