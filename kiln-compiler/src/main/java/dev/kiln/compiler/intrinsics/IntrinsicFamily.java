package dev.kiln.compiler.intrinsics;

import dev.kiln.compiler.intrinsics.Intrinsic.FaultSpec;
import dev.kiln.runtime.abi.Fault;

import java.util.Optional;

/**
 * One family of intrinsics (the methods of one or two JDK classes), registered into the shared {@link IntrinsicTable}
 * by {@link Intrinsics}. A family writes each entry as the body of a small LLVM function; the table adds the
 * signature, the declarations the body calls and the checks every entry must pass.
 */
abstract class IntrinsicFamily {
    static final String MATH = "java/lang/Math";
    static final String STRICT = "java/lang/StrictMath";
    static final String INTEGER = "java/lang/Integer";
    static final String LONG = "java/lang/Long";
    static final String DOUBLE = "java/lang/Double";
    static final String FLOAT = "java/lang/Float";

    static final String D_INF = "0x7FF0000000000000";
    static final String D_NAN = "0x7FF8000000000000";

    private final IntrinsicTable table;

    IntrinsicFamily(IntrinsicTable table) {
        this.table = table;
    }

    /** Adds the family's entries to the table. */
    abstract void register();

    /** An entry that cannot fault: {@code body} returns the result (arguments {@code %a}, {@code %b}, ...). */
    void add(String owner, String name, String desc, String body) {
        table.put(owner, name, desc, body, Optional.empty());
    }

    /** An entry whose body calls functions defined in {@code helpers} (module-level text, once per module). */
    void addWithHelpers(String owner, String name, String desc, String body, String helpers) {
        table.put(owner, name, desc, body, helpers, Optional.empty());
    }

    /** An entry that can fault: {@code body} returns {@code {T, i1}}, the flag set when Java throws {@code fault}. */
    void addFault(String owner, String name, String desc, FaultSpec fault, String body) {
        table.put(owner, name, desc, body, Optional.of(fault));
    }

    static FaultSpec arith(String message) {
        return new FaultSpec(Fault.ARITHMETIC, message);
    }

    /** Ends a faulting body: returns {value, flag}. */
    static String pack(String t, String value, String flag) {
        return """
                  %p0 = insertvalue {$T, i1} poison, $T $V, 0
                  %p1 = insertvalue {$T, i1} %p0, i1 $F, 1
                  ret {$T, i1} %p1
                """.replace("$T", t).replace("$V", value).replace("$F", flag);
    }
}
