package dev.kiln.compiler.frontend;

import dev.kiln.compiler.frontend.BytecodeCfg.BcBlock;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Inst.BinOp;
import dev.kiln.compiler.ir.Inst.CmpOp;
import dev.kiln.compiler.ir.Inst.ConvOp;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Terminator.Rel;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.ThrowInstruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A block's last instruction when it transfers control: returns (narrowed to the declared type), {@code athrow},
 * switches and conditional branches (an {@code lcmp}/{@code fcmpX}/{@code dcmpX} feeding an {@code ifXX} becomes one
 * branch on the comparison, unordered when NaN takes it), each edge with the arguments of {@link SsaEdges}.
 */
final class ControlLowering {
    private final BytecodeCfg cfg;
    private final SsaEdges edges;
    private final MethodModel method;
    private final ReceiverLowering receiver;
    private final ThrowLowering throwing;
    private final java.util.function.BiFunction<Value, FrameState, Terminator> exit; // null, or a return when inline
    private Block current;

    ControlLowering(BytecodeCfg cfg, SsaEdges edges, MethodModel method, ReceiverLowering receiver, ThrowLowering throwing,
                    java.util.function.BiFunction<Value, FrameState, Terminator> exit) {
        this.exit = exit;
        this.cfg = cfg;
        this.edges = edges;
        this.method = method;
        this.receiver = receiver;
        this.throwing = throwing;
    }

    /** Handles the block's last instruction when it transfers control; false when it is an ordinary one. */
    boolean terminate(BcBlock b, Instruction insn, FrameState s, Block into) {
        current = into;
        switch (insn) {
            case ReturnInstruction r -> {
                Value v = r.opcode() == Opcode.RETURN ? null : s.pop();
                if (v != null && ValueObjects.of(v) == null) v = narrowReturn(v);
                if (exit != null) {
                    current.setTerminator(exit.apply(v, s));
                    return true;
                }
                if (ValueObjects.of(v) != null) throw cfg.unsupported(ValueObjects.escapes(ValueObjects.of(v), "returned from the kernel"));
                current.setTerminator(new Terminator.Return(v));
                return true;
            }
            case BranchInstruction br -> {
                branch(b, br, s);
                return true;
            }
            case ThrowInstruction t -> {
                current.setTerminator(throwing.athrow(s.pop()));
                return true;
            }
            case TableSwitchInstruction t -> {
                switchTo(b, s.pop(), t.cases(), t.defaultTarget(), s);
                return true;
            }
            case LookupSwitchInstruction l -> {
                switchTo(b, s.pop(), l.cases(), l.defaultTarget(), s);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private Value narrowReturn(Value v) {
        return switch (method.methodTypeSymbol().returnType().descriptorString()) {
            case "Z" -> add(new Inst.Binary(BinOp.AND, Type.Prim.I32, v, new Value.IntConst(1)));
            case "B" -> add(new Inst.Convert(ConvOp.I2B, v));
            case "C" -> add(new Inst.Convert(ConvOp.I2C, v));
            case "S" -> add(new Inst.Convert(ConvOp.I2S, v));
            default -> v;
        };
    }

    private void switchTo(BcBlock b, Value key, List<SwitchCase> cases, Label dflt, FrameState s) {
        List<Integer> keys = new ArrayList<>();
        List<BlockCall> targets = new ArrayList<>();
        for (SwitchCase c : cases) {
            keys.add(c.caseValue());
            targets.add(edges.edge(cfg.blocksByIndex.get(cfg.indexOf(c.target())), s, b));
        }
        BlockCall otherwise = edges.edge(cfg.blocksByIndex.get(cfg.indexOf(dflt)), s, b);
        current.setTerminator(new Terminator.Switch(key, keys, targets, otherwise));
    }

    private void branch(BcBlock b, BranchInstruction br, FrameState s) {
        Opcode op = br.opcode();
        BcBlock target = cfg.blocksByIndex.get(cfg.indexOf(br.target()));
        if (op == Opcode.GOTO || op == Opcode.GOTO_W) {
            current.setTerminator(new Terminator.Jump(edges.edge(target, s, b)));
            return;
        }
        Rel rel;
        boolean unordered = false;
        Value left;
        Value right;
        switch (op) {
            case IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE -> {
                rel = Rel.valueOf(op.name().substring(2));
                Value v = s.pop();
                if (v instanceof Inst.Compare cmp && !current.insts().isEmpty() && current.insts().getLast() == v
                        && !s.holds(v)) {
                    // lcmp/fcmpX/dcmpX feeding an ifXX: branch on the comparison itself.
                    current.insts().removeLast();
                    left = cmp.left();
                    right = cmp.right();
                    int nanResult = cmp.op() == CmpOp.CMPL ? -1 : 1;
                    unordered = cmp.op() != CmpOp.LCMP && holds(rel, nanResult);
                } else {
                    left = v;
                    right = new Value.IntConst(0);
                }
            }
            case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE -> {
                rel = Rel.valueOf(op.name().substring(7));
                right = s.pop();
                left = s.pop();
            }
            case IF_ACMPEQ, IF_ACMPNE -> {
                rel = Rel.valueOf(op.name().substring(7));
                right = s.pop();
                left = s.pop();
            }
            case IFNULL, IFNONNULL -> {
                rel = op == Opcode.IFNULL ? Rel.EQ : Rel.NE;
                left = s.pop();
                right = new Value.NullConst(Type.Null.NULL);
            }
            default -> throw cfg.unsupported("bytecode " + op.name().toLowerCase(Locale.ROOT));
        }
        receiver.refuseEscape(List.of(left, right), "comparison of this (" + op.name().toLowerCase(Locale.ROOT) + ")");
        ValueObjects.Obj compared = ValueObjects.first(List.of(left, right));
        if (compared != null) {
            throw cfg.unsupported(ValueObjects.escapes(compared, "compared by identity (" + op.name().toLowerCase(Locale.ROOT) + ")"));
        }
        if (left instanceof Value.Opaque || right instanceof Value.Opaque) {
            throw cfg.unsupported("comparison of a string or exception reference (" + op.name().toLowerCase(Locale.ROOT) + ")");
        }
        BlockCall taken = edges.edge(target, s, b);
        BlockCall fall = edges.edge(cfg.blocksByIndex.get(b.end), s, b);
        current.setTerminator(new Terminator.Branch(rel, unordered, left, right, taken, fall));
    }

    private static boolean holds(Rel rel, int c) {
        return switch (rel) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case GE -> c >= 0;
            case GT -> c > 0;
            case LE -> c <= 0;
        };
    }

    private <T extends Inst> T add(T inst) {
        current.insts().add(inst);
        return inst;
    }
}
