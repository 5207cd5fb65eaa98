package dev.kiln;

/** Base of every error Kiln reports: unsupported code, a cache that cannot serve in strict mode, a failed compile. */
public class KilnException extends RuntimeException {
    public KilnException(String message) {
        super(message);
    }

    public KilnException(String message, Throwable cause) {
        super(message, cause);
    }
}
