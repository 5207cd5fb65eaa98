package dev.kiln.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** A control-flow edge: the target block and the arguments for its parameters. */
public record BlockCall(Block target, List<Value> args) {
    public BlockCall {
        args = List.copyOf(args);
        if (args.size() != target.params().size()) {
            throw new IllegalArgumentException("block " + target.id() + " takes " + target.params().size()
                    + " arguments, got " + args.size());
        }
    }

    public BlockCall mapArgs(UnaryOperator<Value> f) {
        return new BlockCall(target, args.stream().map(f).toList());
    }
}
