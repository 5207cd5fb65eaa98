package dev.kiln.cli;

import dev.kiln.KilnException;
import dev.kiln.KilnInternalException;
import dev.kiln.KilnSettingsException;
import dev.kiln.KilnVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The {@code kiln} command. Every subcommand reports errors as one line on stderr, {@code kiln: <message>}, and exits
 * with one of the codes in {@link Exit}; {@code --verbose} adds the stack trace.
 */
@Command(name = "kiln",
        mixinStandardHelpOptions = true,
        versionProvider = KilnCli.Version.class,
        description = {
                "Bakes, checks and maintains Kiln's native-code cache.",
                "",
                "Kiln compiles static Java methods marked @dev.kiln.Kernel to native code and keeps the result "
                        + "in a content-keyed cache. 'kiln bake' fills a cache ahead of time (e.g. in a container build), "
                        + "'kiln verify' proves that a cache serves every kernel without compiling (e.g. in CI against the "
                        + "built image).",
        },
        subcommands = {BakeCommand.class, VerifyCommand.class, ExplainCommand.class, LsCommand.class,
                StatsCommand.class, GcCommand.class, FsckCommand.class, KeygenCommand.class,
                CommandLine.HelpCommand.class},
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Success (verify: every kernel would be served from the cache).",
                "1:Check failed: verify found a kernel that would compile or is refused, fsck found bad entries,"
                        + " or bake could not compile a kernel (without --keep-going).",
                "2:Usage error: bad option or argument, bad KILN_* setting, unknown kernel, unknown target.",
                "3:Input error: bad classpath, no kernels found, unreadable file, unusable cache"
                        + " (unwritable for bake/gc/fsck without --check, made by a newer Kiln).",
                "4:Internal error (a bug); rerun with --verbose for the stack trace.",
        })
public final class KilnCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors, and more detail.")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (bake, verify, explain, ls, stats, gc, fsck, keygen)");
    }

    private static volatile PrintWriter stdout;

    public static void main(String[] args) {
        stdout = new PrintWriter(System.out, true);
        System.exit(run(args, stdout, new PrintWriter(System.err, true)));
    }

    /** The writer over the process's real stdout when run from {@link #main}, else null (tests, embedding). */
    static PrintWriter stdout() {
        return stdout;
    }

    /** Whether --verbose was given anywhere on the command line that {@code spec} belongs to. */
    static boolean verbose(CommandSpec spec) {
        CommandLine.ParseResult pr = spec.root().commandLine().getParseResult();
        return pr != null && isVerbose(pr.originalArgs().toArray(String[]::new));
    }

    /** Runs {@code kiln args}, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new KilnCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(100);
        cl.setExecutionExceptionHandler(KilnCli::onException);
        cl.setParameterExceptionHandler(KilnCli::onBadParameters);
        // Every subcommand's --help ends with the exit codes too.
        cl.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n");
            sub.getCommandSpec().usageMessage().exitCodeList(cl.getCommandSpec().usageMessage().exitCodeList());
        });
        return cl;
    }

    private static int onBadParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String msg = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            msg += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
        }
        err.println("kiln: " + oneLine(msg) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        if (isVerbose(args)) e.printStackTrace(err);
        err.flush();
        return Exit.USAGE;
    }

    private static int onException(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = isVerbose(parsed.originalArgs().toArray(String[]::new));
        int code;
        String msg;
        if (e instanceof CliException c) {
            code = c.exitCode();
            msg = c.getMessage();
        } else if (e instanceof KilnSettingsException k) {
            code = Exit.USAGE; // a KILN_* / kiln.* value, named with what it allows
            msg = k.getMessage();
        } else if (e instanceof KilnInternalException k) {
            // a KilnException, but Kiln's own fault (e.g. IR it generated does not verify), not the input's
            code = Exit.INTERNAL;
            msg = "internal error: " + k.getMessage() + (verbose ? "" : " (rerun with --verbose for the stack trace)");
        } else if (e instanceof KilnException k) {
            code = Exit.INPUT;
            msg = k.getMessage();
        } else if (e instanceof UncheckedIOException io) {
            code = Exit.INPUT;
            msg = io.getCause().getMessage();
        } else {
            code = Exit.INTERNAL;
            msg = "internal error: " + e + (verbose ? "" : " (rerun with --verbose for the stack trace)");
        }
        err.println("kiln: " + oneLine(msg));
        if (verbose) e.printStackTrace(err);
        err.flush();
        return code;
    }

    static boolean isVerbose(String[] args) {
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals("--verbose")) return true;
        }
        return false;
    }

    static String oneLine(String s) {
        if (s == null) return "unknown error";
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"kiln " + KilnVersion.KILN + " (compiler " + KilnVersion.COMPILER + ")"};
        }
    }
}
