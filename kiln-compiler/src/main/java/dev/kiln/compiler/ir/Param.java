package dev.kiln.compiler.ir;

/**
 * A block parameter (the SSA merge: predecessors pass arguments through {@link BlockCall}s, as in Cranelift).
 * The entry block's parameters are the function's parameters. A class, not a record: each one is its own value.
 *
 * @param name a readable hint for printers (e.g. the Java local's name), may be empty
 */
public final class Param implements Value {
    private final Type type;
    private final String name;

    public Param(Type type, String name) {
        this.type = type;
        this.name = name;
    }

    @Override
    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Param[" + type + " " + name + "]";
    }
}
