package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.JdkTables;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticFields;
import dev.kiln.model.StaticFinals;
import dev.kiln.model.StaticTables;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.reflect.AccessFlag;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@code getstatic} that is not a constant table: a {@code static final} primitive constant (its ConstantValue),
 * or an assertion flag as its class's initialiser sets it. Anything else is refused with the reason.
 */
final class StaticConstants {
    private StaticConstants() {
    }

    /** The value {@code f} reads, or the refusal. */
    static Value read(KernelGraph graph, FieldInstruction f, Function<String, UnsupportedConstructException> unsupported) {
        String owner = f.owner().asInternalName();
        String shown = owner.replace('/', '.') + "." + f.name().stringValue();
        var resolved = StaticFields.resolve(graph, owner, f.name().stringValue(), f.type().stringValue());
        if (resolved.isPresent()) {
            ClassModel declaring = resolved.get().declaring();
            FieldModel fm = resolved.get().field();
            var cv = fm.findAttribute(Attributes.constantValue());
            var status = graph.assertionsEnabled(owner);
            if (fm.fieldName().equalsString("$assertionsDisabled") && fm.flags().has(AccessFlag.STATIC)
                    && fm.flags().has(AccessFlag.FINAL) && status.isPresent()) {
                return new Value.IntConst(status.get() ? 0 : 1); // as the class's initialiser sets it
            }
            if (StaticTables.isStaticTableType(fm.fieldType().stringValue())) {
                String cls = declaring.thisClass().asInternalName();
                boolean jdk = KernelGraph.isJdkOwner(cls);
                var literal = jdk && StaticTables.isTableType(fm.fieldType().stringValue()) ? JdkTables.literal(graph, cls, f.name().stringValue(), f.type().stringValue())
                        : Optional.<Object>empty();
                if (literal.isPresent()) {
                    String d = f.type().stringValue();
                    return new Value.ConstArray(Type.ofDescriptor(d), Elem.ofDescriptor(d.charAt(1)), literal.get(),
                            cls.replace('/', '.') + "." + f.name().stringValue());
                }
                throw unsupported.apply("static field read of " + shown + (jdk
                        ? " (a table of a JDK class that Kiln cannot show to be a constant literal only read:"
                                + " the JDK does not open its packages, so the field cannot be read at each call)"
                        : " (arrays: only static final ones, read as constant tables)"));
            }
            if (fm.flags().has(AccessFlag.STATIC) && fm.flags().has(AccessFlag.FINAL) && cv.isEmpty()
                    && fm.fieldType().stringValue().length() == 1) {
                // computed by the static initializer: its value, read once the class is initialized (StaticFinals)
                var v = StaticFinals.value(graph.loader(), declaring.thisClass().asInternalName(), f.name().stringValue());
                if (v.isPresent()) {
                    return switch (fm.fieldType().stringValue().charAt(0)) {
                        case 'J' -> new Value.LongConst(v.get().longValue());
                        case 'F' -> new Value.FloatConst(v.get().floatValue());
                        case 'D' -> new Value.DoubleConst(v.get().doubleValue());
                        default -> new Value.IntConst(v.get().intValue());
                    };
                }
            }
            if (fm.fieldType().stringValue().startsWith("L") || fm.fieldType().stringValue().startsWith("[[")) {
                throw unsupported.apply("static field read of " + shown + " (of type "
                        + fm.fieldType().stringValue() + ": kernels read primitive constants and static final primitive arrays)");
            }
            if (!fm.flags().has(AccessFlag.STATIC) || !fm.flags().has(AccessFlag.FINAL) || cv.isEmpty()) {
                throw unsupported.apply("static field read of " + shown + " (only static final primitive constants)");
            }
            return switch (cv.get().constant().constantValue()) {
                case Integer i -> new Value.IntConst(i);
                case Long l -> new Value.LongConst(l);
                case Float x -> new Value.FloatConst(x);
                case Double d -> new Value.DoubleConst(d);
                default -> throw unsupported.apply("static field read of " + shown + " (only static final primitive constants)");
            };
        }
        throw unsupported.apply("static field read of " + shown + " (only static final primitive constants of classes Kiln can read)");
    }
}
