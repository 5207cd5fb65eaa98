package dev.kiln.compiler.llvm;

import dev.kiln.CompileOptions;
import dev.kiln.KilnInternalException;
import dev.kiln.Target;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IR the emitter got wrong is Kiln's own fault, reported as such: never compiled, never taken for a refusal. */
class InvalidIrTest {
    /** The shape of the merge bug: a value defined in one arm used after the join. */
    static final String NOT_DOMINATING = """
            define i64 @f(i1 %b) {
            entry:
              br i1 %b, label %then, label %else
            then:
              %v = sext i32 -23460 to i64
              br label %join
            else:
              br label %join
            join:
              ret i64 %v
            }
            """;

    @Test
    void aUseNotDominatedByItsDefinitionFailsVerification() {
        KilnInternalException e = assertThrows(KilnInternalException.class,
                () -> LlvmDriver.compile(NOT_DOMINATING, "merge", Target.level("x86-64"), CompileOptions.DEFAULT));
        assertTrue(e.getMessage().contains("merge is invalid") && e.getMessage().contains("does not dominate"), e.getMessage());
    }

    @Test
    void irThatDoesNotParseIsAnInternalError() {
        KilnInternalException e = assertThrows(KilnInternalException.class,
                () -> LlvmDriver.compile("define i32 @g() {\n  ret i32 %nowhere\n}\n", "g", Target.level("x86-64"),
                        CompileOptions.DEFAULT));
        assertTrue(e.getMessage().contains("g does not parse"), e.getMessage());
    }
}
