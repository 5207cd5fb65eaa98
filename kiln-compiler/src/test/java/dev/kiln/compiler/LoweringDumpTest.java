package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;

class LoweringDumpTest {
    @Test
    void dump() throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "kiln-dump");
        Files.createDirectories(dir);
        for (Method m : FrontEndKernels.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers())) continue;
            KernelGraph g = KernelGraph.of(FrontEndKernels.class, m.getName(), null);
            var r = KernelLowering.lower(g, CompileOptions.DEFAULT, "kiln_" + m.getName());
            Files.writeString(dir.resolve(m.getName() + ".ll"), r.llvmIr());
            System.out.println(m.getName() + " " + r.abi());
        }
    }
}
