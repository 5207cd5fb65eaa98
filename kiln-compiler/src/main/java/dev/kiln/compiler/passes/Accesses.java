package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Value;

/** Element accesses ({@code ArrayLoad}, {@code ArrayStore}) as the loop passes that drop their checks see them. */
final class Accesses {
    private Accesses() {
    }

    /** Whether {@code i} is an element access that still checks its array and index. */
    static boolean checked(Inst i) {
        return i instanceof Inst.ArrayLoad l && !l.unchecked() || i instanceof Inst.ArrayStore s && !s.unchecked();
    }

    /** The index of an element access. */
    static Value index(Inst access) {
        return switch (access) {
            case Inst.ArrayLoad l -> l.index();
            case Inst.ArrayStore s -> s.index();
            default -> throw new IllegalStateException("not an access: " + access);
        };
    }

    /** The access without its checks (a guard has shown them to pass), at its own index. */
    static Inst unchecked(Inst access) {
        return unchecked(access, index(access));
    }

    /** The access without its checks, at {@code index} (the same element, computed another way). */
    static Inst unchecked(Inst access, Value index) {
        return switch (access) {
            case Inst.ArrayLoad l -> new Inst.ArrayLoad(l.elem(), l.array(), index, l.nullMessage(), true);
            case Inst.ArrayStore s -> new Inst.ArrayStore(s.elem(), s.array(), index, s.value(), s.nullMessage(), true);
            default -> throw new IllegalStateException("not an access: " + access);
        };
    }
}
