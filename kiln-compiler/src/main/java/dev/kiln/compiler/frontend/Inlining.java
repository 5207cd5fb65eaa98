package dev.kiln.compiler.frontend;

import dev.kiln.compiler.frontend.ValueObjects.Obj;
import dev.kiln.compiler.frontend.ValueObjects.ValueClass;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;

import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Calls that involve a replaced object ({@link ValueObjects}): its constructor, a method called on it, a method it is
 * passed to or that returns one. The callee's bytecode is lowered inline, into the caller's function
 * ({@link MethodLowerer} on a {@link Site}): its entry follows the caller's block, its returns jump to a continuation
 * block whose parameters are the result and the fields of the objects the call was given (which it may have written),
 * and the caller goes on from there. Exceptions the callee throws leave the function as they would from its own.
 */
final class Inlining {
    /** Calls nested deeper than this are refused (a recursive method given an object would never end). */
    static final int MAX_DEPTH = 8;

    /** What an inline lowering receives from its call site, and how it returns there. */
    static final class Site {
        final MethodRef callee;
        final Value[] args; // receiver first for an instance method
        final List<Param> tableParams;
        final List<Param> receiverParams;
        final int depth;
        final Block entry;
        final Block continuation;
        final java.util.Map<Obj, Value[]> objects; // the caller's objects' fields at the call
        /** The call sites lowered inline down to this one, innermost first: frames of a throw's stack trace. */
        final List<dev.kiln.runtime.abi.SourceFrame> callers;
        private final List<Obj> tracked = new ArrayList<>(); // objects among the arguments, distinct, in order
        private final List<List<Param>> trackedParams = new ArrayList<>();
        private final Param result; // a primitive or array result
        private final ClassDesc objectResult; // or the declared class of an object result
        private Obj returnedTracked; // the result is this argument object
        private ValueClass returnedClass; // or a new object of this class
        private final List<Param> returnedFields = new ArrayList<>();
        private boolean returned;

        Site(MethodRef callee, Value[] args, List<Param> tableParams, List<Param> receiverParams, int depth,
             Block entry, Block continuation, java.util.Map<Obj, Value[]> objects,
             List<dev.kiln.runtime.abi.SourceFrame> callers) {
            this.objects = new java.util.IdentityHashMap<>(objects);
            this.callers = List.copyOf(callers);
            this.callee = callee;
            this.args = args;
            this.tableParams = tableParams;
            this.receiverParams = receiverParams;
            this.depth = depth;
            this.entry = entry;
            this.continuation = continuation;
            ClassDesc ret = MethodTypeDesc.ofDescriptor(callee.descriptor()).returnType();
            Type t = Type.ofDescriptor(ret.descriptorString());
            result = t == null || t == Type.Void.VOID ? null : new Param(t, "result");
            objectResult = t == null ? ret : null;
            if (result != null) continuation.params().add(result);
            for (Value a : args) {
                Obj obj = ValueObjects.of(a);
                if (obj == null || tracked.contains(obj)) continue;
                tracked.add(obj);
                List<Param> ps = new ArrayList<>();
                for (ValueObjects.Field f : obj.cls.fields()) ps.add(new Param(f.type(), f.name()));
                trackedParams.add(ps);
                continuation.params().addAll(ps);
            }
        }

        /** A return of the callee: a jump to the continuation with the result and the objects' fields. */
        Terminator exit(Value v, FrameState s, Function<String, RuntimeException> unsupported) {
            returned = true;
            List<Value> args = new ArrayList<>();
            if (result != null) args.add(v);
            for (Obj obj : tracked) args.addAll(Arrays.asList(fieldsAtExit(obj, s, unsupported)));
            if (objectResult != null) {
                Obj obj = ValueObjects.of(v);
                if (obj == null) {
                    throw unsupported.apply("return of " + (v instanceof Value.NullConst ? "null" : "a reference")
                            + " from a method returning " + objectResult.displayName()
                            + " (objects are replaced by their fields; a returned reference must be such an object)");
                }
                if (tracked.contains(obj)) {
                    if (returnedTracked == null && returnedClass == null) returnedTracked = obj;
                    if (returnedTracked != obj) throw unsupported.apply(obj + " returned from different objects");
                } else {
                    if (returnedTracked != null) throw unsupported.apply(obj + " returned from different objects");
                    if (returnedClass == null) {
                        returnedClass = obj.cls;
                        for (ValueObjects.Field f : obj.cls.fields()) returnedFields.add(new Param(f.type(), "result." + f.name()));
                        continuation.params().addAll(returnedFields);
                    }
                    if (returnedClass != obj.cls) {
                        throw unsupported.apply(obj + " and an object of class " + returnedClass.display()
                                + " returned from one method");
                    }
                    args.addAll(Arrays.asList(s.objects.get(obj)));
                }
            }
            return new Terminator.Jump(new BlockCall(continuation, args));
        }

        /**
         * An argument object's fields at a return. A merge in the callee gives a constructed object of a class whose
         * fields are all final a new identity ({@link ObjectMerges}), so the argument itself may no longer be in the
         * state; its fields are then the ones it had at the call, which nothing can have changed.
         */
        private Value[] fieldsAtExit(Obj obj, FrameState s, Function<String, RuntimeException> unsupported) {
            Value[] fields = s.objects.get(obj);
            if (fields != null) return fields;
            if (!obj.cls.immutable() || obj.constructing > 0 || objects.get(obj) == null) {
                throw unsupported.apply(obj + " passed to " + callee.display() + " and no longer held where it returns");
            }
            return objects.get(obj);
        }

        /** After the callee: the caller's state at the continuation, the result pushed. */
        void resume(FrameState s, ValueObjects.Classes classes, Function<String, RuntimeException> unsupported) {
            for (int k = 0; k < tracked.size(); k++) s.objects.put(tracked.get(k), trackedParams.get(k).toArray(Value[]::new));
            if (result != null) s.push(result);
            if (objectResult == null) return;
            if (returnedTracked != null) {
                s.push(returnedTracked.token);
                return;
            }
            if (returnedClass == null) { // never returns: the continuation is unreachable, its state any consistent one
                String d = objectResult.descriptorString();
                returnedClass = classes.find(d.substring(1, d.length() - 1)).orElseThrow(() -> unsupported.apply(
                        "call to " + callee.display() + " that never returns a " + objectResult.displayName()));
                for (ValueObjects.Field f : returnedClass.fields()) returnedFields.add(new Param(f.type(), "result." + f.name()));
                continuation.params().addAll(returnedFields);
            }
            Obj obj = new Obj(returnedClass);
            s.objects.put(obj, returnedFields.toArray(Value[]::new));
            s.push(obj.token);
        }

        boolean returned() {
            return returned;
        }
    }

    private Inlining() {
    }

    /** Whether the call involves a replaced object (receiver, argument, or a result of a value class). */
    static boolean concerns(InvokeInstruction inv, FrameState s, ValueObjects.Classes classes) {
        if (inv.opcode() == Opcode.INVOKEDYNAMIC) return false;
        int n = inv.typeSymbol().parameterCount() + (inv.opcode() == Opcode.INVOKESTATIC ? 0 : 1);
        if (s.stack.size() >= n && ValueObjects.first(s.stack.subList(s.stack.size() - n, s.stack.size())) != null) {
            return true;
        }
        ClassDesc ret = inv.typeSymbol().returnType();
        if (!ret.isClassOrInterface()) return false;
        String d = ret.descriptorString();
        return classes.find(d.substring(1, d.length() - 1)).isPresent();
    }

    /**
     * The callee of {@code inv}, which {@link #concerns} an object: exactly what the JVM would run, or the refusal
     * naming the object and the code it would escape into. Null for {@code Object}'s and {@code Record}'s
     * constructors, which do nothing.
     */
    static MethodRef callee(InvokeInstruction inv, FrameState s, KernelGraph graph, Function<MethodRef, MethodRef> resolveStatic,
                            Function<String, RuntimeException> unsupported) {
        String owner = inv.owner().asInternalName();
        String name = inv.name().stringValue();
        String shown = inv.opcode().name().toLowerCase(Locale.ROOT) + " of " + owner.replace('/', '.') + "." + name
                + inv.type().stringValue();
        int argCount = inv.typeSymbol().parameterCount();
        if (inv.opcode() == Opcode.INVOKESTATIC) {
            MethodRef callee = KernelGraph.isJdkOwner(owner) ? null
                    : resolveStatic.apply(new MethodRef(owner, name, inv.type().stringValue()));
            if (callee == null) {
                Obj obj = ValueObjects.first(s.stack.subList(s.stack.size() - argCount, s.stack.size()));
                if (obj == null) throw unsupported.apply("call to " + shown + " (not compiled: returns an object)");
                throw unsupported.apply(ValueObjects.escapes(obj, "passed to code Kiln does not compile (" + shown + ")"));
            }
            return callee;
        }
        Value receiver = s.stack.get(s.stack.size() - 1 - argCount);
        Obj self = ValueObjects.of(receiver);
        if (self == null) {
            Obj obj = ValueObjects.first(s.stack.subList(s.stack.size() - argCount, s.stack.size()));
            if (obj == null) {
                throw unsupported.apply(shown + " returning an object (objects are replaced by their fields only in"
                        + " static methods and in methods called on such an object)");
            }
            throw unsupported.apply(ValueObjects.escapes(obj, "passed to " + shown + " on another object"));
        }
        if (name.equals("<init>") && (owner.equals("java/lang/Object") || owner.equals("java/lang/Record"))
                && argCount == 0) {
            return null;
        }
        MethodRef callee = inv.opcode() == Opcode.INVOKEINTERFACE ? null : graph.calleeOn(self.cls.name(), inv);
        if (callee == null) {
            throw unsupported.apply(ValueObjects.escapes(self, "passed to code Kiln does not compile (" + shown + ")"));
        }
        return callee;
    }

    /**
     * Gives the throws of a method lowered inline at {@code site} (blocks from {@code entry} up to the continuation)
     * the call sites around it, so the stack trace has the caller frames HotSpot's has. Throws of methods lowered
     * inline deeper have theirs already, which include these.
     */
    static void traceCallers(Block entry, Site site) {
        java.util.Set<Block> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Block> work = new java.util.ArrayDeque<>(List.of(entry));
        while (!work.isEmpty()) {
            Block b = work.pop();
            if (b == site.continuation || !seen.add(b) || b.terminator() == null) continue;
            if (b.terminator() instanceof Terminator.Throw t && t.inlinedCallers().isEmpty()) {
                b.setTerminator(new Terminator.Throw(t.site(), t.values(), site.callers));
            }
            for (BlockCall c : b.terminator().successors()) work.push(c.target());
        }
    }

    /** Refuses calls nested too deep. */
    static void checkDepth(int depth, MethodRef callee, Function<String, RuntimeException> unsupported) {
        if (depth >= MAX_DEPTH) {
            throw unsupported.apply("call to " + callee.display() + " given an object, nested more than " + MAX_DEPTH
                    + " deep (objects are replaced by their fields in the methods they reach, lowered inline)");
        }
    }
}
