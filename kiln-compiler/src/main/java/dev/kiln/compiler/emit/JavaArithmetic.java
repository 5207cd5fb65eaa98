package dev.kiln.compiler.emit;

import dev.kiln.compiler.intrinsics.FloatOps;
import dev.kiln.compiler.intrinsics.Intrinsic;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.runtime.abi.Fault;

import java.util.Locale;

import static dev.kiln.compiler.emit.LlvmEmitter.global;
import static dev.kiln.compiler.emit.LlvmEmitter.llvm;

/**
 * Java's arithmetic in LLVM IR, for one function body: wrapping integer operations, shift counts masked to the
 * width, division and remainder with the zero-divisor fault and the {@code MIN_VALUE / -1} case, saturating
 * float-to-int conversion ({@link FloatOps#conversion}), narrowing conversions, and {@code lcmp}/{@code fcmpl}/
 * {@code fcmpg} with their NaN results.
 */
final class JavaArithmetic {
    private final FunctionEmitter fn;

    JavaArithmetic(FunctionEmitter fn) {
        this.fn = fn;
    }

    void binary(Inst.Binary b) {
        String t = llvm(b.type());
        String x = fn.operand(b.left());
        String y = fn.operand(b.right());
        String r = fn.name(b);
        if (b.type().isFloating()) {
            String op = switch (b.op()) {
                case ADD -> "fadd";
                case SUB -> "fsub";
                case MUL -> "fmul";
                case DIV -> "fdiv";
                case REM -> "frem";
                default -> throw new IllegalStateException(b.op() + " on floating point");
            };
            fn.line(r + " = " + op + " " + fn.fpFlags() + t + " " + x + ", " + y);
            return;
        }
        switch (b.op()) {
            case ADD, SUB, MUL, AND, OR, XOR -> fn.line(r + " = " + b.op().name().toLowerCase(Locale.ROOT) + " " + t + " " + x + ", " + y);
            case SHL, SHR, USHR -> {
                String count = y;
                if (b.type() == Type.Prim.I64) {
                    count = fn.tmp();
                    fn.line(count + " = zext i32 " + y + " to i64");
                }
                String masked = fn.tmp();
                fn.line(masked + " = and " + t + " " + count + ", " + (b.type() == Type.Prim.I64 ? 63 : 31));
                String op = b.op() == Inst.BinOp.SHL ? "shl" : b.op() == Inst.BinOp.SHR ? "ashr" : "lshr";
                fn.line(r + " = " + op + " " + t + " " + x + ", " + masked);
            }
            case DIV, REM -> {
                String op = b.op() == Inst.BinOp.DIV ? "sdiv" : "srem";
                long constant = b.right() instanceof Value.IntConst c ? c.value()
                        : b.right() instanceof Value.LongConst l ? l.value() : 0;
                if (constant != 0 && constant != -1) {
                    fn.line(r + " = " + op + " " + t + " " + x + ", " + y);
                    return;
                }
                if (b.canThrow()) {
                    String zero = fn.tmp();
                    fn.line(zero + " = icmp eq " + t + " " + y + ", 0");
                    fn.faultIf(zero, true, Fault.DIVIDE_BY_ZERO, 0, "0", "0");
                }
                // sdiv and srem are undefined for MIN_VALUE / -1; Java gives MIN_VALUE and 0.
                String minusOne = fn.tmp();
                fn.line(minusOne + " = icmp eq " + t + " " + y + ", -1");
                String safe = fn.tmp();
                fn.line(safe + " = select i1 " + minusOne + ", " + t + " 1, " + t + " " + y);
                if (b.op() == Inst.BinOp.REM) {
                    fn.line(r + " = srem " + t + " " + x + ", " + safe); // x % 1 == 0 == x % -1
                } else {
                    String q = fn.tmp();
                    fn.line(q + " = sdiv " + t + " " + x + ", " + safe);
                    String neg = fn.tmp();
                    fn.line(neg + " = sub " + t + " 0, " + x);
                    fn.line(r + " = select i1 " + minusOne + ", " + t + " " + neg + ", " + t + " " + q);
                }
            }
        }
    }

    void convert(Inst.Convert c) {
        String x = fn.operand(c.operand());
        String r = fn.name(c);
        switch (c.op()) {
            case I2L -> fn.line(r + " = sext i32 " + x + " to i64");
            case L2I -> fn.line(r + " = trunc i64 " + x + " to i32");
            case I2F, I2D, L2F, L2D -> fn.line(r + " = sitofp " + llvm(c.op().from) + " " + x + " to " + llvm(c.op().to));
            case F2D -> fn.line(r + " = fpext float " + x + " to double");
            case D2F -> fn.line(r + " = fptrunc double " + x + " to float");
            case F2I, F2L, D2I, D2L -> {
                // clamped into fptosi's range, then converted: branch-free (FloatOps.conversion)
                String to = llvm(c.op().to);
                String from = llvm(c.op().from);
                Intrinsic in = fn.use(FloatOps.conversion(from, to));
                fn.line(r + " = call " + to + " " + global(in.symbol()) + "(" + from + " " + x + ")");
            }
            case I2B, I2C, I2S -> {
                String narrow = c.op() == Inst.ConvOp.I2B ? "i8" : "i16";
                String t = fn.tmp();
                fn.line(t + " = trunc i32 " + x + " to " + narrow);
                fn.line(r + " = " + (c.op() == Inst.ConvOp.I2C ? "zext " : "sext ") + narrow + " " + t + " to i32");
            }
        }
    }

    void compare(Inst.Compare c) {
        String t = llvm(c.left().type());
        String x = fn.operand(c.left());
        String y = fn.operand(c.right());
        String r = fn.name(c);
        switch (c.op()) {
            case LCMP -> {
                String gt = fn.tmp(), lt = fn.tmp(), g = fn.tmp(), l = fn.tmp();
                fn.line(gt + " = icmp sgt i64 " + x + ", " + y);
                fn.line(lt + " = icmp slt i64 " + x + ", " + y);
                fn.line(g + " = zext i1 " + gt + " to i32");
                fn.line(l + " = zext i1 " + lt + " to i32");
                fn.line(r + " = sub i32 " + g + ", " + l);
            }
            case CMPL -> {
                String gt = fn.tmp(), eq = fn.tmp(), s = fn.tmp();
                fn.line(gt + " = fcmp ogt " + t + " " + x + ", " + y);
                fn.line(eq + " = fcmp oeq " + t + " " + x + ", " + y);
                fn.line(s + " = select i1 " + eq + ", i32 0, i32 -1");
                fn.line(r + " = select i1 " + gt + ", i32 1, i32 " + s);
            }
            case CMPG -> {
                String lt = fn.tmp(), eq = fn.tmp(), s = fn.tmp();
                fn.line(lt + " = fcmp olt " + t + " " + x + ", " + y);
                fn.line(eq + " = fcmp oeq " + t + " " + x + ", " + y);
                fn.line(s + " = select i1 " + eq + ", i32 0, i32 1");
                fn.line(r + " = select i1 " + lt + ", i32 -1, i32 " + s);
            }
        }
    }
}
