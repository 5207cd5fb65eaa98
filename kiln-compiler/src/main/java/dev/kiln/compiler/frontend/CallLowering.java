package dev.kiln.compiler.frontend;

import dev.kiln.compiler.intrinsics.Intrinsic;
import dev.kiln.compiler.intrinsics.Intrinsics;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;

import java.lang.classfile.ClassModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Method calls: {@code clone()} of a primitive array, calls on a kernel object's {@code this}, the JDK calls
 * {@link ThrowLowering} builds exceptions with, JDK methods Kiln lowers itself ({@link ArrayCalls}) or as an
 * {@link Intrinsic}, and static calls to other methods of the kernel graph, resolved as the JVM resolves them and
 * passed the module's implicit trailing arguments.
 */
final class CallLowering {
    private final KernelGraph graph;
    private final BytecodeCfg cfg;
    private final NpeNames npe;
    private final ReceiverLowering receiver;
    private final ThrowLowering throwing;
    private final Function<MethodRef, String> functionNames;
    private final List<Param> tableParams;
    private final ObjectParams objectParams;
    private Block current;

    CallLowering(KernelGraph graph, BytecodeCfg cfg, NpeNames npe, ReceiverLowering receiver, ThrowLowering throwing,
                 Function<MethodRef, String> functionNames, List<Param> tableParams, ObjectParams objectParams) {
        this.objectParams = objectParams;
        this.graph = graph;
        this.cfg = cfg;
        this.npe = npe;
        this.receiver = receiver;
        this.throwing = throwing;
        this.functionNames = functionNames;
        this.tableParams = tableParams;
    }

    /** Lowers {@code inv} into block {@code into}, taking its arguments from and leaving its result on {@code s}. */
    void invoke(InvokeInstruction inv, FrameState s, Block into) {
        current = into;
        String owner = inv.owner().asInternalName();
        String name = inv.name().stringValue();
        String desc = inv.type().stringValue();
        String shown = owner.replace('/', '.') + "." + name + desc;
        if (inv.opcode() == Opcode.INVOKEVIRTUAL && name.equals("clone") && desc.equals("()Ljava/lang/Object;")
                && owner.length() == 2 && owner.charAt(0) == '[' && Elem.ofDescriptor(owner.charAt(1)) != null) {
            NpeNames.Origin origin = s.topOrigin();
            Value array = s.pop();
            s.push(add(ArrayCalls.cloneOf(array, npe.npeMessage("Cannot invoke \"" + owner + ".clone()\"", origin))));
            return;
        }
        int argCount = inv.typeSymbol().parameterCount();
        Value object = inv.opcode() == Opcode.INVOKESTATIC || s.stack.size() <= argCount ? null
                : s.stack.get(s.stack.size() - 1 - argCount);
        receiver.refuseEscape(s.stack.subList(s.stack.size() - argCount, s.stack.size()), "this passed to " + shown);
        if (ReceiverLowering.isSelf(object)) {
            callOnSelf(inv, s);
            return;
        }
        if (throwing.invoke(inv, s.asThrowStack(), object, cfg.here())) return;
        if (inv.opcode() != Opcode.INVOKESTATIC) {
            throw cfg.unsupported(inv.opcode().name().toLowerCase(Locale.ROOT) + " of " + shown + " (only static calls)");
        }
        boolean jdk = KernelGraph.isJdkOwner(owner) || owner.startsWith("[");
        if (jdk) {
            int count = inv.typeSymbol().parameterCount();
            Value[] popped = s.stack.subList(s.stack.size() - count, s.stack.size()).toArray(Value[]::new);
            Optional<Inst> lowered = ArrayCalls.lower(owner, name, desc, popped);
            if (lowered.isPresent() && lowered.get() instanceof Inst.ArrayCopy c
                    && (c.src().type() instanceof Type.RefArray || c.dst().type() instanceof Type.RefArray)
                    && !c.src().type().equals(c.dst().type())
                    && c.src().type() != Type.Null.NULL && c.dst().type() != Type.Null.NULL) {
                throw cfg.unsupported("System.arraycopy from " + c.src().type() + " to " + c.dst().type()
                        + " (arrays of arrays copy only to the same type)");
            }
            if (lowered.isPresent()) {
                for (int k = 0; k < count; k++) s.pop();
                Inst i = add(lowered.get());
                if (i.type() != Type.Void.VOID) s.push(i);
                return;
            }
        }
        Optional<Intrinsic> intrinsic = jdk ? Intrinsics.find(owner, name, desc) : Optional.empty();
        // A JDK method without an intrinsic is compiled from its bytecode when the graph read it (JdkLeaves).
        if (jdk && intrinsic.isEmpty() && resolve(new MethodRef(owner, name, desc)) == null) {
            throw cfg.unsupported(Intrinsics.refusal(owner, name, desc)
                    .orElse("call to JDK method " + shown + " (not in Kiln's intrinsic table)"));
        }
        MethodTypeDesc mt = inv.typeSymbol();
        Type ret = Type.ofDescriptor(mt.returnType().descriptorString());
        if (ret == null) {
            throw cfg.unsupported("call to " + shown + " returning " + mt.returnType().displayName());
        }
        int n = mt.parameterCount();
        Value[] args = new Value[n];
        for (int k = n - 1; k >= 0; k--) args[k] = s.pop();
        String typed = jdk ? null : ObjectParams.specialize(mt, args); // Object parameters given arrays
        for (int k = 0; k < n; k++) {
            if (typed == null && Type.ofDescriptor(mt.parameterType(k).descriptorString()) == null) {
                throw cfg.unsupported("call to " + shown + " with a " + mt.parameterType(k).displayName() + " argument");
            }
        }
        Inst call;
        if (intrinsic.isPresent()) {
            call = add(new Inst.IntrinsicCall(intrinsic.get(), ret, Arrays.asList(args)));
        } else {
            MethodRef callee = resolve(new MethodRef(owner, name, desc));
            if (callee == null) throw cfg.unsupported("call to " + shown + " (method not found)");
            String fn = typed == null || typed.equals(desc) ? functionNames.apply(callee) : objectParams.name(callee, functionNames.apply(callee), typed);
            call = add(new Inst.Call(fn, ret, withImplicit(args), cfg.here()));
        }
        if (ret != Type.Void.VOID) s.push(call);
    }

    /** A call on {@code this} of a kernel object: a direct call, the receiver's fields passed on implicitly. */
    private void callOnSelf(InvokeInstruction inv, FrameState s) {
        MethodRef callee = receiver.callee(inv);
        MethodTypeDesc mt = inv.typeSymbol();
        Type ret = Type.ofDescriptor(mt.returnType().descriptorString());
        if (ret == null) throw cfg.unsupported("call to " + callee.display() + " returning " + mt.returnType().displayName());
        Value[] args = new Value[mt.parameterCount()];
        for (int k = args.length - 1; k >= 0; k--) args[k] = s.pop();
        s.pop(); // this
        Inst call = add(new Inst.Call(functionNames.apply(callee), ret, withImplicit(args), cfg.here()));
        if (ret != Type.Void.VOID) s.push(call);
    }

    /** A call's arguments followed by what every function of the module takes last: tables, receiver fields. */
    private List<Value> withImplicit(Value[] args) {
        List<Value> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(tableParams);
        all.addAll(receiver.params());
        return all;
    }

    /** JVM static-method resolution as {@link KernelGraph} does it: the class, its superclasses, its interfaces. */
    MethodRef resolve(MethodRef named) {
        List<String> search = new ArrayList<>(List.of(named.owner()));
        while (!search.isEmpty()) {
            String cls = search.removeFirst();
            MethodRef candidate = new MethodRef(cls, named.name(), named.descriptor());
            if (graph.methods().containsKey(candidate)) return candidate;
            Optional<ClassModel> cm = graph.classModel(cls);
            if (cm.isEmpty()) continue;
            cm.get().superclass().ifPresent(c -> search.add(c.asInternalName()));
            cm.get().interfaces().forEach(c -> search.add(c.asInternalName()));
        }
        return null;
    }

    private <T extends Inst> T add(T inst) {
        current.insts().add(inst);
        return inst;
    }
}
