package dev.kiln.bench;

import java.util.Map;

/** Maps a benchmark method name ({@code kernel_mode}) to the Kiln field it needs, and fails early if that is null. */
final class Modes {
    /** Benchmark prefix to (kernel method, holder field). */
    static final Map<String, String[]> KERNELS = Map.ofEntries(
            Map.entry("sum", new String[]{"sum", "SUM"}),
            Map.entry("dot", new String[]{"dot", "DOT"}),
            Map.entry("saxpy", new String[]{"saxpy", "SAXPY"}),
            Map.entry("clip", new String[]{"clip", "CLIP"}),
            Map.entry("clipSum", new String[]{"clipSum", "CLIP_SUM"}),
            Map.entry("quantise", new String[]{"quantise", "QUANTISE"}),
            Map.entry("poly", new String[]{"polyHorner", "POLY"}),
            Map.entry("interp", new String[]{"interp", "INTERP"}),
            Map.entry("histogram", new String[]{"histogram", "HISTOGRAM"}),
            Map.entry("matmul", new String[]{"matmul", "MATMUL"}),
            Map.entry("expLog", new String[]{"expLog", "EXPLOG"}),
            Map.entry("add", new String[]{"add", "ADD"}),
            Map.entry("sumSmall", new String[]{"sumSmall", "SUM_SMALL"}));

    private Modes() {
    }

    /** @param benchmark JMH's full benchmark name, e.g. {@code dev.kiln.bench.SuiteBench.sum_kilnFast} */
    static void requireFor(String benchmark) {
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        int us = method.indexOf('_');
        if (us < 0) return;
        String[] k = KERNELS.get(method.substring(0, us));
        if (k == null) return;
        String mode = method.substring(us + 1);
        Object value = switch (mode) {
            case "kiln", "kilnBusy" -> field(KilnHandles.class, k[1]);
            case "kilnFn" -> field(KilnHandles.class, k[1] + "_FN");
            case "kilnFast" -> field(KilnFastHandles.class, k[1]);
            default -> "java";
        };
        Compiled.require(value, k[0]);
    }

    private static Object field(Class<?> holder, String name) {
        try {
            var f = holder.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no field " + holder.getSimpleName() + "." + name, e);
        }
    }
}
