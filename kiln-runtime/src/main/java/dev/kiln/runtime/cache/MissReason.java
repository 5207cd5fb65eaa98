package dev.kiln.runtime.cache;

/** Why a kernel was not served from the cache; {@link #id()} is the stable name used in stats and messages. */
public enum MissReason {
    /** No entry of this kernel (class, method, descriptor) in any tier. */
    NO_ENTRY("no-entry"),
    /** Entries exist, but the kernel's code or a callee's differs (the detail names the method). */
    INPUTS_CHANGED("inputs-changed"),
    /** Entries exist for the same code, but with other compile options (the detail names them). */
    OPTIONS_CHANGED("options-changed"),
    /** Entries for this code exist, but each needs a CPU feature this host lacks. */
    TARGET_NOT_RUNNABLE("target-not-runnable"),
    /** The entry that would have served was corrupt (and was moved to quarantine when possible). */
    CORRUPT("corrupt"),
    /** Entries exist only from another compiler version. */
    OTHER_COMPILER("other-compiler"),
    /**
     * Trust is configured ({@code KILN_TRUST}) and the entry that would have served is unsigned, signed by a key not
     * trusted, or its signature does not match it; it is never loaded (and not moved: another process may trust it).
     */
    UNTRUSTED("untrusted"),
    /**
     * The compiler refuses the kernel (or a method it calls): the detail names the construct, class, method and line.
     * No bake can make an entry; the kernel runs as Java (in strict mode, its calls fail). Known only where
     * kiln-compiler is on the class path.
     */
    REFUSED("refused");

    private final String id;

    MissReason(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
