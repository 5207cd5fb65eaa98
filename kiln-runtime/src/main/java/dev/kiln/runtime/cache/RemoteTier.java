package dev.kiln.runtime.cache;

import dev.kiln.spi.RemoteStorage;
import dev.kiln.spi.RemoteStorageProvider;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One remote tier: a {@link RemoteStorage} opened lazily from its URI, with a deadline on every call. A call that
 * fails or overruns the deadline is abandoned (the caller goes on as if the tier were empty), the tier is skipped
 * for {@link CacheSettings#remoteCoolDownMillis()}, and the first such failure is reported once per process.
 */
final class RemoteTier implements Store {

    /** Remote calls run here so that a client stuck past its own timeout never holds up the caller. */
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kiln-remote-io");
        t.setDaemon(true);
        return t;
    });

    final URI uri;
    final String name;
    private final Duration timeout;
    /** After a failure, the tier is left alone this long: a dead server costs one timeout, not one per kernel. */
    private final long coolDownMillis;
    /**
     * Setting up a client (class loading: the AWS SDK's takes about a second in a cold JVM) is not a network wait, so
     * it has its own allowance instead of eating the per-call timeout; it starts in the background when the tier is
     * configured, overlapping the rest of start-up.
     */
    private final long setupMillis;
    private volatile CompletableFuture<RemoteStorage> opening;
    private volatile long downUntil;

    /** The process's counters (set-up time, errors). */
    private final CacheStats stats;

    RemoteTier(URI uri, Duration timeout, CacheSettings timers, CacheStats stats) {
        this.uri = uri;
        this.stats = stats;
        this.name = withoutCredentials(uri);
        this.timeout = timeout;
        this.coolDownMillis = timers.remoteCoolDownMillis();
        this.setupMillis = timers.remoteSetupMillis();
    }

    /** The URI as shown: user info and query (which may hold secrets) left out. */
    static String withoutCredentials(URI u) {
        String host = u.getHost() == null ? "" : u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        return u.getScheme() + "://" + host + (u.getPath() == null ? "" : u.getPath());
    }

    /** A remote call failed or timed out; the message is one line naming the tier. */
    static final class RemoteFailure extends Exception {
        RemoteFailure(String message) {
            super(message);
        }
    }

    interface Call<T> {
        T run(RemoteStorage s) throws IOException;
    }

    boolean down() {
        return System.currentTimeMillis() < downUntil;
    }

    @Override
    public String describe() {
        return name;
    }

    /** Null unless the tier failed recently (then it is left alone for the cool-down). */
    @Override
    public IOException unwritable() {
        return down() ? new IOException("remote cache tier " + name + " failed recently") : null;
    }

    /** Starts setting up the client in the background (at most once until a failure). */
    CompletableFuture<RemoteStorage> open() {
        CompletableFuture<RemoteStorage> o = opening;
        if (o != null) return o;
        synchronized (this) {
            if (opening == null) {
                opening = CompletableFuture.supplyAsync(() -> {
                    try {
                        return provider(uri.getScheme()).open(uri, timeout);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, IO);
            }
            return opening;
        }
    }

    /** Runs {@code call} within the deadline; on failure the tier goes down for a while and this throws. */
    <T> T call(String what, Call<T> call) throws RemoteFailure {
        if (down()) throw new RemoteFailure("remote cache tier " + name + " is skipped after an earlier failure");
        RemoteStorage storage;
        CompletableFuture<RemoteStorage> o = open();
        try {
            if (o.isDone()) {
                storage = o.get();
            } else {
                long t0 = System.nanoTime();
                try {
                    storage = o.get(setupMillis, TimeUnit.MILLISECONDS);
                } finally {
                    stats.remote("setupMicros", (System.nanoTime() - t0) / 1000);
                }
            }
        } catch (TimeoutException e) {
            throw failed("set-up", "client not ready within " + setupMillis + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            synchronized (this) {
                if (opening == o) opening = null; // set up again after the cool-down
            }
            throw failed("set-up", firstLine(c.getMessage() == null ? c.toString() : c.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFailure("interrupted while setting up remote cache tier " + name);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Callable<T> task = () -> call.run(storage);
        Future<T> f = IO.submit(task);
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw failed(what, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            String msg = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            throw failed(what, firstLine(msg));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new RemoteFailure("interrupted during " + what + " on remote cache tier " + name);
        }
    }

    private RemoteFailure failed(String what, String why) {
        downUntil = System.currentTimeMillis() + coolDownMillis;
        stats.remote("errors", 1);
        String msg = "remote cache tier " + name + " failed (" + what + ": " + why + "); going on without it for "
                + coolDownMillis / 1000 + " s";
        KilnCache.warnOnce("remote " + name, msg);
        return new RemoteFailure(msg);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static RemoteStorageProvider provider(String scheme) throws IOException {
        for (ClassLoader cl : new ClassLoader[]{RemoteTier.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            if (cl == null) continue;
            for (RemoteStorageProvider p : ServiceLoader.load(RemoteStorageProvider.class, cl)) {
                if (p.schemes().contains(scheme.toLowerCase(java.util.Locale.ROOT))) return p;
            }
        }
        throw new IOException("no remote cache module for '" + scheme + "://' on the class path (add kiln-cache-"
                + scheme + ")");
    }

    void close() {
        CompletableFuture<RemoteStorage> o = opening;
        if (o != null && o.isDone() && !o.isCompletedExceptionally()) o.join().close();
    }

    @Override
    public String toString() {
        return name;
    }
}
