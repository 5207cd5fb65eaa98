package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.lang.classfile.Opcode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The abstract interpreter's state at one point of the bytecode: an IR value per local slot (null when dead) and per
 * operand stack entry, and for each stack entry where it came from ({@link NpeNames.Origin}, null when unnamed).
 */
final class FrameState {
    final Value[] locals;
    final List<Value> stack;
    final List<NpeNames.Origin> origins;
    /** The fields of the replaced objects live here ({@link ValueObjects}); arrays are copied on write. */
    final java.util.IdentityHashMap<ValueObjects.Obj, Value[]> objects;

    FrameState(int maxLocals) {
        locals = new Value[maxLocals];
        stack = new ArrayList<>();
        origins = new ArrayList<>();
        objects = new java.util.IdentityHashMap<>();
    }

    FrameState(FrameState s) {
        locals = s.locals.clone();
        stack = new ArrayList<>(s.stack);
        origins = new ArrayList<>(s.origins);
        objects = new java.util.IdentityHashMap<>(s.objects);
    }

    Value pop() {
        origins.removeLast();
        return stack.removeLast();
    }

    NpeNames.Origin topOrigin() {
        return origins.getLast();
    }

    void push(Value v) {
        push(v, null);
    }

    void push(Value v, NpeNames.Origin o) {
        stack.add(v);
        origins.add(o);
    }

    void store(int slot, Value v) {
        locals[slot] = v;
        if (Type.category(v.type()) == 2) locals[slot + 1] = null;
        // Overwriting the second half of a long or double kills it.
        if (slot > 0 && locals[slot - 1] != null && Type.category(locals[slot - 1].type()) == 2) locals[slot - 1] = null;
    }

    /** Copies the top {@code count} entries to below the top {@code depth} entries. */
    void insertCopy(int count, int depth) {
        int n = stack.size();
        List<Value> vs = new ArrayList<>(stack.subList(n - count, n));
        List<NpeNames.Origin> os = new ArrayList<>(origins.subList(n - count, n));
        stack.addAll(n - depth, vs);
        origins.addAll(n - depth, os);
    }

    /** Whether {@code v} is still on the stack or in a local. */
    boolean holds(Value v) {
        for (Value x : stack) if (x == v) return true;
        for (Value x : locals) if (x == v) return true;
        return false;
    }

    /** The operand stack as {@link ThrowLowering} sees it. */
    ThrowLowering.Stack asThrowStack() {
        return new ThrowLowering.Stack() {
            public Value pop() {
                return FrameState.this.pop();
            }

            public void push(Value v) {
                FrameState.this.push(v);
            }
        };
    }

    /** pop, dup and swap in all their forms, by the category of the values on the stack (JVMS 6.5). */
    void stackOp(Opcode op, Function<String, UnsupportedConstructException> unsupported) {
        int n = stack.size();
        switch (op) {
            case POP -> pop();
            case POP2 -> {
                if (Type.category(pop().type()) == 1) pop();
            }
            case DUP -> push(stack.get(n - 1), origins.get(n - 1));
            case DUP_X1 -> insertCopy(1, 2);
            case DUP_X2 -> insertCopy(1, Type.category(stack.get(n - 2).type()) == 2 ? 2 : 3);
            case DUP2 -> {
                if (Type.category(stack.get(n - 1).type()) == 2) insertCopy(1, 1);
                else insertCopy(2, 2);
            }
            case DUP2_X1 -> {
                if (Type.category(stack.get(n - 1).type()) == 2) insertCopy(1, 2);
                else insertCopy(2, 3);
            }
            case DUP2_X2 -> {
                boolean topWide = Type.category(stack.get(n - 1).type()) == 2;
                int copied = topWide ? 1 : 2;
                // Count entries down to four slots' worth.
                int slots = 0;
                int entries = 0;
                while (slots < 4) {
                    slots += Type.category(stack.get(n - 1 - entries).type());
                    entries++;
                }
                insertCopy(copied, entries);
            }
            case SWAP -> {
                Value a = stack.get(n - 1);
                NpeNames.Origin oa = origins.get(n - 1);
                stack.set(n - 1, stack.get(n - 2));
                origins.set(n - 1, origins.get(n - 2));
                stack.set(n - 2, a);
                origins.set(n - 2, oa);
            }
            default -> throw unsupported.apply("bytecode " + op.name().toLowerCase(Locale.ROOT));
        }
    }
}
