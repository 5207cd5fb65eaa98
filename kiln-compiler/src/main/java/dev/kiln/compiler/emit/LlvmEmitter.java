package dev.kiln.compiler.emit;

import dev.kiln.runtime.abi.KernelAbi;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.intrinsics.FloatOps;
import dev.kiln.compiler.intrinsics.Intrinsic;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.runtime.abi.Fault;
import dev.kiln.runtime.abi.SourceFrame;
import dev.kiln.runtime.abi.ThrowSite;

import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * IR module to LLVM IR text. Java semantics are spelled out here: wrapping arithmetic, masked shift counts, the
 * {@code MIN_VALUE / -1} case, saturating float-to-int conversion, and every exception as a fault record filled in
 * a cold block followed by a return (native code never unwinds). Arrays travel as {@code (ptr data, i32 length)}.
 */
public final class LlvmEmitter {
    /**
     * Recursive functions raise StackOverflowError when the stack pointer comes within this many bytes of the low end
     * of the thread's stack: HotSpot's guard zones (4 pages on x86-64) never touched, and 48 KiB left for what runs
     * below the last check (a signal handler, non-recursive callees, libm). HotSpot stops Java code at about 96 KiB
     * from the end; with the FFM downcall's own frames in between, this margin lets a kernel reach at least the depth
     * HotSpot reaches with frames of the same size.
     */
    public static final long STACK_MARGIN = 64 * 1024;

    /**
     * @param llvmIr      the module text
     * @param faultRecord whether the exported function takes the trailing fault-record pointer
     * @param messages    exception messages, indexed by a fault's detail
     * @param throwSites  the module's throw statements, indexed by a code-11 fault's detail
     * @param callSites   calls a thrown exception can unwind through, indexed by the trace the frame records
     */
    public record Result(String llvmIr, boolean faultRecord, List<String> messages, List<ThrowSite> throwSites,
                         List<SourceFrame> callSites) {
    }

    private static final String COLD_TRUE = "!0";   // the true edge goes to a fault
    private static final String COLD_FALSE = "!1";  // the false edge goes to a fault
    private static final String RSP = "!2";         // the stack pointer register, for llvm.read_register
    /**
     * A bounds check in an outer loop: still unlikely to fault (block placement keeps the fault out of line), but
     * below the 15/16 that inductive range check elimination requires, so it does not copy the inner loops.
     */
    private static final String OUTER_LOOP_FALSE = "!3";
    /**
     * A branch whose {@link Terminator.Expect} names a rare edge: above the 99% at which SimplifyCFG calls a branch
     * predictable and leaves it a branch instead of selects.
     */
    private static final String RARE_TRUE = "!4";
    private static final String RARE_FALSE = "!5";
    private static final String RAISE = "@kiln.raise";
    /** How an array travels as a function result: data pointer and length. */
    static final String ARRAY_PAIR = "{ ptr, i32 }";

    private final IrModule module;
    private final CompileOptions options;
    private final CallGraph calls;
    private final InlinePolicy inlining;
    private final Set<String> declarations = new LinkedHashSet<>();
    private final ConstTables constTables = new ConstTables();
    private final Map<String, Intrinsic> intrinsics = new LinkedHashMap<>();
    private final List<String> messages = new ArrayList<>();
    private final Map<String, Integer> messageIndex = new HashMap<>();
    private final List<ThrowSite> throwSites = new ArrayList<>();
    private final List<SourceFrame> callSites = new ArrayList<>();
    private static final String TRACE = "@kiln.trace";
    private static final String STACK_LIMIT = "@kiln.stack_limit";
    private final ArrayHelpers arrays = new ArrayHelpers(this::message);

    private LlvmEmitter(IrModule module, CompileOptions options) {
        this.module = module;
        this.options = options;
        this.calls = new CallGraph(module);
        this.inlining = new InlinePolicy(module, calls);
    }

    public static Result emit(IrModule module, CompileOptions options, String symbol) {
        return new LlvmEmitter(module, options).emitModule(symbol);
    }

    private Result emitModule(String symbol) {
        StringBuilder fns = new StringBuilder();
        for (Function f : module.functions()) fns.append(new FunctionEmitter(f).emit()).append('\n');
        Function root = module.function(module.entry());
        boolean faultRecord = calls.canFault(root.name());
        fns.append(entryWrapper(root, symbol, faultRecord));

        String helpers = (calls.anyThrow() ? traceFunction() : "") + (calls.anyCycle() ? stackLimitFunction() : "");
        StringBuilder out = new StringBuilder();
        out.append("; Kiln kernel module\n\n");
        for (String d : declarations) out.append(d).append('\n');
        for (Intrinsic i : intrinsics.values()) {
            for (String d : i.declarations()) {
                if (declarations.add(d)) out.append(d).append('\n');
            }
        }
        out.append('\n');
        for (Intrinsic i : intrinsics.values()) {
            if (!i.definition().isBlank()) out.append(i.definition()).append("\n\n");
        }
        out.append(constTables.definitions());
        if (arrays.used()) out.append(arrays.definitions());
        if (calls.anyFault()) {
            out.append("define internal void ").append(RAISE).append("(ptr %rec, i32 %code, i32 %detail, i64 %a, i64 %b) #1 {\n")
                    .append("  store i32 %code, ptr %rec, align 4\n")
                    .append("  %d = getelementptr inbounds i8, ptr %rec, i64 4\n")
                    .append("  store i32 %detail, ptr %d, align 4\n")
                    .append("  %pa = getelementptr inbounds i8, ptr %rec, i64 8\n")
                    .append("  store i64 %a, ptr %pa, align 8\n")
                    .append("  %pb = getelementptr inbounds i8, ptr %rec, i64 16\n")
                    .append("  store i64 %b, ptr %pb, align 8\n")
                    .append("  ret void\n}\n\n");
        }
        out.append(helpers);
        out.append(fns);
        out.append("\nattributes #0 = { nounwind }\n");
        out.append("attributes #1 = { cold noinline nounwind }\n");
        out.append("attributes #2 = { alwaysinline nounwind }\n");
        out.append(COLD_TRUE).append(" = !{!\"branch_weights\", i32 1, i32 2000}\n");
        out.append(COLD_FALSE).append(" = !{!\"branch_weights\", i32 2000, i32 1}\n");
        out.append(RSP).append(" = !{!\"rsp\"}\n");
        out.append(OUTER_LOOP_FALSE).append(" = !{!\"branch_weights\", i32 14, i32 1}\n");
        out.append(RARE_TRUE).append(" = !{!\"branch_weights\", i32 1, i32 1000}\n");
        out.append(RARE_FALSE).append(" = !{!\"branch_weights\", i32 1000, i32 1}\n");
        out.append(AlignmentHint.METADATA);
        return new Result(out.toString(), faultRecord, List.copyOf(messages), List.copyOf(throwSites),
                List.copyOf(callSites));
    }

    /** Appends a call site to the trace of a throw unwinding through it (other faults keep no trace). */
    private static String traceFunction() {
        return "define internal void " + TRACE + "(ptr %rec, i32 %site) #1 {\n"
                + "  %code = load i32, ptr %rec, align 4\n"
                + "  %thrown = icmp eq i32 %code, " + Fault.THROW.code + "\n"
                + "  br i1 %thrown, label %count, label %out\n"
                + "count:\n"
                + "  %pa = getelementptr inbounds i8, ptr %rec, i64 8\n"
                + "  %n = load i64, ptr %pa, align 8\n"
                + "  %room = icmp ult i64 %n, " + KernelAbi.TRACE_MAX + "\n"
                + "  br i1 %room, label %keep, label %next\n"
                + "keep:\n"
                + "  %o4 = mul i64 %n, 4\n"
                + "  %off = add i64 %o4, " + KernelAbi.FRAME_TRACE + "\n"
                + "  %slot = getelementptr inbounds i8, ptr %rec, i64 %off\n"
                + "  store i32 %site, ptr %slot, align 4\n"
                + "  br label %next\n"
                + "next:\n"
                + "  %n1 = add i64 %n, 1\n"
                + "  store i64 %n1, ptr %pa, align 8\n"
                + "  br label %out\n"
                + "out:\n"
                + "  ret void\n}\n\n";
    }

    /**
     * Computes this thread's stack limit into the frame: the low end of its stack (glibc's pthread_getattr_np) plus
     * {@link #STACK_MARGIN}. If the thread's stack cannot be asked for, 256 KiB below here.
     */
    private String stackLimitFunction() {
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

    private int message(String m) {
        return messageIndex.computeIfAbsent(m, k -> {
            messages.add(k);
            return messages.size() - 1;
        });
    }

    // ---------------------------------------------------------------- the exported entry

    /**
     * The ABI face of the kernel (see {@code KernelAbi}): padded array data pointers, then the frame holding the fault
     * record, the result slot and one 8-byte slot per parameter.
     */
    private String entryWrapper(Function root, String symbol, boolean faultRecord) {
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
        int slots = deep ? Math.max(KernelAbi.DIRECT_SLOTS, KernelAbi.arraySlots(arrays)) : KernelAbi.arraySlots(arrays);
        for (int pad = arrays; pad < slots; pad++) params.add("ptr %unused" + pad);
        params.add("ptr %frame");
        if (deep) body.addAll(0, ArrayHelpers.patchRows(params.subList(0, slots)));
        else if (root.returnType() instanceof Type.RefArray) body.addAll(0, ArrayHelpers.recordArgs(params.subList(0, arrays)));
        if (this.arrays.allocates()) body.addAll(0, ArrayHelpers.resetArena());
        if (faultRecord) args.add("ptr %frame"); // the fault record is the frame's first 24 bytes
        if (calls.anyCycle()) {
            // The stack limit is computed once per thread (the Java side zeroes it on virtual threads).
            body.add("%limslot = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_STACK_LIMIT);
            body.add("%lim = load i64, ptr %limslot, align 8");
            body.add("%unset = icmp eq i64 %lim, 0");
            body.add("br i1 %unset, label %limit, label %run, !prof " + COLD_TRUE);
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
            body.addAll(ArrayHelpers.encodeResult("%r", params.subList(0, arrays)));
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
        if (this.arrays.allocates() && !escapes) body.addAll(ArrayHelpers.freeAll());
        body.add("ret void");
        StringBuilder sb = new StringBuilder();
        sb.append("define void @").append(symbol).append("(").append(String.join(", ", params))
                .append(") #0 {\nentry:\n");
        for (String line : body) sb.append(line.endsWith(":") ? "" : "  ").append(line).append('\n');
        sb.append("}\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------- functions

    private final class FunctionEmitter {
        private final Function f;
        private final boolean faults;
        private final Map<Value, String> names = new IdentityHashMap<>();
        private final Map<Block, String> exitLabel = new IdentityHashMap<>();
        private final List<String> faultBlocks = new ArrayList<>();
        private StringBuilder out;
        private String label;
        private int temp;
        private int splits;

        private final Set<Block> outerLoopOnly;
        private Block current;

        FunctionEmitter(Function f) {
            this.f = f;
            this.outerLoopOnly = options.boundsChecks() ? LoopNest.outerOnlyBlocks(f) : Set.of();
            this.faults = calls.canFault(f.name());
        }

        String emit() {
            List<String> params = new ArrayList<>();
            for (Param p : f.params()) {
                if (Type.isReference(p.type())) {
                    params.add("ptr " + data(p));
                    params.add("i32 " + len(p));
                } else {
                    params.add(llvm(p.type()) + " " + name(p));
                }
            }
            if (faults) params.add("ptr %fault");
            StringBuilder sb = new StringBuilder();
            sb.append("define internal ").append(retType()).append(' ').append(global(f.name()))
                    .append('(').append(String.join(", ", params)).append(inlining.alwaysInline(f.name()) ? ") #2 {\n" : ") #0 {\n");

            // The LLVM entry block may not be a branch target, so it only checks the stack and jumps.
            out = new StringBuilder();
            label = "entry";
            if (calls.inCycle(f.name())) {
                // Reading rsp directly keeps frames small (no frame pointer), so depth per stack byte stays high.
                declarations.add("declare i64 @llvm.read_register.i64(metadata)");
                String slot = tmp(), limit = tmp(), sp = tmp(), deep = tmp();
                line(slot + " = getelementptr inbounds i8, ptr %fault, i64 " + KernelAbi.FRAME_STACK_LIMIT);
                line(limit + " = load i64, ptr " + slot + ", align 8");
                line(sp + " = call i64 @llvm.read_register.i64(metadata " + RSP + ")");
                line(deep + " = icmp ult i64 " + sp + ", " + limit);
                faultIf(deep, true, Fault.STACK_OVERFLOW, 0, limit, "0");
            }
            line("br label %" + blockLabel(f.entry()));
            sb.append("entry:\n").append(out);

            Map<Block, List<Incoming>> incoming = new IdentityHashMap<>();
            Map<Block, StringBuilder> bodies = new LinkedHashMap<>();
            for (Block b : f.blocks()) {
                out = new StringBuilder();
                current = b;
                label = blockLabel(b);
                for (Inst i : b.insts()) inst(i);
                terminator(b.terminator());
                exitLabel.put(b, label);
                bodies.put(b, out);
                for (BlockCall e : b.terminator().successors()) {
                    incoming.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(new Incoming(b, e));
                }
            }
            for (Block b : f.blocks()) {
                sb.append(blockLabel(b)).append(":\n");
                if (b != f.entry()) sb.append(phis(b, incoming.getOrDefault(b, List.of())));
                sb.append(bodies.get(b));
            }
            for (String fb : faultBlocks) sb.append(fb);
            if (faults) sb.append("unwind:\n  ret ").append(zeroReturn()).append("\n");
            sb.append("}\n");
            return sb.toString();
        }

        private record Incoming(Block from, BlockCall edge) {
        }

        private String phis(Block b, List<Incoming> in) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < b.params().size(); k++) {
                Param p = b.params().get(k);
                if (Type.isReference(p.type())) {
                    sb.append("  ").append(data(p)).append(" = phi ptr ");
                    appendIncoming(sb, in, k, true);
                    sb.append("  ").append(len(p)).append(" = phi i32 ");
                    appendIncoming(sb, in, k, false);
                } else {
                    sb.append("  ").append(name(p)).append(" = phi ").append(llvm(p.type())).append(' ');
                    appendIncoming(sb, in, k, true);
                }
            }
            return sb.toString();
        }

        private void appendIncoming(StringBuilder sb, List<Incoming> in, int k, boolean dataPart) {
            List<String> entries = new ArrayList<>();
            for (Incoming i : in) {
                Value v = i.edge.args().get(k);
                String op = Type.isReference(v.type()) || v instanceof Value.NullConst
                        ? (dataPart ? data(v) : len(v)) : operand(v);
                entries.add("[ " + op + ", %" + exitLabel.get(i.from) + " ]");
            }
            sb.append(String.join(", ", entries)).append('\n');
        }

        private String retType() {
            return returnType(f.returnType(), faults);
        }

        /** What {@code unwind} returns: the fault flag set (and a zero result). */
        private String zeroReturn() {
            if (f.returnType() == Type.Void.VOID) return faults ? "i1 true" : "void";
            String v = valueType(f.returnType());
            String z = Type.isArray(f.returnType()) ? "zeroinitializer" : zero(f.returnType());
            if (!faults) return v + " " + z;
            return retType() + " { " + v + " " + z + ", i1 true }";
        }

        private void returnValue(Value v) {
            String value = null;
            if (v != null && Type.isArray(f.returnType())) {
                String p1 = tmp(), p2 = tmp();
                line(p1 + " = insertvalue " + ARRAY_PAIR + " undef, ptr " + data(v) + ", 0");
                line(p2 + " = insertvalue " + ARRAY_PAIR + " " + p1 + ", i32 " + len(v) + ", 1");
                value = ARRAY_PAIR + " " + p2;
            } else if (v != null) {
                value = typed(v);
            }
            if (!faults) {
                line(value == null ? "ret void" : "ret " + value);
            } else if (value == null) {
                line("ret i1 false");
            } else {
                String z = Type.isArray(f.returnType()) ? "zeroinitializer" : zero(f.returnType());
                String r = tmp();
                line(r + " = insertvalue " + retType() + " { " + valueType(f.returnType()) + " " + z
                        + ", i1 false }, " + value + ", 0");
                line("ret " + retType() + " " + r);
            }
        }

        // ------------------------------------------------------------ values

        private String name(Value v) {
            return names.computeIfAbsent(v, k -> "%v" + names.size());
        }

        private String operand(Value v) {
            return switch (v) {
                case Value.IntConst c -> Integer.toString(c.value());
                case Value.LongConst c -> Long.toString(c.value());
                case Value.FloatConst c -> floatLiteral(c.value());
                case Value.DoubleConst c -> doubleLiteral(c.value());
                case Value.NullConst c -> throw new IllegalStateException("null used as a scalar");
                default -> name(v);
            };
        }

        private String typed(Value v) {
            return llvm(v.type()) + " " + operand(v);
        }

        private String data(Value v) {
            if (v instanceof Value.ConstArray c) return constTables.global(c);
            return v instanceof Value.NullConst ? "null" : name(v) + ".d";
        }

        private String len(Value v) {
            if (v instanceof Value.ConstArray c) return Integer.toString(c.length());
            return v instanceof Value.NullConst ? "0" : name(v) + ".n";
        }

        private String tmp() {
            return "%t" + temp++;
        }

        private void line(String s) {
            out.append("  ").append(s).append('\n');
        }

        private String blockLabel(Block b) {
            return "b" + b.id();
        }

        /** Ends the current LLVM block with a cold branch to a new fault block when {@code cond == faultWhen}. */
        private void faultIf(String cond, boolean faultWhen, Fault fault, int detail, String a, String b) {
            faultIf(cond, faultWhen, fault, detail, a, b, faultWhen ? COLD_TRUE : COLD_FALSE);
        }

        private void faultIf(String cond, boolean faultWhen, Fault fault, int detail, String a, String b, String prof) {
            String faultLabel = "fault" + faultBlocks.size();
            String next = label + "." + splits++;
            if (faultWhen) line("br i1 " + cond + ", label %" + faultLabel + ", label %" + next + ", !prof " + prof);
            else line("br i1 " + cond + ", label %" + next + ", label %" + faultLabel + ", !prof " + prof);
            faultBlocks.add(faultLabel + ":\n  call void " + RAISE + "(ptr %fault, i32 " + fault.code + ", i32 " + detail
                    + ", i64 " + a + ", i64 " + b + ")\n  br label %unwind\n");
            startBlock(next);
        }

        private void startBlock(String l) {
            out.append(l).append(":\n");
            label = l;
        }

        private void nullCheck(Value array, String message) {
            String isNull = tmp();
            line(isNull + " = icmp eq ptr " + data(array) + ", null");
            faultIf(isNull, true, Fault.NULL_POINTER, message(message), "0", "0");
        }

        /** Null and bounds checks, then the element's address. */
        private String elementAddress(Elem elem, Value array, Value index, String nullMessage) {
            return elementAddress(storage(elem), array, index, nullMessage);
        }

        private String elementAddress(String storage, Value array, Value index, String nullMessage) {
            nullCheck(array, nullMessage);
            String idx = operand(index);
            if (options.boundsChecks()) {
                String ok = tmp();
                line(ok + " = icmp ult i32 " + idx + ", " + len(array));
                String a = tmp();
                String n = tmp();
                line(a + " = sext i32 " + idx + " to i64");
                line(n + " = sext i32 " + len(array) + " to i64");
                faultIf(ok, false, Fault.INDEX_OUT_OF_BOUNDS, 0, a, n,
                        outerLoopOnly.contains(current) ? OUTER_LOOP_FALSE : COLD_FALSE);
            }
            String wide = tmp();
            line(wide + " = sext i32 " + idx + " to i64");
            String addr = tmp();
            line(addr + " = getelementptr inbounds " + storage + ", ptr " + data(array) + ", i64 " + wide);
            return addr;
        }

        // ------------------------------------------------------------ instructions

        private void inst(Inst inst) {
            switch (inst) {
                case Inst.Binary b -> binary(b);
                case Inst.Neg n -> {
                    if (n.type().isFloating()) line(name(n) + " = fneg " + fpFlags() + llvm(n.type()) + " " + operand(n.operand()));
                    else line(name(n) + " = sub " + llvm(n.type()) + " 0, " + operand(n.operand()));
                }
                case Inst.Convert c -> convert(c);
                case Inst.Compare c -> compare(c);
                case Inst.ArrayLength a -> {
                    nullCheck(a.array(), a.nullMessage());
                    names.put(a, len(a.array()));
                }
                case Inst.ArrayLoad l -> {
                    String addr = elementAddress(l.elem(), l.array(), l.index(), l.nullMessage());
                    String raw = l.elem().bytes < 4 ? tmp() : name(l);
                    line(raw + " = load " + storage(l.elem()) + ", ptr " + addr + ", align " + l.elem().bytes);
                    if (l.elem().bytes < 4) {
                        line(name(l) + " = " + (l.elem().signed ? "sext " : "zext ") + storage(l.elem()) + " " + raw + " to i32");
                    }
                }
                case Inst.ArrayStore s -> {
                    String addr = elementAddress(s.elem(), s.array(), s.index(), s.nullMessage());
                    String v = operand(s.value());
                    if (s.elem() == Elem.BOOLEAN) {
                        String bit = tmp();
                        line(bit + " = and i32 " + v + ", 1");
                        v = bit;
                    }
                    if (s.elem().bytes < 4) {
                        String narrow = tmp();
                        line(narrow + " = trunc i32 " + v + " to " + storage(s.elem()));
                        v = narrow;
                    }
                    line("store " + storage(s.elem()) + " " + v + ", ptr " + addr + ", align " + s.elem().bytes);
                }
                case Inst.AddressAlignment a -> AlignmentHint.emit(a, name(a), data(a.array()), operand(a.index()),
                        operand(a.from()), a.limit().type() instanceof Type.Array ? len(a.limit()) : operand(a.limit()),
                        storage(a.elem()), this::tmp, this::line);
                case Inst.Call c -> call(c);
                case Inst.IntrinsicCall c -> intrinsicCall(c);
                case Inst.ArrayCopy c -> arrayCopy(c);
                case Inst.RefLoad l -> {
                    String addr = elementAddress(ArrayHelpers.ROW, l.array(), l.index(), l.nullMessage());
                    line(data(l) + " = load ptr, ptr " + addr + ", align 8");
                    String plen = tmp(), wide = tmp();
                    line(plen + " = getelementptr inbounds i8, ptr " + addr + ", i64 8");
                    line(wide + " = load i64, ptr " + plen + ", align 8");
                    line(len(l) + " = trunc i64 " + wide + " to i32");
                }
                case Inst.RefStore st -> {
                    String addr = elementAddress(ArrayHelpers.ROW, st.array(), st.index(), st.nullMessage());
                    line("store ptr " + data(st.value()) + ", ptr " + addr + ", align 8");
                    String plen = tmp(), wide = tmp();
                    line(plen + " = getelementptr inbounds i8, ptr " + addr + ", i64 8");
                    line(wide + " = sext i32 " + len(st.value()) + " to i64");
                    line("store i64 " + wide + ", ptr " + plen + ", align 8");
                }
                case Inst.NewMultiArray m -> {
                    int depth = 1;
                    Type t = m.type();
                    while (t instanceof Type.RefArray r) {
                        depth++;
                        t = r.component();
                    }
                    StringBuilder dims = new StringBuilder();
                    for (int k = 0; k < ArrayHelpers.MAX_DIMS; k++) {
                        dims.append(", i32 ").append(k < m.dims().size() ? operand(m.dims().get(k)) : "0");
                    }
                    line(data(m) + " = call ptr " + arrays.multiNew() + "(ptr %fault, i32 " + m.dims().size() + ", i32 "
                            + depth + ", i64 " + ((Type.Array) t).elem().bytes + dims + ")");
                    line(len(m) + " = add i32 " + operand(m.dims().get(0)) + ", 0");
                    unwindIfNull(data(m));
                }
                case Inst.ArrayCopyOf c -> {
                    String d = data(c.src()), n = len(c.src());
                    line(data(c) + " = call ptr " + arrays.copyOf() + "(ptr %fault, ptr " + d + ", i32 " + n
                            + ", i32 " + operand(c.from()) + ", i32 " + operand(c.to()) + ", i32 " + c.kind().ordinal()
                            + ", i64 " + c.elem().bytes + ", i32 " + message(c.nullMessage()) + ", i32 "
                            + message("{a} > {b}") + ", " + arrays.arraycopyMessages(c.elem()) + ")");
                    switch (c.kind()) {
                        case CLONE -> line(len(c) + " = add i32 " + n + ", 0");
                        case COPY_OF -> line(len(c) + " = add i32 " + operand(c.to()) + ", 0");
                        case COPY_OF_RANGE -> line(len(c) + " = sub i32 " + operand(c.to()) + ", " + operand(c.from()));
                    }
                    unwindIfNull(data(c));
                }
                case Inst.ArrayFill fl -> {
                    String vt = llvm(fl.elem().computational);
                    String failed = tmp();
                    line(failed + " = call i1 " + arrays.fill(fl.elem(), storage(fl.elem()), vt) + "(ptr %fault, ptr "
                            + data(fl.array()) + ", i32 " + len(fl.array()) + ", i32 " + operand(fl.from()) + ", i32 "
                            + operand(fl.to()) + ", " + vt + " " + operand(fl.value()) + ", i32 " + (fl.ranged() ? 1 : 0)
                            + ", i32 " + message(fl.nullMessage()) + ", i32 " + message("fromIndex({a}) > toIndex({b})")
                            + ", i32 " + message("Array index out of range: {a}") + ")");
                    unwindIf(failed);
                }
                case Inst.NewArray n -> {
                    line(data(n) + " = call ptr " + arrays.newArray() + "(ptr %fault, i32 " + operand(n.length())
                            + ", i64 " + n.elem().bytes + ")");
                    line(len(n) + " = add i32 " + operand(n.length()) + ", 0");
                    String failed = tmp();
                    line(failed + " = icmp eq ptr " + data(n) + ", null");
                    String next = label + "." + splits++;
                    line("br i1 " + failed + ", label %unwind, label %" + next + ", !prof " + COLD_TRUE);
                    startBlock(next);
                }
            }
        }

        private void unwindIf(String cond) {
            String next = label + "." + splits++;
            line("br i1 " + cond + ", label %unwind, label %" + next + ", !prof " + COLD_TRUE);
            startBlock(next);
        }

        private void unwindIfNull(String pointer) {
            String failed = tmp();
            line(failed + " = icmp eq ptr " + pointer + ", null");
            unwindIf(failed);
        }

        /** System.arraycopy: arrays of different element types throw ArrayStoreException once neither is null. */
        private void arrayCopy(Inst.ArrayCopy c) {
            Elem se = c.src().type() instanceof Type.Array a ? a.elem() : null;
            Elem de = c.dst().type() instanceof Type.Array a ? a.elem() : null;
            if (se != null && de != null && se != de) {
                String bothSet = tmp(), s1 = tmp(), s2 = tmp();
                line(s1 + " = icmp ne ptr " + data(c.src()) + ", null");
                line(s2 + " = icmp ne ptr " + data(c.dst()) + ", null");
                line(bothSet + " = and i1 " + s1 + ", " + s2);
                faultIf(bothSet, false, Fault.NULL_POINTER, -1, "0", "0");
                String always = tmp();
                line(always + " = icmp eq i32 0, 0");
                faultIf(always, true, Fault.ARRAY_STORE, message("arraycopy: type mismatch: can not copy "
                        + se.javaName + "[] into " + de.javaName + "[]"), "0", "0");
                return;
            }
            Elem e = se != null ? se : de != null ? de : Elem.BYTE;
            // rows of arrays of arrays (same type: the front end refuses others) are 16-byte {ptr, length} entries
            boolean rows = c.src().type() instanceof Type.RefArray || c.dst().type() instanceof Type.RefArray;
            String failed = tmp();
            line(failed + " = call i1 " + arrays.arraycopy() + "(ptr %fault, ptr " + data(c.src()) + ", i32 " + len(c.src())
                    + ", i32 " + operand(c.srcPos()) + ", ptr " + data(c.dst()) + ", i32 " + len(c.dst()) + ", i32 "
                    + operand(c.dstPos()) + ", i32 " + operand(c.length()) + ", i64 " + (rows ? 16 : e.bytes) + ", "
                    + arrays.arraycopyMessages(rows ? "object array" : e.javaName) + ")");
            unwindIf(failed);
        }

        private String fpFlags() {
            return options.fastMath() ? "reassoc contract " : "";
        }

        private void binary(Inst.Binary b) {
            String t = llvm(b.type());
            String x = operand(b.left());
            String y = operand(b.right());
            String r = name(b);
            if (b.type().isFloating()) {
                String op = switch (b.op()) {
                    case ADD -> "fadd";
                    case SUB -> "fsub";
                    case MUL -> "fmul";
                    case DIV -> "fdiv";
                    case REM -> "frem";
                    default -> throw new IllegalStateException(b.op() + " on floating point");
                };
                line(r + " = " + op + " " + fpFlags() + t + " " + x + ", " + y);
                return;
            }
            switch (b.op()) {
                case ADD, SUB, MUL, AND, OR, XOR -> line(r + " = " + b.op().name().toLowerCase(Locale.ROOT) + " " + t + " " + x + ", " + y);
                case SHL, SHR, USHR -> {
                    String count = y;
                    if (b.type() == Type.Prim.I64) {
                        count = tmp();
                        line(count + " = zext i32 " + y + " to i64");
                    }
                    String masked = tmp();
                    line(masked + " = and " + t + " " + count + ", " + (b.type() == Type.Prim.I64 ? 63 : 31));
                    String op = b.op() == Inst.BinOp.SHL ? "shl" : b.op() == Inst.BinOp.SHR ? "ashr" : "lshr";
                    line(r + " = " + op + " " + t + " " + x + ", " + masked);
                }
                case DIV, REM -> {
                    String op = b.op() == Inst.BinOp.DIV ? "sdiv" : "srem";
                    long constant = b.right() instanceof Value.IntConst c ? c.value()
                            : b.right() instanceof Value.LongConst l ? l.value() : 0;
                    if (constant != 0 && constant != -1) {
                        line(r + " = " + op + " " + t + " " + x + ", " + y);
                        return;
                    }
                    if (b.canThrow()) {
                        String zero = tmp();
                        line(zero + " = icmp eq " + t + " " + y + ", 0");
                        faultIf(zero, true, Fault.DIVIDE_BY_ZERO, 0, "0", "0");
                    }
                    // sdiv and srem are undefined for MIN_VALUE / -1; Java gives MIN_VALUE and 0.
                    String minusOne = tmp();
                    line(minusOne + " = icmp eq " + t + " " + y + ", -1");
                    String safe = tmp();
                    line(safe + " = select i1 " + minusOne + ", " + t + " 1, " + t + " " + y);
                    if (b.op() == Inst.BinOp.REM) {
                        line(r + " = srem " + t + " " + x + ", " + safe); // x % 1 == 0 == x % -1
                    } else {
                        String q = tmp();
                        line(q + " = sdiv " + t + " " + x + ", " + safe);
                        String neg = tmp();
                        line(neg + " = sub " + t + " 0, " + x);
                        line(r + " = select i1 " + minusOne + ", " + t + " " + neg + ", " + t + " " + q);
                    }
                }
            }
        }

    private void convert(Inst.Convert c) {
            String x = operand(c.operand());
            String r = name(c);
            switch (c.op()) {
                case I2L -> line(r + " = sext i32 " + x + " to i64");
                case L2I -> line(r + " = trunc i64 " + x + " to i32");
                case I2F, I2D, L2F, L2D -> line(r + " = sitofp " + llvm(c.op().from) + " " + x + " to " + llvm(c.op().to));
                case F2D -> line(r + " = fpext float " + x + " to double");
                case D2F -> line(r + " = fptrunc double " + x + " to float");
                case F2I, F2L, D2I, D2L -> {
                    // clamped into fptosi's range, then converted: branch-free (FloatOps.conversion)
                    String to = llvm(c.op().to);
                    String from = llvm(c.op().from);
                    Intrinsic in = FloatOps.conversion(from, to);
                    intrinsics.putIfAbsent(in.symbol(), in);
                    line(r + " = call " + to + " " + global(in.symbol()) + "(" + from + " " + x + ")");
                }
                case I2B, I2C, I2S -> {
                    String narrow = c.op() == Inst.ConvOp.I2B ? "i8" : "i16";
                    String t = tmp();
                    line(t + " = trunc i32 " + x + " to " + narrow);
                    line(r + " = " + (c.op() == Inst.ConvOp.I2C ? "zext " : "sext ") + narrow + " " + t + " to i32");
                }
            }
        }

        private void compare(Inst.Compare c) {
            String t = llvm(c.left().type());
            String x = operand(c.left());
            String y = operand(c.right());
            String r = name(c);
            switch (c.op()) {
                case LCMP -> {
                    String gt = tmp(), lt = tmp(), g = tmp(), l = tmp();
                    line(gt + " = icmp sgt i64 " + x + ", " + y);
                    line(lt + " = icmp slt i64 " + x + ", " + y);
                    line(g + " = zext i1 " + gt + " to i32");
                    line(l + " = zext i1 " + lt + " to i32");
                    line(r + " = sub i32 " + g + ", " + l);
                }
                case CMPL -> {
                    String gt = tmp(), eq = tmp(), s = tmp();
                    line(gt + " = fcmp ogt " + t + " " + x + ", " + y);
                    line(eq + " = fcmp oeq " + t + " " + x + ", " + y);
                    line(s + " = select i1 " + eq + ", i32 0, i32 -1");
                    line(r + " = select i1 " + gt + ", i32 1, i32 " + s);
                }
                case CMPG -> {
                    String lt = tmp(), eq = tmp(), s = tmp();
                    line(lt + " = fcmp olt " + t + " " + x + ", " + y);
                    line(eq + " = fcmp oeq " + t + " " + x + ", " + y);
                    line(s + " = select i1 " + eq + ", i32 0, i32 1");
                    line(r + " = select i1 " + lt + ", i32 -1, i32 " + s);
                }
            }
        }

        private List<String> args(List<Value> values) {
            List<String> a = new ArrayList<>();
            for (Value v : values) {
                if (Type.isReference(v.type())) {
                    a.add("ptr " + data(v));
                    a.add("i32 " + len(v));
                } else {
                    a.add(typed(v));
                }
            }
            return a;
        }

        private void call(Inst.Call c) {
            List<String> a = args(c.args());
            boolean calleeFaults = calls.canFault(c.callee());
            if (calleeFaults) a.add("ptr %fault");
            String ret = returnType(c.type(), calleeFaults);
            String call = "call " + ret + " " + global(c.callee()) + "(" + String.join(", ", a) + ")";
            String value = null; // the callee's value (an array pair for arrays), once the fault flag is split off
            String failed = null;
            if (c.type() == Type.Void.VOID) {
                if (calleeFaults) line((failed = tmp()) + " = " + call);
                else line(call);
            } else if (!calleeFaults) {
                line((value = tmp()) + " = " + call);
            } else {
                // The callee says whether it faulted in its return value: nothing needs the frame pointer after
                // the call on the hot path, which keeps recursive frames small.
                String pair = tmp();
                line(pair + " = " + call);
                line((value = tmp()) + " = extractvalue " + ret + " " + pair + ", 0");
                line((failed = tmp()) + " = extractvalue " + ret + " " + pair + ", 1");
            }
            if (value != null) {
                if (Type.isArray(c.type())) {
                    line(data(c) + " = extractvalue " + ARRAY_PAIR + " " + value + ", 0");
                    line(len(c) + " = extractvalue " + ARRAY_PAIR + " " + value + ", 1");
                } else {
                    names.put(c, value);
                }
            }
            if (calleeFaults) {
                String next = label + "." + splits++;
                String out = "%unwind";
                if (calls.anyThrow()) {
                    // A throw unwinding through here records this call for the exception's stack trace.
                    out = "%trace" + faultBlocks.size();
                    faultBlocks.add(out.substring(1) + ":\n  call void " + TRACE + "(ptr %fault, i32 "
                            + callSite(c.site()) + ")\n  br label %unwind\n");
                }
                line("br i1 " + failed + ", label " + out + ", label %" + next + ", !prof " + COLD_TRUE);
                startBlock(next);
            }
        }

        private int callSite(SourceFrame site) {
            callSites.add(site != null ? site : new SourceFrame(f.method().owner().replace('/', '.'),
                    f.method().name(), null, -1));
            return callSites.size() - 1;
        }

        /** Stores the message's values in the frame's parameter slots and raises fault 6 for the site. */
        private void throwSite(Terminator.Throw t) {
            throwSites.add(t.site());
            int index = throwSites.size() - 1;
            for (int k = 0; k < t.values().size(); k++) {
                Value v = t.values().get(k);
                String slot = tmp();
                line(slot + " = getelementptr inbounds i8, ptr %fault, i64 " + (KernelAbi.FRAME_PARAMS + 8L * k));
                line("store " + typed(v) + ", ptr " + slot + ", align 8");
            }
            line("call void " + RAISE + "(ptr %fault, i32 " + Fault.THROW.code + ", i32 " + index + ", i64 0, i64 0)");
            line("br label %unwind");
        }

        private void intrinsicCall(Inst.IntrinsicCall c) {
            Intrinsic in = c.intrinsic();
            intrinsics.putIfAbsent(in.symbol(), in);
            String callee = global(in.symbol());
            String args = String.join(", ", args(c.args()));
            boolean isVoid = c.type() == Type.Void.VOID;
            if (in.fault().isEmpty()) {
                String call = "call " + (isVoid ? "void" : llvm(c.type())) + " " + callee + "(" + args + ")";
                line(isVoid ? call : name(c) + " = " + call);
                return;
            }
            Intrinsic.FaultSpec spec = in.fault().get();
            String flag;
            if (isVoid) {
                flag = tmp();
                line(flag + " = call i1 " + callee + "(" + args + ")");
            } else {
                String pair = "{ " + llvm(c.type()) + ", i1 }";
                String res = tmp();
                line(res + " = call " + pair + " " + callee + "(" + args + ")");
                line(name(c) + " = extractvalue " + pair + " " + res + ", 0");
                flag = tmp();
                line(flag + " = extractvalue " + pair + " " + res + ", 1");
            }
            int detail = spec.message() == null ? 0 : message(spec.message());
            faultIf(flag, true, spec.fault(), detail, "0", "0");
        }

        private void terminator(Terminator t) {
            switch (t) {
                case Terminator.Return r -> returnValue(r.value());
                case Terminator.Throw th -> throwSite(th);
                case Terminator.Jump j -> line("br label %" + blockLabel(j.to().target()) + AlignmentHint.loopMetadata(j.to().target()));
                case Terminator.Branch b -> {
                    String c = tmp();
                    line(c + " = " + condition(b));
                    String prof = switch (b.expect()) {
                        case UNKNOWN -> "";
                        case TRUE_RARE -> ", !prof " + RARE_TRUE;
                        case FALSE_RARE -> ", !prof " + RARE_FALSE;
                    };
                    line("br i1 " + c + ", label %" + blockLabel(b.ifTrue().target()) + ", label %"
                            + blockLabel(b.ifFalse().target()) + prof);
                }
                case Terminator.Switch s -> {
                    StringBuilder sb = new StringBuilder("switch i32 " + operand(s.key()) + ", label %" + blockLabel(s.otherwise().target()) + " [");
                    for (int k = 0; k < s.keys().size(); k++) {
                        sb.append(" i32 ").append(s.keys().get(k)).append(", label %").append(blockLabel(s.targets().get(k).target()));
                    }
                    line(sb.append(" ]").toString());
                }
            }
        }

        private String condition(Terminator.Branch b) {
            Value l = b.left();
            Value r = b.right();
            if (Type.isReference(l.type()) || l instanceof Value.NullConst) {
                return "icmp " + (b.rel() == Terminator.Rel.EQ ? "eq" : "ne") + " ptr " + data(l) + ", " + data(r);
            }
            Type.Prim t = (Type.Prim) l.type();
            if (t.isFloating()) {
                String pred = switch (b.rel()) {
                    case EQ -> "eq";
                    case NE -> "ne";
                    case LT -> "lt";
                    case GE -> "ge";
                    case GT -> "gt";
                    case LE -> "le";
                };
                return "fcmp " + (b.unorderedTaken() ? "u" : "o") + pred + " " + llvm(t) + " " + operand(l) + ", " + operand(r);
            }
            String pred = switch (b.rel()) {
                case EQ -> "eq";
                case NE -> "ne";
                case LT -> "slt";
                case GE -> "sge";
                case GT -> "sgt";
                case LE -> "sle";
            };
            return "icmp " + pred + " " + llvm(t) + " " + operand(l) + ", " + operand(r);
        }
    }

    // ---------------------------------------------------------------- text helpers

    static String llvm(Type t) {
        return switch (t) {
            case Type.Prim p -> switch (p) {
                case I32 -> "i32";
                case I64 -> "i64";
                case F32 -> "float";
                case F64 -> "double";
            };
            case Type.Void v -> "void";
            case Type.Array a -> "ptr";
            case Type.RefArray a -> "ptr";
            case Type.Null n -> "ptr";
        };
    }

    /**
     * The LLVM return type of a module function: a function that can fault also returns whether it did
     * ({@code i1} alone for void, else {@code { T, i1 }}).
     */
    static String returnType(Type t, boolean faults) {
        if (!faults) return valueType(t);
        return t == Type.Void.VOID ? "i1" : "{ " + valueType(t) + ", i1 }";
    }

    /** The LLVM type of a function's value: an array as {@code { ptr, i32 }}. */
    static String valueType(Type t) {
        if (Type.isArray(t)) return ARRAY_PAIR;
        return t == Type.Void.VOID ? "void" : llvm(t);
    }

    private static String storage(Elem e) {
        return switch (e) {
            case BOOLEAN, BYTE -> "i8";
            case SHORT, CHAR -> "i16";
            case INT -> "i32";
            case LONG -> "i64";
            case FLOAT -> "float";
            case DOUBLE -> "double";
        };
    }

    private static String zero(Type t) {
        return t == Type.Prim.F32 || t == Type.Prim.F64 ? "0.0" : "0";
    }

    /** A quoted global name; LLVM escapes bytes as backslash and two hex digits. */
    static String global(String name) {
        StringBuilder sb = new StringBuilder("@\"");
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) sb.append(String.format(Locale.ROOT, "\\%02X", c));
            else sb.append((char) c);
        }
        return sb.append('"').toString();
    }

    /** Doubles as exact hexadecimal bit patterns, so no value (NaN payloads, -0.0) is ever rounded or lost. */
    static String doubleLiteral(double d) {
        return String.format(Locale.ROOT, "0x%016X", Double.doubleToRawLongBits(d));
    }

    /** LLVM writes a float constant as the double with the same value (NaN: the payload moved to the top bits). */
    static String floatLiteral(float f) {
        if (Float.isNaN(f)) {
            int bits = Float.floatToRawIntBits(f);
            long sign = (long) (bits >>> 31) << 63;
            long mantissa = (long) (bits & 0x7fffff) << 29;
            return String.format(Locale.ROOT, "0x%016X", sign | 0x7ff0000000000000L | mantissa);
        }
        return doubleLiteral(f);
    }
}
