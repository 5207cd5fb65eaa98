package dev.kiln.compiler.frontend;

import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.MethodRef;

import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Callees with {@code Object} parameters that a kernel gives arrays, as argument checks are written
 * ({@code MathUtils.checkNotNull(Object)}): such a callee is lowered once per combination of the arrays' types, each
 * {@code Object} parameter typed as the array it receives. The parameter is still only what Java lets an
 * {@code Object} be used for, so inside the callee it can be null-tested or passed on to another such parameter;
 * anything else (a virtual call, a type check, a cold path that reads it) is refused where it is, as before. A
 * parameter the callee assigns is refused too, since the frames then describe another value.
 */
final class ObjectParams {
    static final String OBJECT = "Ljava/lang/Object;";

    /** One lowering of {@code ref} with the parameter types of {@code descriptor}. */
    record Spec(MethodRef ref, String descriptor) {
    }

    private final Map<String, Spec> byName = new LinkedHashMap<>();

    /**
     * {@code mt}'s descriptor with each {@code Object} parameter that receives an array replaced by the array's type
     * (unchanged when there is none), or null when a parameter is of another unsupported type or an {@code Object}
     * receives something other than an array (the null constant included).
     */
    static String specialize(MethodTypeDesc mt, Value[] args) {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < mt.parameterCount(); k++) {
            String d = mt.parameterType(k).descriptorString();
            if (Type.ofDescriptor(d) != null) {
                sb.append(d);
            } else if (d.equals(OBJECT) && descriptor(args[k].type()) != null) {
                sb.append(descriptor(args[k].type()));
            } else {
                return null;
            }
        }
        return sb.append(')').append(mt.returnType().descriptorString()).toString();
    }

    private static String descriptor(Type t) {
        return switch (t) {
            case Type.Array a -> "[" + a.elem().descriptor;
            case Type.RefArray r -> r.descriptor();
            default -> null;
        };
    }

    /** The module-internal name of {@code ref} lowered with {@code descriptor}'s parameters, remembered. */
    String name(MethodRef ref, String baseName, String descriptor) {
        String n = baseName + "#" + descriptor;
        byName.putIfAbsent(n, new Spec(ref, descriptor));
        return n;
    }

    /**
     * The slots of {@code method}'s Object parameters that {@code spec} types as arrays, with their types (every frame
     * holds that type there); refuses an assignment to one of them.
     */
    static Map<Integer, Type> slots(MethodModel method, Spec spec, BytecodeCfg cfg) {
        Map<Integer, Type> slots = new HashMap<>();
        MethodTypeDesc own = method.methodTypeSymbol();
        MethodTypeDesc typed = MethodTypeDesc.ofDescriptor(spec.descriptor());
        int slot = method.flags().has(AccessFlag.STATIC) ? 0 : 1;
        for (int k = 0; k < own.parameterCount(); k++) {
            Type t = Type.ofDescriptor(typed.parameterType(k).descriptorString());
            if (!own.parameterType(k).equals(typed.parameterType(k))) slots.put(slot, t);
            slot += Type.category(t);
        }
        for (int k = 0; k < cfg.insns.size(); k++) {
            if (cfg.insns.get(k) instanceof StoreInstruction st && slots.containsKey(st.slot())) {
                cfg.bci = cfg.bcis.get(k);
                throw cfg.unsupported("assignment to the Object parameter in local " + st.slot()
                        + " (an Object parameter compiles when it is given an array and never assigned)");
            }
        }
        return slots;
    }

    /** The lowering a name made by {@link #name} stands for, or null. */
    Spec get(String name) {
        return byName.get(name);
    }
}
