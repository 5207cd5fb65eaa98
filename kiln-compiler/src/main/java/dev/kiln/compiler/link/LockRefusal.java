package dev.kiln.compiler.link;

/**
 * JavaCPP guards the unpacking of its natives with POSIX file locks, which the kernel can refuse with EDEADLK when
 * threads of two processes also hold Kiln's key locks (its deadlock detector reasons per process). That refusal is
 * contention, not an error: the step is retried with back-off.
 */
public final class LockRefusal {
    /** A step that may be refused. */
    public interface Step<T, E extends Exception> {
        T run() throws E;
    }

    private LockRefusal() {
    }

    public static <T, E extends Exception> T retry(Step<T, E> step) throws E {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (Exception | UnsatisfiedLinkError e) {
                if (attempt >= 50 || !isRefusal(e)) throw e;
                try {
                    Thread.sleep(Math.min(500, 5L << Math.min(attempt, 7)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean isRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("Resource deadlock avoided")) return true;
        }
        return false;
    }
}
