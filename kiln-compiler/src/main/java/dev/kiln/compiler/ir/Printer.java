package dev.kiln.compiler.ir;

import dev.kiln.compiler.intrinsics.Intrinsic;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IR as text, one instruction a line, for the verifier's messages, tests and debugging:
 *
 * <pre>
 * function "p/K.f(I[D)D" returns F64
 * b0(v0: I32 n, v1: Array[DOUBLE] xs):
 *   v2 = ArrayLength v1 "Cannot read the array length because \"xs\" is null"
 *   branch LT v0, v2 -> b1(v0), b2()
 * </pre>
 *
 * Parameters and instructions are numbered {@code vN} in block order; constants are written in place ({@code 1},
 * {@code 2L}, {@code 0.5f}, {@code -0.0d}, {@code null}). A value used but defined nowhere in the function prints as
 * {@code ?name}: the printer never fails on the broken IR it is asked to show. Instructions are printed from their
 * record components, so new instructions need no printer change.
 */
public final class Printer {
    private final Map<Value, String> names = new IdentityHashMap<>();

    /** A printer naming the values of {@code f} (the verifier's, for one-line messages about single instructions). */
    Printer(Function f) {
        for (Block b : f.blocks()) {
            for (Param p : b.params()) names.putIfAbsent(p, "v" + names.size());
            for (Inst i : b.insts()) names.putIfAbsent(i, "v" + names.size());
        }
    }

    public static String print(IrModule module) {
        StringBuilder sb = new StringBuilder("module entry \"" + module.entry() + "\"\n");
        for (Function f : module.functions()) sb.append('\n').append(print(f));
        return sb.toString();
    }

    public static String print(Function f) {
        return new Printer(f).function(f);
    }

    private String function(Function f) {
        StringBuilder sb = new StringBuilder("function \"" + f.name() + "\" returns " + type(f.returnType()) + "\n");
        for (Block b : f.blocks()) block(sb, b);
        return sb.toString();
    }

    private void block(StringBuilder sb, Block b) {
        sb.append(b).append('(');
        for (int k = 0; k < b.params().size(); k++) {
            Param p = b.params().get(k);
            if (k > 0) sb.append(", ");
            sb.append(value(p)).append(": ").append(type(p.type()));
            if (!p.name().isEmpty()) sb.append(' ').append(p.name());
        }
        sb.append("):\n");
        for (Inst i : b.insts()) {
            sb.append("  ");
            if (i.type() != Type.Void.VOID) sb.append(value(i)).append(" = ");
            sb.append(inst(i)).append('\n');
        }
        sb.append("  ").append(b.terminator() == null ? "<no terminator>" : terminator(b.terminator())).append('\n');
    }

    /** One instruction without its result name: the record's name and its components. */
    String inst(Inst i) {
        List<String> parts = new ArrayList<>();
        for (RecordComponent c : i.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(i);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (v == null || Boolean.FALSE.equals(v)) continue;
            parts.add(Boolean.TRUE.equals(v) ? c.getName() : component(v)); // a flag prints as its name when set
        }
        return i.getClass().getSimpleName() + (parts.isEmpty() ? "" : " " + String.join(" ", parts));
    }

    private String component(Object v) {
        return switch (v) {
            case Value x -> value(x);
            case Type t -> type(t);
            case String s -> quote(s);
            case Intrinsic in -> "@" + in.symbol();
            case List<?> l -> {
                List<String> out = new ArrayList<>();
                for (Object o : l) out.add(component(o));
                yield "(" + String.join(", ", out) + ")";
            }
            default -> String.valueOf(v);
        };
    }

    String terminator(Terminator t) {
        return switch (t) {
            case Terminator.Jump j -> "jump " + edge(j.to());
            case Terminator.Branch b -> "branch " + b.rel() + (b.unorderedTaken() ? " unordered" : "") + " "
                    + value(b.left()) + ", " + value(b.right()) + " -> " + edge(b.ifTrue()) + ", " + edge(b.ifFalse())
                    + (b.expect() == Terminator.Expect.UNKNOWN ? "" : " " + b.expect());
            case Terminator.Switch s -> {
                StringBuilder sb = new StringBuilder("switch " + value(s.key()) + " [");
                for (int k = 0; k < s.keys().size(); k++) {
                    if (k > 0) sb.append(", ");
                    sb.append(s.keys().get(k)).append(" -> ").append(edge(s.targets().get(k)));
                }
                yield sb.append("] otherwise ").append(edge(s.otherwise())).toString();
            }
            case Terminator.Return r -> r.value() == null ? "return" : "return " + value(r.value());
            case Terminator.Throw th -> "throw " + th.site().exception() + " " + component(th.values());
        };
    }

    private String edge(BlockCall c) {
        List<String> args = new ArrayList<>();
        for (Value v : c.args()) args.add(value(v));
        return c.target() + "(" + String.join(", ", args) + ")";
    }

    String value(Value v) {
        return switch (v) {
            case null -> "<null operand>";
            case Value.IntConst c -> Integer.toString(c.value());
            case Value.LongConst c -> c.value() + "L";
            case Value.FloatConst c -> c.value() + "f";
            case Value.DoubleConst c -> c.value() + "d";
            case Value.NullConst c -> "null";
            case Value.ConstArray c -> "table " + c.name();
            case Value.Opaque o -> "opaque(" + o.what().getClass().getSimpleName() + ")";
            default -> {
                String n = names.get(v);
                yield n != null ? n : "?" + (v instanceof Param p ? "param " + p.name() : v.getClass().getSimpleName());
            }
        };
    }

    static String type(Type t) {
        return switch (t) {
            case Type.Array a -> "Array[" + a.elem() + "]";
            case Type.RefArray r -> "RefArray[" + r.descriptor() + "]";
            case null -> "<no type>";
            default -> t.toString();
        };
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
