package dev.kiln.it;

import dev.kiln.Kiln;

import java.lang.invoke.MethodHandle;

/** A child that calls one kernel ({@code Class#method}, {@code (double[], double) -> double}) for about a second. */
public final class ProfiledChild {
    public static void main(String[] args) throws Throwable {
        String[] k = args[0].split("#");
        MethodHandle mh = Kiln.create().compile(Class.forName(k[0]), k[1]);
        double[] x = new double[100_000];
        for (int i = 0; i < x.length; i++) x[i] = i * 0.5;
        double s = 0;
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) s += (double) mh.invokeExact(x, 0.25);
        System.out.println("SUM " + s);
    }
}
