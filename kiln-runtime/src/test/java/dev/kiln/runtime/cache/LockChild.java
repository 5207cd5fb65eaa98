package dev.kiln.runtime.cache;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Child process of {@link KeyLockTest}: one thread holds lock B while a second thread waits for lock A (held by the
 * parent). Prints its progress on stdout, one word a line.
 */
public final class LockChild {
    public static void main(String[] args) throws Exception {
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        CountDownLatch gotA = new CountDownLatch(1);
        CountDownLatch holdingB = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        Thread holderB = new Thread(() -> {
            try (KeyLock l = KeyLock.exclusive(b)) {
                holdingB.countDown();
                gotA.await(); // keep B until the other thread has had A: the parent waits for B meanwhile
            } catch (Throwable t) {
                failure[0] = t;
                holdingB.countDown();
            }
        });
        holderB.start();
        holdingB.await();
        System.out.println("holding-B");
        System.out.flush();
        Thread waiterA = new Thread(() -> {
            try {
                System.out.println("waiting-A");
                System.out.flush();
                try (KeyLock l = KeyLock.exclusive(a)) {
                    System.out.println("got-A");
                    System.out.flush();
                }
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                gotA.countDown();
            }
        });
        waiterA.start();
        waiterA.join();
        holderB.join();
        if (failure[0] != null) {
            System.out.println("failed " + failure[0]);
            System.exit(3);
        }
        System.out.println("done");
    }
}
