package dev.kiln.model;

/**
 * A method named the way the JVM names it.
 *
 * @param owner      internal class name, e.g. {@code com/acme/Losses}
 * @param name       method name
 * @param descriptor method descriptor, e.g. {@code (DDD)D}
 */
public record MethodRef(String owner, String name, String descriptor) implements Comparable<MethodRef> {
    /** Binary class name, e.g. {@code com.acme.Losses}. */
    public String className() {
        return owner.replace('/', '.');
    }

    /** Readable form used in messages and miss reasons: {@code Losses.clip(DDD)D}. */
    public String display() {
        String simple = owner.substring(owner.lastIndexOf('/') + 1);
        return simple + "." + name + descriptor;
    }

    @Override
    public int compareTo(MethodRef o) {
        int c = owner.compareTo(o.owner);
        if (c == 0) c = name.compareTo(o.name);
        if (c == 0) c = descriptor.compareTo(o.descriptor);
        return c;
    }

    @Override
    public String toString() {
        return className() + "." + name + descriptor;
    }
}
