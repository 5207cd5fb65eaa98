package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Value;

import java.util.Map;

/** A value as a map key by identity (values are records: two equal-looking ones are still two values). */
record Identity(Value v) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Identity i && i.v == v;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(v);
    }

    /** An affine form's terms, keyed by identity, without its constant. */
    static Map<Identity, Long> terms(Affine a) {
        Map<Identity, Long> m = new java.util.HashMap<>();
        a.terms().forEach((v, c) -> m.put(new Identity(v), c));
        return m;
    }
}
