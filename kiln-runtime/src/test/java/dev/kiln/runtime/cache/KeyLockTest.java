package dev.kiln.runtime.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Per-key locks between real processes and threads. */
class KeyLockTest {
    @TempDir
    Path tmp;

    /**
     * The CI failure of issue 8: process P holds A in one thread and waits for B in another; process C holds B in one
     * thread and waits for A in another. No thread waits for itself, but POSIX lock ownership is per process, so the
     * kernel's detector sees a P-C-P cycle and fails P's blocking lock with EDEADLK. The lock must treat that as
     * contention and get B once C lets go.
     */
    @Test
    void twoMultiThreadedProcessesNeverSeeAFalseDeadlock() throws Exception {
        Path a = tmp.resolve("a.lock");
        Path b = tmp.resolve("b.lock");
        ExecutorService holderOfA = Executors.newSingleThreadExecutor();
        CountDownLatch releaseA = new CountDownLatch(1);
        CountDownLatch holdingA = new CountDownLatch(1);
        Future<?> heldA = holderOfA.submit(() -> {
            try (KeyLock l = KeyLock.exclusive(a)) {
                holdingA.countDown();
                releaseA.await();
            }
            return null;
        });
        assertTrue(holdingA.await(30, TimeUnit.SECONDS));

        Process child = new ProcessBuilder(javaBin(), "-cp", classPath(), LockChild.class.getName(),
                a.toString(), b.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        try {
            expect(out, lines, "holding-B");
            expect(out, lines, "waiting-A");
            Thread.sleep(300); // let the child's thread block in fcntl for A

            // This process now waits for B (held by the child) while holding A (which the child waits for).
            CompletableFuture<Boolean> gotB = CompletableFuture.supplyAsync(() -> {
                try (KeyLock l = KeyLock.exclusive(b)) {
                    return true;
                } catch (Exception e) {
                    throw new AssertionError("waiting for B failed: " + e, e);
                }
            });
            Thread.sleep(300);
            assertFalse(gotB.isDone() && !gotB.isCompletedExceptionally(), "B is held by the child");
            if (gotB.isCompletedExceptionally()) gotB.join(); // shows the EDEADLK failure
            releaseA.countDown();
            heldA.get(30, TimeUnit.SECONDS);
            assertTrue(gotB.get(30, TimeUnit.SECONDS));
            expect(out, lines, "got-A");
            expect(out, lines, "done");
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), String.join("\n", lines));
        } finally {
            releaseA.countDown();
            child.destroyForcibly();
            holderOfA.shutdownNow();
        }
        assertEquals(0, KeyLock.mutexCount(), "no mutex entries left behind");
    }

    /** Many threads on a few keys: mutual exclusion holds and the mutex table empties again. */
    @Test
    void threadsExcludeEachOtherPerKey() throws Exception {
        int keys = 3;
        AtomicInteger[] inside = new AtomicInteger[keys];
        for (int i = 0; i < keys; i++) inside[i] = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    int k = (seed + i) % keys;
                    try (KeyLock l = KeyLock.exclusive(tmp.resolve("k" + k + ".lock"))) {
                        if (inside[k].incrementAndGet() != 1) violations.incrementAndGet();
                        try (KeyLock nested = KeyLock.shared(tmp.resolve("k" + k + ".lock"))) {
                            assertNotNull(nested);
                        }
                        Thread.onSpinWait();
                        inside[k].decrementAndGet();
                    }
                    try (KeyLock l = KeyLock.tryExclusive(tmp.resolve("k" + k + ".lock"))) {
                        if (l != null && inside[k].get() != 0) violations.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(0, violations.get());
        assertEquals(0, KeyLock.mutexCount());
    }

    private static void expect(BufferedReader out, List<String> lines, String word) throws Exception {
        while (true) {
            String line = out.readLine();
            if (line == null) fail("child ended before '" + word + "': " + lines);
            lines.add(line);
            if (line.equals(word)) return;
            if (line.startsWith("failed")) fail("child: " + lines);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() throws Exception {
        return Path.of(KeyLock.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(LockChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
