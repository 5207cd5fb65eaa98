package dev.kiln.cli;

/** An error the command reports as one line, {@code kiln: <message>}, with {@link #exitCode()}. */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(Exit.USAGE, message);
    }

    public static CliException input(String message) {
        return new CliException(Exit.INPUT, message);
    }

    public static CliException input(String message, Throwable cause) {
        return new CliException(Exit.INPUT, message, cause);
    }
}
