package dev.kiln.runtime.cache;

/** An entry that failed verification; the message is the one-line reason. */
final class CorruptEntryException extends Exception {
    CorruptEntryException(String reason) {
        super(reason);
    }
}
