package dev.kiln.compiler.ir;

import java.util.List;

/** Every function of a kernel; {@code entry} is the kernel itself. */
public record IrModule(String entry, List<Function> functions) {
    public IrModule {
        functions = List.copyOf(functions);
    }

    public Function function(String name) {
        for (Function f : functions) if (f.name().equals(name)) return f;
        throw new IllegalArgumentException("no function " + name);
    }
}
