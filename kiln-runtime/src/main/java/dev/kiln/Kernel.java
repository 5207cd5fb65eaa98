package dev.kiln;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as a kernel. {@code kiln bake} finds it; with the Kiln agent
 * ({@code -javaagent:kiln-agent.jar}) or build-time rewriting, calling the method runs its native code, and its
 * Java body when it cannot be served natively (see {@code docs/agent.md}). Kiln compiles any supported static method
 * on request through {@link Kiln}; the annotation only makes it discoverable and callable directly.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Kernel {
    /**
     * Compile this kernel with fast math (reassociation, contraction) even when the process-wide setting is off.
     * Part of the cache key, like the process-wide option; results may differ from Java's within what reassociation
     * allows. {@code false} (the default) leaves the process-wide setting ({@code kiln.fastMath}) in force.
     */
    boolean fastMath() default false;
}
