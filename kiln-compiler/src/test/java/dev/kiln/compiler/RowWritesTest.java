package dev.kiln.compiler;

import dev.kiln.compiler.passes.RowWrites;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rows-read-only fact: "no" only for kernels that provably store into no row, whatever the arguments. */
class RowWritesTest {
    @ParameterizedTest
    @CsvSource({
            "matVecInto, false", "sumRowsThenThrow, false", "rmse3, false", "concatenate, false", "rotateRows, false", "pickRow, false",
            "mixedRows, false", "sumDeepInto, false", "sameRows, true",
            "scaleRows, true", "writeEither, true", "fillRow, true", "copyIntoRow, true", "freshTable, true"})
    void rowWritesFound(String kernel, boolean written) throws Exception {
        Class<?> k = Class.forName("dev.kiln.compiler.diff.RowKernels");
        assertEquals(written, RowWrites.rowsWritten(Pipeline.standard().ir(KernelGraph.of(k, kernel, null))), kernel);
    }
}
