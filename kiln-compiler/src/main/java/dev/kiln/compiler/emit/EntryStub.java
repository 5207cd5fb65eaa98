package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Type;
import dev.kiln.runtime.abi.KernelAbi;

import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.kiln.compiler.emit.LlvmEmitter.global;
import static dev.kiln.compiler.emit.LlvmEmitter.llvm;
import static dev.kiln.compiler.emit.LlvmEmitter.returnType;

/**
 * The exported function, the only one with default visibility (see {@link KernelAbi}): it reads the parameters from
 * the frame, calls the kernel's module function, writes the result (an array encoded for the Java side) and frees
 * what the call allocated; for a kernel with recursion it first computes the thread's stack limit once.
 */
final class EntryStub {
    /**
     * Recursive functions raise StackOverflowError when the stack pointer comes within this many bytes of the low end
     * of the thread's stack: HotSpot's guard zones (4 pages on x86-64) never touched, and 48 KiB left for what runs
     * below the last check (a signal handler, non-recursive callees, libm). HotSpot stops Java code at about 96 KiB
     * from the end; with the FFM downcall's own frames in between, this margin lets a kernel reach at least the depth
     * HotSpot reaches with frames of the same size.
     */
    static final long STACK_MARGIN = 64 * 1024;

    private static final String STACK_LIMIT = "@kiln.stack_limit";

    private final CallGraph calls;
    private final ArrayHelpers arrays;
    private final Set<String> declarations;

    EntryStub(CallGraph calls, ArrayHelpers arrays, Set<String> declarations) {
        this.calls = calls;
        this.arrays = arrays;
        this.declarations = declarations;
    }

    /**
     * The ABI face of the kernel (see {@code KernelAbi}): the array data pointers, then the frame holding the fault
     * record, the result slot and one 8-byte slot per parameter.
     */
    String entryWrapper(Function root, String symbol, boolean faultRecord, ResultSite resultSite) {
        boolean resultArray = resultSite != null;
        MethodTypeDesc mt = MethodTypeDesc.ofDescriptor(root.descriptor());
        List<String> params = new ArrayList<>();
        List<String> body = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (int k = 0; k < mt.parameterCount(); k++) {
            Type t = Type.ofDescriptor(mt.parameterType(k).descriptorString());
            String slot = "%s" + k;
            body.add(slot + " = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_PARAMS + 8L * k));
            if (Type.isArray(t)) {
                params.add("ptr %a" + k);
                body.add("%n" + k + " = load i32, ptr " + slot + ", align 8");
                args.add("ptr %a" + k);
                args.add("i32 %n" + k);
            } else {
                String ty = llvm(t);
                body.add("%x" + k + " = load " + ty + ", ptr " + slot + ", align 8");
                args.add(ty + " %x" + k);
            }
        }
        int arrays = params.size();
        boolean deep = false;
        for (int k = 0; k < mt.parameterCount(); k++) {
            deep |= Type.ofDescriptor(mt.parameterType(k).descriptorString()) instanceof Type.RefArray;
        }
        int slots = KernelAbi.pointerSlots(arrays, deep, Type.isArray(root.returnType()));
        for (int pad = arrays; pad < slots; pad++) params.add("ptr %unused" + pad);
        params.add("ptr %frame");
        if (deep) {
            // the body reads its pointer arguments where each entry stored them, then patches the rows in
            List<String> loads = new ArrayList<>();
            loads.add("%args = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_ARGS);
            for (int i = 0; i < arrays; i++) {
                loads.add("%argp" + i + " = getelementptr inbounds ptr, ptr %args, i64 " + i);
                loads.add(params.get(i).substring("ptr ".length()) + " = load ptr, ptr %argp" + i + ", align 8");
            }
            loads.addAll(EntryArrays.patchRows());
            if (resultArray) loads.addAll(EntryArrays.askedResultArray());
            body.addAll(0, loads);
        } else if (root.returnType() instanceof Type.RefArray) {
            body.addAll(0, EntryArrays.recordArgs(params.subList(0, arrays)));
        }
        // The Java side's result array comes as the pointer after the parameters' (a free slot: ResultSite checks;
        // for a kernel with arrays of arrays, whose entries take their pointers by row bucket, the Java side says which)
        if (resultArray && !deep) {
            int source = resultSite.length().copyOf();
            body.addAll(0, EntryArrays.recordResultArray("%unused" + arrays, mt.parameterCount(),
                    source >= 0 ? "%a" + source : null, resultSite.fill() != null));
            if (resultSite.fill() != null) body.addAll(EntryArrays.recordCopyFrom(resultSite.length().from()));
        }
        int resultPointers = resultArray && !deep ? arrays + 1 : arrays;
        if (this.arrays.allocates()) body.addAll(0, EntryArrays.resetArena());
        if (faultRecord) args.add("ptr %frame"); // the fault record is the frame's first 24 bytes
        if (calls.anyCycle()) {
            // The stack limit is computed once per thread (the Java side zeroes it on virtual threads).
            body.add("%limslot = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_STACK_LIMIT);
            body.add("%lim = load i64, ptr %limslot, align 8");
            body.add("%unset = icmp eq i64 %lim, 0");
            body.add("br i1 %unset, label %limit, label %run, !prof " + FaultProtocol.COLD_TRUE);
            body.add("limit:");
            body.add("call void " + STACK_LIMIT + "(ptr %frame)");
            body.add("br label %run");
            body.add("run:");
        }
        String ret = root.returnType() == Type.Void.VOID ? "void" : llvm(root.returnType());
        String call = "call " + returnType(root.returnType(), faultRecord) + " " + global(root.name()) + "("
                + String.join(", ", args) + ")";
        if (ret.equals("void")) {
            body.add(call);
        } else if (Type.isArray(root.returnType())) {
            body.add((faultRecord ? "%rf = " : "%r = ") + call);
            if (faultRecord) body.add("%r = extractvalue " + returnType(root.returnType(), true) + " %rf, 0");
            body.addAll(EntryArrays.encodeResult("%r", params.subList(0, resultPointers)));
        } else {
            body.add((faultRecord ? "%rf = " : "%r = ") + call);
            // A faulting function returns its result with a flag (the fault record says which fault).
            if (faultRecord) body.add("%r = extractvalue " + returnType(root.returnType(), true) + " %rf, 0");
            body.add("%rslot = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_RESULT);
            body.add("store " + ret + " %r, ptr %rslot, align 8");
        }
        boolean escapes = Type.isArray(root.returnType());
        for (int k = 0; k < mt.parameterCount(); k++) {
            escapes |= Type.ofDescriptor(mt.parameterType(k).descriptorString()) instanceof Type.RefArray;
        }
        if (this.arrays.allocates() && !escapes) body.addAll(EntryArrays.freeAll());
        body.add("ret void");
        StringBuilder sb = new StringBuilder();
        if (!deep) {
            sb.append("define void @").append(symbol).append("(").append(String.join(", ", params)).append(") #0 {\nentry:\n");
        } else {
            sb.append("define internal void @").append(symbol).append(".body(ptr %frame) #3 {\nentry:\n");
        }
        for (String line : body) sb.append(line.endsWith(":") ? "" : "  ").append(line).append('\n');
        sb.append("}\n");
        if (deep) {
            int[] entries = KernelAbi.entrySlots(arrays, true, Type.isArray(root.returnType()));
            for (int n : entries) sb.append('\n').append(bucketEntry(n == slots ? symbol : KernelAbi.entrySymbol(symbol, n), symbol, n));
        }
        return sb.toString();
    }

    /**
     * One exported entry of a kernel with an array-of-arrays parameter: {@code n} pointer arguments stored where the
     * body reads them (see {@link KernelAbi#DIRECT_SLOTS}), then the body. Only the stores differ between entries, so
     * a call's FFM downcall takes as few arguments as its rows need.
     */
    private static String bucketEntry(String name, String symbol, int n) {
        StringBuilder sb = new StringBuilder("define void @").append(name).append('(');
        for (int k = 0; k < n; k++) sb.append("ptr %p").append(k).append(", ");
        sb.append("ptr %frame) #0 {\nentry:\n");
        sb.append("  %args = getelementptr inbounds i8, ptr %frame, i64 ").append(KernelAbi.FRAME_ARGS).append('\n');
        for (int k = 0; k < n; k++) {
            sb.append("  %argp").append(k).append(" = getelementptr inbounds ptr, ptr %args, i64 ").append(k).append('\n');
            sb.append("  store ptr %p").append(k).append(", ptr %argp").append(k).append(", align 8\n");
        }
        sb.append("  tail call void @").append(symbol).append(".body(ptr %frame)\n  ret void\n}\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------- functions

    /**
     * Computes this thread's stack limit into the frame: the low end of its stack (glibc's pthread_getattr_np) plus
     * {@link #STACK_MARGIN}. If the thread's stack cannot be asked for, 256 KiB below here.
     */
    String stackLimitFunction() {
        declarations.add("declare i64 @pthread_self()");
        declarations.add("declare i32 @pthread_getattr_np(i64, ptr)");
        declarations.add("declare i32 @pthread_attr_getstack(ptr, ptr, ptr)");
        declarations.add("declare i32 @pthread_attr_destroy(ptr)");
        return "define internal void " + STACK_LIMIT + "(ptr %frame) #1 {\n"
                + "  %attr = alloca [32 x i64], align 16\n" // pthread_attr_t is 56 bytes on glibc x86-64
                + "  %addr = alloca ptr, align 8\n"
                + "  %size = alloca i64, align 8\n"
                + "  store ptr null, ptr %addr, align 8\n"
                + "  %self = call i64 @pthread_self()\n"
                + "  %rc = call i32 @pthread_getattr_np(i64 %self, ptr %attr)\n"
                + "  %ok = icmp eq i32 %rc, 0\n"
                + "  br i1 %ok, label %ask, label %guess\n"
                + "ask:\n"
                + "  %rc2 = call i32 @pthread_attr_getstack(ptr %attr, ptr %addr, ptr %size)\n"
                + "  %rc3 = call i32 @pthread_attr_destroy(ptr %attr)\n"
                + "  %lo = load ptr, ptr %addr, align 8\n"
                + "  %loi = ptrtoint ptr %lo to i64\n"
                + "  %known = icmp ne i64 %loi, 0\n"
                + "  br i1 %known, label %have, label %guess\n"
                + "have:\n"
                + "  %lim = add i64 %loi, " + STACK_MARGIN + "\n"
                + "  br label %done\n"
                + "guess:\n"
                + "  %here = ptrtoint ptr %size to i64\n"
                + "  %lim2 = sub i64 %here, 262144\n"
                + "  br label %done\n"
                + "done:\n"
                + "  %l = phi i64 [ %lim, %have ], [ %lim2, %guess ]\n"
                + "  %slot = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_STACK_LIMIT + "\n"
                + "  store i64 %l, ptr %slot, align 8\n"
                + "  ret void\n}\n\n";
    }
}
