package dev.kiln.bench;

import dev.kiln.Kiln;

import java.lang.invoke.MethodHandle;

/** Suite kernels compiled by Kiln (fastMath=false), as constant method handles and as interface instances. */
final class KilnHandles {
    private KilnHandles() {
    }

    static final Kiln KILN = Compiled.kiln(false);

    static final MethodHandle SUM = Compiled.handle(KILN, "sum");
    static final MethodHandle DOT = Compiled.handle(KILN, "dot");
    static final MethodHandle SAXPY = Compiled.handle(KILN, "saxpy");
    static final MethodHandle CLIP = Compiled.handle(KILN, "clip");
    static final MethodHandle CLIP_SUM = Compiled.handle(KILN, "clipSum");
    static final MethodHandle QUANTISE = Compiled.handle(KILN, "quantise");
    static final MethodHandle POLY = Compiled.handle(KILN, "polyHorner");
    static final MethodHandle INTERP = Compiled.handle(KILN, "interp");
    static final MethodHandle HISTOGRAM = Compiled.handle(KILN, "histogram");
    static final MethodHandle MATMUL = Compiled.handle(KILN, "matmul");
    static final MethodHandle EXPLOG = Compiled.handle(KILN, "expLog");
    static final MethodHandle ADD = Compiled.handle(KILN, "add");
    static final MethodHandle SUM_SMALL = Compiled.handle(KILN, "sumSmall");

    static final Fns.ArrToDouble SUM_FN = Compiled.bound(KILN, "sum", Fns.ArrToDouble.class);
    static final Fns.ArrArrToDouble DOT_FN = Compiled.bound(KILN, "dot", Fns.ArrArrToDouble.class);
    static final Fns.Saxpy SAXPY_FN = Compiled.bound(KILN, "saxpy", Fns.Saxpy.class);
    static final Fns.Clip CLIP_FN = Compiled.bound(KILN, "clip", Fns.Clip.class);
    static final Fns.ClipSum CLIP_SUM_FN = Compiled.bound(KILN, "clipSum", Fns.ClipSum.class);
    static final Fns.Quantise QUANTISE_FN = Compiled.bound(KILN, "quantise", Fns.Quantise.class);
    static final Fns.Arr3ToDouble POLY_FN = Compiled.bound(KILN, "polyHorner", Fns.Arr3ToDouble.class);
    static final Fns.Interp INTERP_FN = Compiled.bound(KILN, "interp", Fns.Interp.class);
    static final Fns.Histogram HISTOGRAM_FN = Compiled.bound(KILN, "histogram", Fns.Histogram.class);
    static final Fns.Matmul MATMUL_FN = Compiled.bound(KILN, "matmul", Fns.Matmul.class);
    static final Fns.ArrArrToDouble EXPLOG_FN = Compiled.bound(KILN, "expLog", Fns.ArrArrToDouble.class);
    static final Fns.Add ADD_FN = Compiled.bound(KILN, "add", Fns.Add.class);
    static final Fns.SumSmall SUM_SMALL_FN = Compiled.bound(KILN, "sumSmall", Fns.SumSmall.class);
}
