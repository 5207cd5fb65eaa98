package dev.kiln.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the kiln command in this JVM and captures what it prints. */
final class Cli {
    record Result(int exit, String out, String err) {
        /** The stderr lines, for checking that an error is exactly one line. */
        String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\\R");
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KilnCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
