package dev.kiln.cli;

import dev.kiln.KilnException;
import dev.kiln.KilnInternalException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exit code and message of an exception that reaches the top level, through the real command line (its exception
 * handler) with a subcommand added here that throws it: no compiler path is known to produce a
 * {@link KilnInternalException} on purpose.
 */
class ExceptionExitCodeTest {
    @Command(name = "throw")
    static final class Thrower implements Callable<Integer> {
        private final RuntimeException e;

        Thrower(RuntimeException e) {
            this.e = e;
        }

        @Override
        public Integer call() {
            throw e;
        }
    }

    static Cli.Result throwing(RuntimeException e) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KilnCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        cl.addSubcommand(new Thrower(e));
        // writers set before a subcommand is added do not reach it
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("throw");
        return new Cli.Result(code, out.toString(), err.toString());
    }

    @Test
    void internalErrorExitsFour() {
        Cli.Result r = throwing(new KilnInternalException("generated LLVM IR for k does not verify:\n  bad phi"));
        CliErrorsTest.oneLineError(r, Exit.INTERNAL, "kiln: internal error: generated LLVM IR for k does not verify:; bad phi");
        CliErrorsTest.oneLineError(r, Exit.INTERNAL, "rerun with --verbose");
    }

    @Test
    void otherKilnErrorsAreInputErrors() {
        CliErrorsTest.oneLineError(throwing(new KilnException("kernel library has no symbol k")), Exit.INPUT,
                "kiln: kernel library has no symbol k");
        CliErrorsTest.oneLineError(throwing(new UncheckedIOException(new java.io.IOException("disk gone"))), Exit.INPUT,
                "kiln: disk gone");
    }

    @Test
    void unexpectedExceptionsAreInternalErrors() {
        CliErrorsTest.oneLineError(throwing(new IllegalStateException("oops")), Exit.INTERNAL,
                "internal error: java.lang.IllegalStateException: oops");
    }

    @Test
    void exitCodesAreTheDocumentedOnes() {
        assertEquals(3, Exit.INPUT);
        assertEquals(4, Exit.INTERNAL);
    }
}
