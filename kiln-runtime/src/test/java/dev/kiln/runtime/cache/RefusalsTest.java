package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.model.KernelGraph;
import dev.kiln.spi.CompiledKernel;
import dev.kiln.spi.KernelCompiler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A miss is made precise: the refusal when the compiler refuses, "bake it" when it would compile, unknown without it. */
class RefusalsTest {
    /** A compiler whose only answer is the refusal it was given (never asked to compile). */
    private record Fake(UnsupportedConstructException refuses) implements KernelCompiler {
        @Override
        public CompiledKernel compile(KernelGraph graph, CompileOptions options, Target target, String symbol) {
            throw new AssertionError("a check never compiles");
        }

        @Override
        public Optional<UnsupportedConstructException> refusal(KernelGraph graph, CompileOptions options) {
            return Optional.ofNullable(refuses);
        }

        @Override
        public String version() {
            return "fake";
        }

        @Override
        public String hostCpuName() {
            return "generic";
        }
    }

    private static final Verdict NO_ENTRY = Verdict.miss(MissReason.NO_ENTRY, "no entry for A.f(I)I in [/c]");
    private static final Verdict CHANGED = Verdict.miss(MissReason.INPUTS_CHANGED, "callee B.g(I)I changed");
    private static final UnsupportedConstructException NEW = new UnsupportedConstructException("com.acme.A", "f", 12, 4,
            "object allocation (new java.lang.StringBuilder)", List.of("com.acme.A.f(I)I"));

    private static Verdict qualify(Verdict v, KernelCompiler c) {
        return Refusals.qualify(v, () -> null, CompileOptions.DEFAULT, Optional.ofNullable(c));
    }

    @Test
    void aRefusedKernelIsRefusedWhateverTheMiss() {
        for (Verdict v : List.of(NO_ENTRY, CHANGED)) {
            Verdict q = qualify(v, new Fake(NEW));
            assertEquals(MissReason.REFUSED, q.reason().orElseThrow());
            assertEquals("unsupported object allocation (new java.lang.StringBuilder) at com.acme.A.f(A.java:12, bci 4)",
                    q.detail());
        }
    }

    @Test
    void aKernelThatCompilesIsToBeBaked() {
        assertEquals("no-entry: no entry for A.f(I)I in [/c]; no entry yet; bake it",
                qualify(NO_ENTRY, new Fake(null)).toString());
        assertSame(CHANGED, qualify(CHANGED, new Fake(null)));
    }

    @Test
    void withoutTheCompilerItIsUnknown() {
        assertEquals("no-entry: no entry for A.f(I)I in [/c]; whether it can compile is unknown without kiln-compiler "
                + "(kiln explain tells)", qualify(NO_ENTRY, null).toString());
        assertSame(CHANGED, qualify(CHANGED, null));
    }
}
