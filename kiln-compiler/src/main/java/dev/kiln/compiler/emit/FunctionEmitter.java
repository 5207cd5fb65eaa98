package dev.kiln.compiler.emit;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.intrinsics.Intrinsic;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.runtime.abi.Fault;
import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.abi.SourceFrame;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kiln.compiler.emit.FaultProtocol.COLD_FALSE;
import static dev.kiln.compiler.emit.FaultProtocol.COLD_TRUE;
import static dev.kiln.compiler.emit.FaultProtocol.OUTER_LOOP_FALSE;
import static dev.kiln.compiler.emit.FaultProtocol.RAISE;
import static dev.kiln.compiler.emit.FaultProtocol.TRACE;
import static dev.kiln.compiler.emit.LlvmEmitter.ARRAY_PAIR;
import static dev.kiln.compiler.emit.LlvmEmitter.RARE_FALSE;
import static dev.kiln.compiler.emit.LlvmEmitter.RARE_TRUE;
import static dev.kiln.compiler.emit.LlvmEmitter.UNPREDICTABLE;
import static dev.kiln.compiler.emit.LlvmEmitter.RSP;
import static dev.kiln.compiler.emit.LlvmEmitter.doubleLiteral;
import static dev.kiln.compiler.emit.LlvmEmitter.floatLiteral;
import static dev.kiln.compiler.emit.LlvmEmitter.global;
import static dev.kiln.compiler.emit.LlvmEmitter.llvm;
import static dev.kiln.compiler.emit.LlvmEmitter.returnType;
import static dev.kiln.compiler.emit.LlvmEmitter.storage;

/**
 * One IR function as an LLVM function: parameters (an array as data pointer and length), the stack check of a
 * function in a recursive cycle, one LLVM block per IR block with phis for its parameters, each instruction with
 * Java's null and bounds checks, calls that pass the fault flag up, and the function's cold fault blocks and
 * {@code unwind} exit. Arithmetic is {@link JavaArithmetic}'s.
 */
final class FunctionEmitter {
    private final CompileOptions options;
    private final CallGraph calls;
    private final InlinePolicy inlining;
    private final Set<String> declarations;
    private final ConstTables constTables;
    private final Map<String, Intrinsic> intrinsics;
    private final FaultProtocol protocol;
    private final ArrayHelpers arrays;
    private final JavaArithmetic arithmetic = new JavaArithmetic(this);
    private final ArrayInstructions arrayOps;
    private final Function f;
    private final boolean faults;
    private final Map<Value, String> names = new IdentityHashMap<>();
    private final Map<Block, String> exitLabel = new IdentityHashMap<>();
    private final List<String> faultBlocks = new ArrayList<>();
    private final ReturnBlock returns;
    private StringBuilder out;
    private String label;
    private int temp;
    private int splits;
    /** The Kiln block being emitted, as a label: blocks split off it are named base.n (not base.n.m...: long names fail to parse). */
    private String base = "entry";

    private final Set<Block> outerLoopOnly;
    /** The allocation that takes the Java side's result array (see {@link ResultSite}), or null. */
    private final Inst resultSite;
    private Block current;
    private final java.util.Set<Inst> stackArrays;
    /** The entry block's allocas of {@link StackArrays}, placed there so that LLVM can promote them. */
    private final StringBuilder allocas = new StringBuilder();

    /** Which body of an unrolled recursive function this is: 0 the original, else an always-inlined copy. */
    private final int copy;

    FunctionEmitter(LlvmEmitter module, Function f) {
        this(module, f, 0);
    }

    FunctionEmitter(LlvmEmitter module, Function f, int copy) {
        this.copy = copy;
        this.options = module.options;
        this.calls = module.calls;
        this.inlining = module.inlining;
        this.declarations = module.declarations;
        this.constTables = module.constTables;
        this.intrinsics = module.intrinsics;
        this.protocol = module.faults;
        this.arrays = module.arrays;
        this.arrayOps = new ArrayInstructions(this, module.arrays, module.faults, module.resultSite);
        this.f = f;
        this.outerLoopOnly = options.boundsChecks() ? LoopNest.outerOnlyBlocks(f) : Set.of();
        this.resultSite = module.resultSite == null ? null : module.resultSite.site();
        this.faults = calls.canFault(f.name());
        this.returns = new ReturnBlock(f.returnType(), retType());
        this.stackArrays = module.stackArrays;
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
        String symbol = InlinePolicy.copyName(f.name(), copy);
        boolean inline = copy > 0 || inlining.alwaysInline(f.name());
        sb.append("define internal ").append(retType()).append(' ').append(global(symbol))
                .append('(').append(String.join(", ", params)).append(inline ? ") #2 {\n" : ") #0 {\n");

        // The LLVM entry block may not be a branch target, so it only checks the stack and jumps.
        out = new StringBuilder();
        label = base = "entry";
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
        StringBuilder entryBody = out;

        Map<Block, List<Incoming>> incoming = new IdentityHashMap<>();
        Map<Block, StringBuilder> bodies = new LinkedHashMap<>();
        for (Block b : f.blocks()) {
            out = new StringBuilder();
            current = b;
            label = base = blockLabel(b);
            for (Inst i : b.insts()) inst(i);
            terminator(b.terminator());
            exitLabel.put(b, label);
            bodies.put(b, out);
            for (BlockCall e : b.terminator().successors()) {
                incoming.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(new Incoming(b, e));
            }
        }
        sb.append("entry:\n").append(allocas).append(entryBody);
        for (Block b : f.blocks()) {
            sb.append(blockLabel(b)).append(":\n");
            if (b != f.entry()) sb.append(phis(b, incoming.getOrDefault(b, List.of())));
            sb.append(bodies.get(b));
        }
        for (String fb : faultBlocks) sb.append(fb);
        if (faults && f.returnType() != Type.Void.VOID) sb.append(returns.text());
        else if (faults) sb.append("unwind:\n  ret i1 true\n"); // a void function's flag, set
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
            String op = value.substring(value.startsWith(ARRAY_PAIR) ? ARRAY_PAIR.length() + 1 : value.indexOf(' ') + 1);
            returns.add(op, label);
            line("br label %ret");
        }
    }

    // ------------------------------------------------------------ values

    String name(Value v) {
        return names.computeIfAbsent(v, k -> "%v" + names.size());
    }

    String operand(Value v) {
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

    String data(Value v) {
        if (v instanceof Value.ConstArray c) return constTables.global(c);
        return v instanceof Value.NullConst ? "null" : name(v) + ".d";
    }

    String len(Value v) {
        if (v instanceof Value.ConstArray c) return Integer.toString(c.length());
        return v instanceof Value.NullConst ? "0" : name(v) + ".n";
    }

    String tmp() {
        return "%t" + temp++;
    }

    void line(String s) {
        out.append("  ").append(s).append('\n');
    }

    private String blockLabel(Block b) {
        return "b" + b.id();
    }

    /** Ends the current LLVM block with a cold branch to a new fault block when {@code cond == faultWhen}. */
    void faultIf(String cond, boolean faultWhen, Fault fault, int detail, String a, String b) {
        faultIf(cond, faultWhen, fault, detail, a, b, faultWhen ? COLD_TRUE : COLD_FALSE);
    }

    private void faultIf(String cond, boolean faultWhen, Fault fault, int detail, String a, String b, String prof) {
        String faultLabel = "fault" + faultBlocks.size();
        String next = base + "." + splits++;
        if (faultWhen) line("br i1 " + cond + ", label %" + faultLabel + ", label %" + next + ", !prof " + prof);
        else line("br i1 " + cond + ", label %" + next + ", label %" + faultLabel + ", !prof " + prof);
        faultBlocks.add(FaultProtocol.faultBlock(faultLabel, fault, detail, a, b));
        startBlock(next);
    }

    private void startBlock(String l) {
        out.append(l).append(":\n");
        label = l;
    }

    private void nullCheck(Value array, String message) {
        String isNull = tmp();
        line(isNull + " = icmp eq ptr " + data(array) + ", null");
        faultIf(isNull, true, Fault.NULL_POINTER, protocol.message(message), "0", "0");
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
        return uncheckedAddress(storage, array, index);
    }

    /** The element's address without checks (a pass proved them redundant: see {@code RangeCheckVersioning}). */
    private String uncheckedAddress(String storage, Value array, Value index) {
        String wide = operand(index);
        if (index.type() != Type.Prim.I64) {
            wide = tmp();
            line(wide + " = sext i32 " + operand(index) + " to i64");
        }
        String addr = tmp();
        line(addr + " = getelementptr inbounds " + storage + ", ptr " + data(array) + ", i64 " + wide);
        return addr;
    }

    // ------------------------------------------------------------ instructions

    private void inst(Inst inst) {
        switch (inst) {
            case Inst.Binary b -> arithmetic.binary(b);
            case Inst.Neg n -> {
                if (n.type().isFloating()) line(name(n) + " = fneg " + fpFlags() + llvm(n.type()) + " " + operand(n.operand()));
                else line(name(n) + " = sub " + llvm(n.type()) + " 0, " + operand(n.operand()));
            }
            case Inst.Convert c -> arithmetic.convert(c);
            case Inst.Compare c -> arithmetic.compare(c);
            case Inst.ArrayLength a -> {
                nullCheck(a.array(), a.nullMessage());
                names.put(a, len(a.array()));
            }
            case Inst.ArrayLoad l -> {
                String addr = l.unchecked() ? uncheckedAddress(storage(l.elem()), l.array(), l.index())
                        : elementAddress(l.elem(), l.array(), l.index(), l.nullMessage());
                String raw = l.elem().bytes < 4 ? tmp() : name(l);
                line(raw + " = load " + storage(l.elem()) + ", ptr " + addr + ", align " + l.elem().bytes);
                if (l.elem().bytes < 4) {
                    line(name(l) + " = " + (l.elem().signed ? "sext " : "zext ") + storage(l.elem()) + " " + raw + " to i32");
                }
            }
            case Inst.ArrayStore s -> {
                String addr = s.unchecked() ? uncheckedAddress(storage(s.elem()), s.array(), s.index())
                        : elementAddress(s.elem(), s.array(), s.index(), s.nullMessage());
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
            case Inst.ArrayCopy c -> arrayOps.arrayCopy(c);
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
            case Inst.NewMultiArray m -> arrayOps.newMultiArray(m);
            case Inst.ArrayCopyOf c -> arrayOps.copyOf(c);
            case Inst.ArrayFill fl -> arrayOps.fill(fl);
            case Inst.NewArray n when stackArrays.contains(n) -> {
                // Its length is a small constant: no size fault; the heap limit is the JVM's maximum heap.
                int bytes = StackArrays.bytes(n);
                String slot = "%stack" + allocas.length();
                allocas.append("  ").append(slot).append(" = alloca [").append(Math.max(bytes, 1)).append(" x i8], align 16\n");
                declarations.add("declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)");
                line("call void @llvm.memset.p0.i64(ptr align 16 " + slot + ", i8 0, i64 " + bytes + ", i1 false)");
                line(data(n) + " = getelementptr inbounds i8, ptr " + slot + ", i64 0");
                line(len(n) + " = add i32 " + operand(n.length()) + ", 0");
            }
            case Inst.NewArray n -> {
                String allocate = n == resultSite ? arrays.newResult() : arrays.newArray();
                line(data(n) + " = call ptr " + allocate + "(ptr %fault, i32 " + operand(n.length())
                        + ", i64 " + n.elem().bytes + ")");
                line(len(n) + " = add i32 " + operand(n.length()) + ", 0");
                String failed = tmp();
                line(failed + " = icmp eq ptr " + data(n) + ", null");
                String next = base + "." + splits++;
                line("br i1 " + failed + ", label %unwind, label %" + next + ", !prof " + COLD_TRUE);
                startBlock(next);
            }
        }
    }

    /** Registers an intrinsic the module must define (once). */
    Intrinsic use(Intrinsic in) {
        intrinsics.putIfAbsent(in.symbol(), in);
        return in;
    }

    void unwindIf(String cond) {
        String next = base + "." + splits++;
        line("br i1 " + cond + ", label %unwind, label %" + next + ", !prof " + COLD_TRUE);
        startBlock(next);
    }

    void unwindIfNull(String pointer) {
        String failed = tmp();
        line(failed + " = icmp eq ptr " + pointer + ", null");
        unwindIf(failed);
    }

    String fpFlags() {
        return options.fastMath() ? "reassoc contract " : "";
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
        String call = "call " + ret + " " + global(callTarget(c.callee())) + "(" + String.join(", ", a) + ")";
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
            String next = base + "." + splits++;
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

    /**
     * Around a recursive cycle, body k calls body k + 1 of an unrolled callee and the last copy calls the original
     * ({@link InlinePolicy#unrolled}), so the always-inlined copies put several levels in each frame and the inlining
     * ends at an original.
     */
    private String callTarget(String callee) {
        if (inlining.unrolled(callee) && calls.sameCycle(f.name(), callee)) {
            return InlinePolicy.copyName(callee, (copy + 1) % InlinePolicy.LEVELS);
        }
        return callee;
    }

    private int callSite(SourceFrame site) {
        return protocol.callSite(site, f);
    }

    /** Stores the message's values in the frame's parameter slots and raises fault 6 for the site. */
    private void throwSite(Terminator.Throw t) {
        int index = protocol.throwSite(t.site());
        for (int k = 0; k < t.values().size(); k++) {
            Value v = t.values().get(k);
            String slot = tmp();
            line(slot + " = getelementptr inbounds i8, ptr %fault, i64 " + (KernelAbi.FRAME_PARAMS + 8L * k));
            line("store " + typed(v) + ", ptr " + slot + ", align 8");
        }
        line("call void " + RAISE + "(ptr %fault, i32 " + Fault.THROW.code + ", i32 " + index + ", i64 0, i64 0)");
        for (SourceFrame caller : t.inlinedCallers()) line("call void " + TRACE + "(ptr %fault, i32 " + callSite(caller) + ")");
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
        int detail = spec.message() == null ? 0 : protocol.message(spec.message());
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
                    case UNPREDICTABLE -> ", !unpredictable " + UNPREDICTABLE;
                    case KEPT -> ", !prof " + RARE_FALSE;
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
