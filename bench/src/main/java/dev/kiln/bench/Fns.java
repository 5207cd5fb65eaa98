package dev.kiln.bench;

/** Functional interfaces for the interface-bound form of each suite kernel ({@code kiln.compile(cls, name, Fn.class)}). */
public final class Fns {
    private Fns() {
    }

    @FunctionalInterface public interface ArrToDouble { double apply(double[] a); }
    @FunctionalInterface public interface ArrArrToDouble { double apply(double[] a, double[] b); }
    @FunctionalInterface public interface Saxpy { void apply(float alpha, float[] x, float[] y); }
    @FunctionalInterface public interface Clip { int apply(double[] a, double lo, double hi, double[] out); }
    @FunctionalInterface public interface ClipSum { double apply(double[] a, double lo, double hi); }
    @FunctionalInterface public interface Quantise { long apply(double[] a, double scale, int[] q); }
    @FunctionalInterface public interface Arr3ToDouble { double apply(double[] a, double[] b, double[] c); }
    @FunctionalInterface public interface Interp { double apply(double[] xs, double[] ys, double[] q, double[] out); }
    @FunctionalInterface public interface Histogram { int apply(double[] a, double lo, double hi, int[] counts); }
    @FunctionalInterface public interface Matmul { void apply(double[] a, double[] b, double[] c, int n); }
    @FunctionalInterface public interface Add { int apply(int a, int b); }
    @FunctionalInterface public interface SumSmall { int apply(int[] a); }
}
