package dev.kiln.cli;

/** The exit codes of every {@code kiln} subcommand (also listed in {@code --help} and docs/cli.md). */
public final class Exit {
    /** Done; for verify, every kernel would be served from the cache. */
    public static final int OK = 0;
    /** The check failed: verify found a kernel that would be compiled, fsck found bad entries, bake could not compile a kernel. */
    public static final int CHECK_FAILED = 1;
    /** Bad command line: unknown option, missing argument, unknown kernel, unknown target, bad size. */
    public static final int USAGE = 2;
    /** Bad input or environment: bad classpath, no kernels found, unreadable file, unusable cache (unwritable, made by a newer Kiln). */
    public static final int INPUT = 3;
    /** A bug in Kiln; rerun with --verbose for the stack trace. */
    public static final int INTERNAL = 4;


    private Exit() {
    }
}
