package dev.kiln.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The last instruction of a block. */
public sealed interface Terminator {
    List<BlockCall> successors();

    List<Value> operands();

    /** The same terminator with operands mapped by {@code f} and each edge replaced by {@code edges(edge)}. */
    Terminator rewrite(UnaryOperator<Value> f, UnaryOperator<BlockCall> edges);

    default Terminator mapOperands(UnaryOperator<Value> f) {
        return rewrite(f, e -> e.mapArgs(f));
    }

    record Jump(BlockCall to) implements Terminator {
        public List<BlockCall> successors() { return List.of(to); }
        public List<Value> operands() { return List.of(); }
        public Terminator rewrite(UnaryOperator<Value> f, UnaryOperator<BlockCall> edges) { return new Jump(edges.apply(to)); }
    }

    enum Rel {
        EQ, NE, LT, GE, GT, LE;

        /** The relation that holds exactly when this one does not. */
        public Rel negated() {
            return switch (this) {
                case LT -> GE;
                case GE -> LT;
                case GT -> LE;
                case LE -> GT;
                case EQ -> NE;
                case NE -> EQ;
            };
        }
    }

    /** What the code generator may assume about how often each edge of a {@link Branch} is taken. */
    enum Expect {
        /** Nothing known: LLVM weighs the edges itself (and may turn the branch into selects). */
        UNKNOWN,
        /** The {@code ifTrue} edge is taken rarely. */
        TRUE_RARE,
        /** The {@code ifFalse} edge is taken rarely. */
        FALSE_RARE,
        /**
         * Either edge as often as the other, with no pattern: better as selects ({@code cmov}) than as a branch,
         * even in a loop where LLVM's x86 back end would otherwise turn selects back into branches.
         */
        UNPREDICTABLE,
        /**
         * Kept a branch, never selects, though either edge may be as frequent as the other: its outcome predicts later
         * branches (a search whose result decides them), which the branch predictor learns from its history only
         * while it is a branch. Emitted with weights above SimplifyCFG's 99% (its one reason to leave a branch).
         */
        KEPT
    }

    /**
     * Two-way branch on {@code left rel right}. Integers compare signed; references compare for identity (only EQ,
     * NE). For floating point, {@code unorderedTaken} says whether a NaN operand takes the {@code ifTrue} edge
     * (this is how {@code fcmpl/fcmpg} followed by {@code ifXX} fold into one comparison). {@code expect} is a hint
     * for code generation only; it never changes which edge runs.
     */
    record Branch(Rel rel, boolean unorderedTaken, Value left, Value right, BlockCall ifTrue, BlockCall ifFalse,
                  Expect expect) implements Terminator {
        public Branch {
            if (expect == null) throw new IllegalArgumentException("expect is null: use Expect.UNKNOWN");
        }

        public Branch(Rel rel, boolean unorderedTaken, Value left, Value right, BlockCall ifTrue, BlockCall ifFalse) {
            this(rel, unorderedTaken, left, right, ifTrue, ifFalse, Expect.UNKNOWN);
        }

        public List<BlockCall> successors() { return List.of(ifTrue, ifFalse); }
        public List<Value> operands() { return List.of(left, right); }
        public Terminator rewrite(UnaryOperator<Value> f, UnaryOperator<BlockCall> edges) {
            return new Branch(rel, unorderedTaken, f.apply(left), f.apply(right), edges.apply(ifTrue), edges.apply(ifFalse),
                    expect);
        }

        /** This branch with {@code e} as its hint. */
        public Branch withExpect(Expect e) {
            return new Branch(rel, unorderedTaken, left, right, ifTrue, ifFalse, e);
        }
    }

    /** Multi-way branch on an I32; keys are distinct. */
    record Switch(Value key, List<Integer> keys, List<BlockCall> targets, BlockCall otherwise) implements Terminator {
        public Switch {
            keys = List.copyOf(keys);
            targets = List.copyOf(targets);
            if (keys.size() != targets.size()) throw new IllegalArgumentException("keys and targets differ in size");
        }
        public List<BlockCall> successors() {
            List<BlockCall> all = new ArrayList<>(targets);
            all.add(otherwise);
            return all;
        }
        public List<Value> operands() { return List.of(key); }
        public Terminator rewrite(UnaryOperator<Value> f, UnaryOperator<BlockCall> edges) {
            return new Switch(f.apply(key), keys, targets.stream().map(edges).toList(), edges.apply(otherwise));
        }
    }

    /**
     * {@code throw new T(...)}: leaves the function with fault code 11 for {@code site}; {@code values} are the
     * primitive values the message is built from, in the order of the site's parts.
     */
    /**
     * A throw; {@code inlinedCallers} are the call sites of the methods lowered inline around it, innermost first,
     * which the stack trace lists after the throw's own frame as HotSpot would.
     */
    record Throw(dev.kiln.runtime.abi.ThrowSite site, List<Value> values,
                 List<dev.kiln.runtime.abi.SourceFrame> inlinedCallers) implements Terminator {
        public Throw {
            values = List.copyOf(values);
            inlinedCallers = List.copyOf(inlinedCallers);
        }

        public Throw(dev.kiln.runtime.abi.ThrowSite site, List<Value> values) {
            this(site, values, List.of());
        }
        public List<BlockCall> successors() { return List.of(); }
        public List<Value> operands() { return values; }
        public Terminator rewrite(UnaryOperator<Value> f, UnaryOperator<BlockCall> edges) {
            return new Throw(site, values.stream().map(f).toList(), inlinedCallers);
        }
    }

    /** Return {@code value}, or nothing when null. */
    record Return(Value value) implements Terminator {
        public List<BlockCall> successors() { return List.of(); }
        public List<Value> operands() { return value == null ? List.of() : List.of(value); }
        public Terminator rewrite(UnaryOperator<Value> f, UnaryOperator<BlockCall> edges) {
            return new Return(value == null ? null : f.apply(value));
        }
    }
}
