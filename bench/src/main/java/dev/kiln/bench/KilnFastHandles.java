package dev.kiln.bench;

import dev.kiln.Kiln;

import java.lang.invoke.MethodHandle;

/** Suite kernels compiled by Kiln with fastMath, as constant method handles (the interface form is measured only without). */
final class KilnFastHandles {
    private KilnFastHandles() {
    }

    static final Kiln KILN = Compiled.kiln(true);

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
}
