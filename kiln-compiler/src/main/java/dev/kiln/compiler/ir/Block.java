package dev.kiln.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** A basic block: parameters, straight-line instructions, one terminator. Mutable while a function is built. */
public final class Block {
    private final int id;
    private final List<Param> params = new ArrayList<>();
    private final List<Inst> insts = new ArrayList<>();
    private Terminator terminator;

    public Block(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public List<Param> params() {
        return params;
    }

    public List<Inst> insts() {
        return insts;
    }

    public Terminator terminator() {
        return terminator;
    }

    public void setTerminator(Terminator t) {
        this.terminator = t;
    }

    @Override
    public String toString() {
        return "b" + id;
    }
}
