package dev.kiln.compiler.ir;

import dev.kiln.model.MethodRef;

import java.util.List;

/**
 * One Java method in SSA form. The first block is the entry; its parameters are the method's parameters (arrays
 * as one value each). Blocks are listed so that every block comes after its immediate dominator.
 *
 * @param name       unique name in the module (the emitter quotes it)
 * @param method     the Java method this was built from
 * @param returnType the computational return type, or {@link Type.Void#VOID}
 * @param descriptor the Java method descriptor (keeps byte/char/short/boolean, which the entry ABI needs)
 */
public record Function(String name, MethodRef method, Type returnType, String descriptor, List<Block> blocks) {
    public Function {
        blocks = List.copyOf(blocks);
    }

    public Block entry() {
        return blocks.get(0);
    }

    public List<Param> params() {
        return entry().params();
    }
}
