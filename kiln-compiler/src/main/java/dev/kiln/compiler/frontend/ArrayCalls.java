package dev.kiln.compiler.frontend;

import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.Optional;

/**
 * JDK methods over primitive arrays that Kiln lowers to its own instructions: {@code System.arraycopy} and
 * {@code Arrays.copyOf}, {@code copyOfRange} and {@code fill}. Each keeps the JDK's exceptions, including the
 * helpful NullPointerException text HotSpot gives inside the JDK method (its parameter is named there).
 */
final class ArrayCalls {
    private ArrayCalls() {
    }

    /** The instruction for the call, or empty when it is not one of these methods (or not over primitive arrays). */
    static Optional<Inst> lower(String owner, String name, String desc, Value[] args) {
        if (owner.equals("java/lang/System") && name.equals("arraycopy")
                && desc.equals("(Ljava/lang/Object;ILjava/lang/Object;II)V")) {
            return Optional.of(new Inst.ArrayCopy(args[0], args[1], args[2], args[3], args[4]));
        }
        if (!owner.equals("java/util/Arrays") || desc.length() < 4 || desc.charAt(1) != '[') return Optional.empty();
        Elem elem = Elem.ofDescriptor(desc.charAt(2));
        if (elem == null) return Optional.empty();
        String arr = "[" + desc.charAt(2);
        String original = "Cannot read the array length because \"original\" is null";
        String a = "Cannot read the array length because \"a\" is null";
        Value zero = new Value.IntConst(0);
        return Optional.ofNullable(switch (name) {
            case "copyOf" -> desc.equals("(" + arr + "I)" + arr)
                    ? new Inst.ArrayCopyOf(Inst.CopyKind.COPY_OF, elem, args[0], zero, args[1], original) : null;
            case "copyOfRange" -> desc.equals("(" + arr + "II)" + arr)
                    ? new Inst.ArrayCopyOf(Inst.CopyKind.COPY_OF_RANGE, elem, args[0], args[1], args[2], original) : null;
            case "fill" -> {
                String v = String.valueOf(desc.charAt(2));
                if (desc.equals("(" + arr + v + ")V")) yield new Inst.ArrayFill(elem, args[0], zero, zero, args[1], false, a);
                if (desc.equals("(" + arr + "II" + v + ")V")) yield new Inst.ArrayFill(elem, args[0], args[1], args[2], args[3], true, a);
                yield null;
            }
            default -> null;
        });
    }

    /** {@code array.clone()} on a primitive array ({@code invokevirtual [D.clone}). */
    static Inst cloneOf(Value array, String nullMessage) {
        Elem elem = array.type() instanceof Type.Array t ? t.elem() : Elem.INT; // a null constant: only its NPE matters
        Value zero = new Value.IntConst(0);
        return new Inst.ArrayCopyOf(Inst.CopyKind.CLONE, elem, array, zero, zero, nullMessage);
    }
}
