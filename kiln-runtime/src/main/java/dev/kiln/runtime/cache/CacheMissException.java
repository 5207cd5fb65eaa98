package dev.kiln.runtime.cache;

import dev.kiln.KilnException;

/**
 * Strict mode ({@code KILN_STRICT}): a kernel had to be compiled. Names the kernel and why the cache missed; for a
 * kernel the compiler refuses ({@link MissReason#REFUSED}), the refusal.
 */
public final class CacheMissException extends KilnException {
    private final String kernel;
    private final MissReason reason;
    private final String detail;

    public CacheMissException(String kernel, MissReason reason, String detail) {
        super("kernel " + kernel + (reason == MissReason.REFUSED ? " cannot be compiled, and strict mode forbids running it as Java: "
                : " is not in the cache and strict mode forbids compiling: ") + reason.id() + ": " + detail);
        this.kernel = kernel;
        this.reason = reason;
        this.detail = detail;
    }

    public String kernel() { return kernel; }
    public MissReason reason() { return reason; }
    public String detail() { return detail; }
}
