package dev.kiln.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Bake progress: a redrawn one-line bar when stdout is a terminal, else one plain line per finished task (what CI
 * logs want). Thread-safe.
 */
abstract class Progress {
    abstract void started(int total);

    abstract void finished(String status, String task, long nanos, String error);

    abstract void done();

    /** A bar if this process talks to a terminal (and output was not redirected by the caller), else plain lines. */
    static Progress forOutput(PrintWriter out, boolean outIsStdout) {
        Console c = System.console();
        if (outIsStdout && c != null && c.isTerminal()) return new Bar(c.writer());
        return new Lines(out);
    }

    static final class Lines extends Progress {
        private final PrintWriter out;

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        void started(int total) {
        }

        @Override
        synchronized void finished(String status, String task, long nanos, String error) {
            out.printf(Locale.ROOT, "%-8s %s (%s)%s%n", status, task, Sizes.duration(nanos),
                    error == null ? "" : ": " + KilnCli.oneLine(error));
            out.flush();
        }

        @Override
        void done() {
        }
    }

    static final class Bar extends Progress {
        private static final int WIDTH = 30;
        private final PrintWriter out;
        private int total;
        private int done;
        private int failed;
        private int lastLen;

        Bar(PrintWriter out) {
            this.out = out;
        }

        @Override
        synchronized void started(int total) {
            this.total = total;
            draw("");
        }

        @Override
        synchronized void finished(String status, String task, long nanos, String error) {
            done++;
            if (error != null) {
                failed++;
                clear();
                out.println("failed   " + task + ": " + KilnCli.oneLine(error));
            }
            draw(task);
        }

        @Override
        synchronized void done() {
            clear();
            out.flush();
        }

        private void draw(String last) {
            int filled = total == 0 ? WIDTH : done * WIDTH / total;
            String line = String.format(Locale.ROOT, "[%s%s] %d/%d%s %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                    done, total, failed > 0 ? " (" + failed + " failed)" : "", last);
            if (line.length() > 100) line = line.substring(0, 100);
            out.print("\r" + line + " ".repeat(Math.max(0, lastLen - line.length())));
            lastLen = line.length();
            out.flush();
        }

        private void clear() {
            out.print("\r" + " ".repeat(lastLen) + "\r");
            lastLen = 0;
        }
    }
}
