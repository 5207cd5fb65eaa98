package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class KernelKeyTest {
    @TempDir
    Path tmp;
    static final Target V3 = Target.level("x86-64-v3");

    private KernelKey key(String dir, Map<String, String> sources, String... javac) throws Exception {
        ClassLoader l = Sources.compile(tmp.resolve(dir), sources, javac);
        KernelGraph g = KernelGraph.of(l, "k/Losses", "layer", null);
        return KernelKey.of(g, CompileOptions.DEFAULT, KilnVersion.COMPILER);
    }

    private static Map<String, String> with(String cls, String source) {
        Map<String, String> m = new HashMap<>(Sources.base());
        m.put(cls, source);
        return m;
    }

    @Test
    void sameCodeInAnotherFolderHasTheSameKey() throws Exception {
        KernelKey a = key("a", Sources.base(), "-g");
        KernelKey b = key("b/deeper", Sources.base(), "-g");
        assertEquals(a.keyFor(V3), b.keyFor(V3));
        assertEquals(a.methodDigests(), b.methodDigests());
        assertEquals(2, a.methodDigests().size(), a.methodDigests().toString());
        assertTrue(KernelKey.symbol(a.keyFor(V3)).matches("kiln_[0-9a-f]{32}"));
    }

    @Test
    void lineNumbersAndUnrelatedMethodsDoNotMatter() throws Exception {
        KernelKey a = key("a", Sources.base(), "-g");
        KernelKey shifted = key("b", with("k.Losses", "\n\n\n// moved down\n" + Sources.LOSSES), "-g");
        KernelKey unrelated = key("c", with("k.Losses", Sources.LOSSES.replace("return a + 1;", "return a * 7 + 2;")
                .replace("public class Losses {", "public class Losses {\n static String s = \"new constant\";")), "-g");
        assertEquals(a.keyFor(V3), shifted.keyFor(V3));
        assertEquals(a.keyFor(V3), unrelated.keyFor(V3));
    }

    @Test
    void calleeInAnotherClassChangesTheKeyAndIsNamed() throws Exception {
        KernelKey a = key("a", Sources.base());
        KernelKey b = key("b", with("k.Clip", Sources.CLIP.replace("Math.max(lo, Math.min(hi, v))", "Math.min(hi, Math.max(lo, v))")));
        assertNotEquals(a.keyFor(V3), b.keyFor(V3));
        assertEquals(a.methodDigests().get("k.Losses.layer([DD)D"), b.methodDigests().get("k.Losses.layer([DD)D"));
        EntryMeta m = KilnCacheTest.meta(a, V3, new byte[]{0x7f, 'E', 'L', 'F'});
        assertEquals("callee Clip.clip(DDD)D changed", MissExplainer.diffMethods(b, m));
    }

    @Test
    void constantsAndLocalNamesAreContent() throws Exception {
        KernelKey a = key("a", Sources.base(), "-g");
        KernelKey constant = key("b", with("k.Losses", Sources.LOSSES.replace("-1.0, 1.0", "-1.0, 2.0")), "-g");
        KernelKey renamed = key("c", with("k.Losses", Sources.LOSSES.replace("double s = 0", "double acc = 0")
                .replace("s +=", "acc +=").replace("return s;", "return acc;")), "-g");
        KernelKey noNames = key("d", Sources.base(), "-g:none");
        assertNotEquals(a.keyFor(V3), constant.keyFor(V3));
        assertNotEquals(a.keyFor(V3), renamed.keyFor(V3), "local names appear in NullPointerException messages");
        assertNotEquals(a.keyFor(V3), noNames.keyFor(V3));
    }

    @Test
    void targetOptionsAndCompilerAreInTheKey() throws Exception {
        KernelKey a = key("a", Sources.base());
        String k = a.keyFor(V3);
        assertNotEquals(k, a.keyFor(Target.level("x86-64-v4")));
        assertNotEquals(k, a.keyFor(Target.parse("x86-64-v3@skylake")));
        assertNotEquals(k, a.keyFor(Target.parse("x86-64-v3+aes")));
        KernelKey fast = new KernelKey(a.kernel(), a.inputs(), a.methodDigests(), a.compiler(),
                CompileOptions.DEFAULT.withFastMath(true));
        assertNotEquals(k, fast.keyFor(V3));
        KernelKey other = new KernelKey(a.kernel(), a.inputs(), a.methodDigests(), "kiln-0.0.9/abi-1/llvm-19.1.0",
                a.options());
        assertNotEquals(k, other.keyFor(V3));
        // The documented formula, from text components (what metadata re-checks).
        assertEquals(k, KernelKey.key(a.identity(), a.inputs(), a.compiler(), V3.toString(), a.options().toString()));
    }

    @Test
    void optionDiffsAreReadable() {
        assertEquals("fastMath differs (cached true, now false)",
                MissExplainer.diffOptions("O3 fastMath=true boundsChecks=true", "O3 fastMath=false boundsChecks=true"));
        assertEquals("optLevel differs (cached 2, now 3)",
                MissExplainer.diffOptions("O2 fastMath=false boundsChecks=true", "O3 fastMath=false boundsChecks=true"));
    }
}
