package dev.kiln.compiler.intrinsics;

import java.util.Optional;

/** The table of JDK methods Kiln compiles. Everything not here is refused by the front end. */
public final class Intrinsics {
    private Intrinsics() {
    }

    /** The intrinsic for an invokestatic of {@code owner.name descriptor} (owner in internal form), if Kiln has one. */
    public static Optional<Intrinsic> find(String owner, String name, String descriptor) {
        return Optional.empty();
    }
}
