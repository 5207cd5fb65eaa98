package dev.kiln.compiler.intrinsics;

import dev.kiln.runtime.abi.Fault;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A JDK static method (e.g. {@code java/lang/Math.pow(DD)D}) that Kiln compiles to an LLVM function instead of
 * refusing it. The emitter calls {@code @"symbol"} and adds {@code definition} and {@code declarations} to the module
 * (each once, however many call sites).
 *
 * <p>Conventions: parameters and results use JVM computational types ({@code i32} for boolean, byte, char, short and
 * int; {@code i64}; {@code float}; {@code double}). A function that can fault returns {@code {T, i1}} (or
 * {@code i1} for void-like checks) whose {@code i1} is true when Java would throw {@code fault}; the emitter then
 * raises that fault with {@code fault.message()}.
 *
 * @param symbol       LLVM function name, unquoted (the emitter quotes it), e.g. {@code kiln.Math.pow(DD)D}
 * @param definition   full LLVM IR text of the function, {@code internal} linkage, after any module-level helpers
 *                     it calls (Math.exp's own functions and table); may be empty when the symbol is itself
 *                     declared (e.g. a libm function listed in {@code declarations})
 * @param declarations module-level lines this needs, e.g. {@code declare double @llvm.floor.f64(double)}
 * @param fault        when present, the function returns {@code {T, i1}} and the flag means this fault
 */
public record Intrinsic(String symbol, String definition, Set<String> declarations, Optional<FaultSpec> fault) {
    public Intrinsic {
        // In the given order: Set.copyOf's iteration order changes from one JVM to the next, and so would the module text.
        declarations = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(declarations));
    }

    /** What Java throws when a faulting intrinsic's flag is set, e.g. ARITHMETIC with "integer overflow". */
    public record FaultSpec(Fault fault, String message) {
    }
}
