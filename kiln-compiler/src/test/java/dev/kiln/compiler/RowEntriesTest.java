package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.abi.KernelAbi;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Kernels with an array-of-arrays parameter export one entry per row bucket (KernelAbi.entrySlots), each taking its
 * pointer count and the frame; other kernels export one.
 */
class RowEntriesTest {
    static double rowSum(double[][] m, double[] x, double[] y) {
        return m.length + x.length + y.length;
    }

    static double oneD(double[] x) {
        return x.length;
    }

    /** symbol -> pointer parameters (the frame not counted), for every exported function. */
    static List<String> exported(String ir) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^define void @(\\w+)\\(([^)]*)\\)").matcher(ir);
        while (m.find()) out.add(m.group(1) + ":" + (m.group(2).split(",").length - 1));
        return out;
    }

    @Test
    void oneEntryPerRowBucket() {
        String ir = Pipeline.standard().lower(KernelGraph.of(RowEntriesTest.class, "rowSum", null), CompileOptions.DEFAULT, "kiln_t").llvmIr();
        assertArrayEquals(new int[] {4, 8, 16, 32, 48}, KernelAbi.entrySlots(3, true, false));
        assertEquals(List.of("kiln_t_p4:4", "kiln_t_p8:8", "kiln_t_p16:16", "kiln_t_p32:32", "kiln_t:48"), exported(ir));
        assertEquals(List.of("kiln_t:1"), exported(Pipeline.standard().lower(KernelGraph.of(RowEntriesTest.class, "oneD", null),
                CompileOptions.DEFAULT, "kiln_t").llvmIr()));
        assertArrayEquals(new int[] {8, 16, 32, 48}, KernelAbi.entrySlots(5, true, false)); // a bucket holds every array parameter
        assertArrayEquals(new int[] {32, 48}, KernelAbi.entrySlots(20, true, false));
        assertArrayEquals(new int[] {64}, KernelAbi.entrySlots(40, true, false));
        // without arrays of arrays: one pointer per array parameter, one more for a result array
        assertArrayEquals(new int[] {0}, KernelAbi.entrySlots(0, false, false));
        assertArrayEquals(new int[] {3}, KernelAbi.entrySlots(2, false, true));
        assertArrayEquals(new int[] {12}, KernelAbi.entrySlots(12, false, false));
    }
}
