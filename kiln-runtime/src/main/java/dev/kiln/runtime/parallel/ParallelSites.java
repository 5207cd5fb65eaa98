package dev.kiln.runtime.parallel;

import dev.kiln.UnsupportedConstructException;

import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the parallel loops of one method's bytecode: the sequence javac emits for
 * {@code IntStream.range(a, b).parallel().forEach(i -> ...)} (or {@code .mapToDouble(...).sum()},
 * {@code .mapToLong(...).sum()}, {@code .map(...).sum()}), that is {@code invokestatic IntStream.range},
 * {@code invokeinterface parallel}, loads of the captured locals, the lambda's {@code invokedynamic}, the terminal
 * call(s). Any other use of {@code parallel()} is refused with its place in the source.
 */
final class ParallelSites {
    private static final String INT_STREAM = "java/util/stream/IntStream";

    /** One loop: element indices (in the code's element list) of the pieces, and what the lambda is. */
    record Site(int range, int parallel, int indy, List<Integer> terminal, ParallelLoop.Kind kind,
                DirectMethodHandleDesc body, List<ClassDesc> captures, int line) {
    }

    private ParallelSites() {
    }

    /** True for a method whose code calls {@code IntStream.parallel()}. */
    static boolean any(CodeAttribute code) {
        for (CodeElement e : code) if (e instanceof InvokeInstruction inv && isParallel(inv)) return true;
        return false;
    }

    static List<Site> find(CodeAttribute code, String className, String method) {
        List<CodeElement> els = code.elementList();
        Set<Label> targets = branchTargets(els);
        int[] lines = new int[els.size()];
        int[] bcis = new int[els.size()];
        int line = -1;
        int bci = 0;
        for (int k = 0; k < els.size(); k++) {
            if (els.get(k) instanceof LineNumber ln) line = ln.line();
            lines[k] = line;
            bcis[k] = bci;
            if (els.get(k) instanceof Instruction i) bci += i.sizeInBytes();
        }
        List<Site> sites = new ArrayList<>();
        for (int k = 0; k < els.size(); k++) {
            if (!(els.get(k) instanceof InvokeInstruction inv) || !isParallel(inv)) continue;
            int siteLine = lines[k];
            int siteBci = bcis[k];
            Refuser no = what -> new UnsupportedConstructException(className, method, siteLine, siteBci,
                    "parallel stream (" + what + "; the form is IntStream.range(a, b).parallel() then forEach(i -> ...),"
                            + " mapToDouble(i -> ...).sum(), mapToLong(i -> ...).sum() or map(i -> ...).sum())",
                    List.of(className + "." + method));
            int range = previous(els, k, targets);
            if (range < 0 || !(els.get(range) instanceof InvokeInstruction r) || r.opcode() != Opcode.INVOKESTATIC
                    || !r.owner().asInternalName().equals(INT_STREAM) || !r.name().equalsString("range")) {
                throw no.at("parallel() not called directly on IntStream.range(a, b)");
            }
            List<ClassDesc> captures = new ArrayList<>();
            int at = following(els, k, targets);
            while (at >= 0 && els.get(at) instanceof LoadInstruction) at = following(els, at, targets);
            if (at < 0 || !(els.get(at) instanceof InvokeDynamicInstruction indy)) {
                throw no.at("the operation after parallel() takes something other than a lambda or method reference "
                        + "capturing local variables");
            }
            int indyAt = at;
            int t1 = following(els, at, targets);
            if (t1 < 0 || !(els.get(t1) instanceof InvokeInstruction op) || !op.owner().asInternalName().equals(INT_STREAM)) {
                throw no.at("no stream operation after the lambda");
            }
            ParallelLoop.Kind kind;
            List<Integer> terminal = new ArrayList<>(List.of(t1));
            String opName = op.name().stringValue();
            if (opName.equals("forEach")) {
                kind = ParallelLoop.Kind.FOR_EACH;
            } else {
                String stream = switch (opName) {
                    case "mapToDouble" -> "java/util/stream/DoubleStream";
                    case "mapToLong" -> "java/util/stream/LongStream";
                    case "map" -> INT_STREAM;
                    default -> throw no.at("IntStream." + opName + " (only forEach and map/mapToDouble/mapToLong then sum)");
                };
                int t2 = following(els, t1, targets);
                if (t2 < 0 || !(els.get(t2) instanceof InvokeInstruction sum) || !sum.owner().asInternalName().equals(stream)
                        || !sum.name().equalsString("sum")) {
                    throw no.at("IntStream." + opName + "(...) not followed directly by sum()");
                }
                terminal.add(t2);
                kind = switch (opName) {
                    case "mapToDouble" -> ParallelLoop.Kind.SUM_DOUBLE;
                    case "mapToLong" -> ParallelLoop.Kind.SUM_LONG;
                    default -> ParallelLoop.Kind.SUM_INT;
                };
            }
            DirectMethodHandleDesc body = lambdaBody(indy, no);
            captures.addAll(indy.typeSymbol().parameterList());
            for (ClassDesc c : captures) {
                ClassDesc e = c;
                while (e.isArray()) e = e.componentType();
                if (!e.isPrimitive()) {
                    throw no.at("the lambda captures " + c.displayName() + " (only primitives and primitive arrays)");
                }
            }
            List<ClassDesc> params = new ArrayList<>(captures);
            params.add(java.lang.constant.ConstantDescs.CD_int);
            MethodTypeDesc want = MethodTypeDesc.of(ClassDesc.ofDescriptor(kind.result.descriptorString()), params);
            if (!MethodTypeDesc.ofDescriptor(body.lookupDescriptor()).equals(want)) {
                throw no.at("the lambda's method " + body.methodName() + body.lookupDescriptor() + " is not " + want.descriptorString());
            }
            sites.add(new Site(range, k, indyAt, terminal, kind, body, captures, lines[k]));
        }
        return sites;
    }

    private interface Refuser {
        UnsupportedConstructException at(String what);
    }

    /** The static method a LambdaMetafactory call site runs (a lambda's body or a static method reference). */
    private static DirectMethodHandleDesc lambdaBody(InvokeDynamicInstruction indy, Refuser no) {
        DirectMethodHandleDesc bsm = indy.bootstrapMethod();
        if (!bsm.owner().descriptorString().equals("Ljava/lang/invoke/LambdaMetafactory;")
                || !bsm.methodName().equals("metafactory")) {
            throw no.at("invokedynamic " + bsm.methodName() + " is not a lambda");
        }
        List<ConstantDesc> args = indy.bootstrapArgs();
        if (args.size() < 2 || !(args.get(1) instanceof DirectMethodHandleDesc body)
                || (body.kind() != DirectMethodHandleDesc.Kind.STATIC
                && body.kind() != DirectMethodHandleDesc.Kind.INTERFACE_STATIC)) {
            throw no.at("the lambda uses this or is a method reference to an instance method");
        }
        return body;
    }

    private static boolean isParallel(InvokeInstruction inv) {
        return inv.owner().asInternalName().equals(INT_STREAM) && inv.name().equalsString("parallel");
    }

    /** The instruction before {@code k}, or -1 when a branch target lies between. */
    private static int previous(List<CodeElement> els, int k, Set<Label> targets) {
        for (int j = k - 1; j >= 0; j--) {
            CodeElement e = els.get(j);
            if (e instanceof LabelTarget t && targets.contains(t.label())) return -1;
            if (e instanceof Instruction) return j;
        }
        return -1;
    }

    /** The instruction after {@code k}, or -1 when a branch target lies between. */
    private static int following(List<CodeElement> els, int k, Set<Label> targets) {
        for (int j = k + 1; j < els.size(); j++) {
            CodeElement e = els.get(j);
            if (e instanceof LabelTarget t && targets.contains(t.label())) return -1;
            if (e instanceof Instruction) return j;
        }
        return -1;
    }

    private static Set<Label> branchTargets(List<CodeElement> els) {
        Set<Label> s = new HashSet<>();
        for (CodeElement e : els) {
            switch (e) {
                case BranchInstruction b -> s.add(b.target());
                case TableSwitchInstruction t -> {
                    s.add(t.defaultTarget());
                    t.cases().forEach(c -> s.add(c.target()));
                }
                case LookupSwitchInstruction t -> {
                    s.add(t.defaultTarget());
                    t.cases().forEach(c -> s.add(c.target()));
                }
                case ExceptionCatch c -> {
                    s.add(c.handler());
                    s.add(c.tryStart());
                    s.add(c.tryEnd());
                }
                default -> {
                }
            }
        }
        return s;
    }
}
