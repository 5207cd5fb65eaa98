package dev.kiln.it;

import dev.kiln.spi.RemoteStorage;
import dev.kiln.spi.RemoteStorageProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** What Kiln needs of every store, checked against the real servers: the modules found by URI scheme. */
class RemoteStorageContractTest {
    @TempDir
    Path tmp;

    static RemoteStorage open(String uri) throws Exception {
        URI u = URI.create(uri);
        for (RemoteStorageProvider p : ServiceLoader.load(RemoteStorageProvider.class)) {
            if (p.schemes().contains(u.getScheme())) return p.open(u, Duration.ofSeconds(10));
        }
        throw new AssertionError("no provider for " + uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "s3"})
    void getPutIfAbsentAndListBehaveAlike(String kind) throws Exception {
        AutoCloseable server;
        String uri;
        if (kind.equals("redis")) {
            RedisServer r = RedisServer.start(tmp);
            server = r;
            uri = r.uri();
        } else {
            S3ProxyServer s = S3ProxyServer.start(tmp);
            server = s;
            System.setProperty("aws.accessKeyId", S3ProxyServer.IDENTITY);
            System.setProperty("aws.secretAccessKey", S3ProxyServer.CREDENTIAL);
            java.nio.file.Files.createDirectories(tmp.resolve("s3-data").resolve("contract")); // the bucket
            uri = "s3://contract/p?endpoint=" + s.endpoint() + "&pathStyle=true";
        }
        try (server; RemoteStorage st = open(uri)) {
            assertFalse(st.describe().contains(S3ProxyServer.CREDENTIAL));
            assertTrue(st.get("kiln-v1/a/b/x").isEmpty());
            assertTrue(st.putIfAbsent("kiln-v1/a/b/x", "one".getBytes()));
            assertFalse(st.putIfAbsent("kiln-v1/a/b/x", "two".getBytes()), "a put never replaces an object");
            assertEquals("one", new String(st.get("kiln-v1/a/b/x").orElseThrow()));
            assertTrue(st.putIfAbsent("kiln-v1/a/b/y", "y".getBytes()));
            assertTrue(st.putIfAbsent("kiln-v1/a/bc/z", "z".getBytes()));
            List<String> listed = st.list("kiln-v1/a/b/", 10).stream().filter(n -> !n.endsWith("/")).sorted().toList();
            assertEquals(List.of("kiln-v1/a/b/x", "kiln-v1/a/b/y"), listed);

            // Racing writers of one name: the object is always one writer's whole bytes.
            int n = 6;
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger won = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] data = new byte[256 << 10];
                java.util.Arrays.fill(data, (byte) (i + 1));
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        if (st.putIfAbsent("kiln-v1/race", data)) won.incrementAndGet();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            go.countDown();
            for (Thread t : ts) t.join();
            assertTrue(won.get() >= 1);
            if (kind.equals("redis")) assertEquals(1, won.get(), "SET NX: exactly one writer wins");
            byte[] got = st.get("kiln-v1/race").orElseThrow();
            assertEquals(256 << 10, got.length);
            for (byte x : got) assertEquals(got[0], x);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
