package dev.kiln.cli;

import dev.kiln.model.MethodRef;

/**
 * A kernel as the command line names it: {@code com.acme.Losses#layer}, or with a descriptor when the name is
 * overloaded, {@code com.acme.Losses#layer([DI)D}.
 *
 * @param className  binary class name
 * @param method     method name
 * @param descriptor JVM descriptor, or null when not given
 */
public record KernelId(String className, String method, String descriptor) implements Comparable<KernelId> {
    /** @throws CliException (usage) when {@code text} is not {@code Class#method} or {@code Class#method(desc)ret} */
    public static KernelId parse(String text) {
        int hash = text.indexOf('#');
        if (hash <= 0 || hash == text.length() - 1) {
            throw CliException.usage("bad kernel name '" + text + "': expected Class#method, e.g. com.acme.Losses#layer");
        }
        String cls = text.substring(0, hash).replace('/', '.');
        String rest = text.substring(hash + 1);
        String desc = null;
        int paren = rest.indexOf('(');
        if (paren >= 0) {
            desc = rest.substring(paren);
            rest = rest.substring(0, paren);
            if (!desc.matches("\\([^()]*\\)[^()]+")) {
                throw CliException.usage("bad kernel name '" + text + "': the descriptor must look like (DDI)D");
            }
        }
        if (rest.isEmpty() || !cls.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")
                || !rest.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*")) {
            throw CliException.usage("bad kernel name '" + text + "': expected Class#method, e.g. com.acme.Losses#layer");
        }
        return new KernelId(cls, rest, desc);
    }

    public static KernelId of(MethodRef ref) {
        return new KernelId(ref.className(), ref.name(), ref.descriptor());
    }

    public String internalName() {
        return className.replace('.', '/');
    }

    public KernelId withoutDescriptor() {
        return new KernelId(className, method, null);
    }

    @Override
    public String toString() {
        return className + "#" + method + (descriptor == null ? "" : descriptor);
    }

    @Override
    public int compareTo(KernelId o) {
        return toString().compareTo(o.toString());
    }
}
