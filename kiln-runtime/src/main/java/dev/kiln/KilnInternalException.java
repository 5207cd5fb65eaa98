package dev.kiln;

/**
 * Kiln produced something wrong (generated LLVM IR that does not parse or verify): a bug in Kiln, not in the
 * kernel. Unlike {@link UnsupportedConstructException} it says nothing about the code being compiled, so tests that
 * expect a refusal must not accept it.
 */
public class KilnInternalException extends KilnException {
    public KilnInternalException(String message) {
        super(message);
    }
}
