package dev.kiln.model;

import java.lang.invoke.MethodHandles;

/**
 * Full-privilege access to an application class (its static tables, fields, methods; defining classes beside it), for
 * the runtime and the compiler. On the class path every module reads every other and nothing is encapsulated; in a
 * named application module the package must be opened to {@code dev.kiln.runtime}, and the runtime, which requires no
 * application module, first has to read it.
 */
public final class UserAccess {
    private UserAccess() {
    }

    public static MethodHandles.Lookup privateLookup(Class<?> c) throws IllegalAccessException {
        UserAccess.class.getModule().addReads(c.getModule()); // no-op when either module is unnamed
        return MethodHandles.privateLookupIn(c, MethodHandles.lookup());
    }
}
