package dev.kiln.it;

import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.KilnCache;
import dev.kiln.runtime.cache.SigningKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Remote tiers between real JVMs with separate local caches: a real redis-server, a real S3 server (S3Proxy) and a
 * file:// tier shared by "hosts", entries tampered with on the server, the server stopped mid-run, and a port that never answers.
 */
class RemoteCacheTest {
    @TempDir
    Path tmp;
    static final List<String> FOUR = Jvm.many(0, 4);

    /** The shared tier as the test sees it, beside the URI the children use. */
    interface Remote extends AutoCloseable {
        String uri();

        List<String> names() throws Exception;

        byte[] get(String name) throws Exception;

        void overwrite(String name, byte[] data) throws Exception;

        /** Stops the server (a no-op for a folder). */
        default void stop() throws Exception {
        }

        /** System properties a child needs besides the URI (credentials). */
        default Map<String, String> props() {
            return Map.of();
        }
    }

    /** One S3 server for the class (it takes seconds to start); each test gets its own bucket. */
    static S3ProxyServer s3;
    static Path s3Dir;
    static int buckets;

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) s3.close();
        s3 = null;
    }

    Remote s3Remote() throws Exception {
        if (s3 == null) {
            s3Dir = Files.createTempDirectory("kiln-s3-");
            s3 = S3ProxyServer.start(s3Dir);
        }
        S3Client c = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(s3.endpoint()))
                .forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL))).build();
        String bucket = "kiln-" + (++buckets);
        c.createBucket(b -> b.bucket(bucket));
        String prefix = "fleet/";
        return new Remote() {
            public String uri() {
                return "s3://" + bucket + "/fleet?endpoint=" + s3.endpoint() + "&pathStyle=true&region=us-east-1";
            }

            public List<String> names() {
                return c.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                        .map(o -> o.key().substring(prefix.length())).sorted().toList();
            }

            public byte[] get(String name) {
                return c.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + name)).asByteArray();
            }

            public void overwrite(String name, byte[] data) {
                c.putObject(r -> r.bucket(bucket).key(prefix + name), RequestBody.fromBytes(data));
            }

            public Map<String, String> props() {
                return s3.credentials();
            }

            /** Stops the class's S3 server; the next test that needs one starts another. */
            public void stop() throws Exception {
                if (s3 != null) s3.close();
                s3 = null;
            }

            public void close() {
                c.close();
            }
        };
    }

    Remote remote(String kind) throws Exception {
        if (kind.equals("s3")) return s3Remote();
        if (kind.equals("file")) {
            Path root = Files.createDirectories(tmp.resolve("shared"));
            return new Remote() {
                public String uri() {
                    return root.toUri().toString();
                }

                public List<String> names() throws IOException {
                    try (Stream<Path> s = Files.walk(root)) {
                        return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
                    }
                }

                public byte[] get(String name) throws IOException {
                    return Files.readAllBytes(root.resolve(name));
                }

                public void overwrite(String name, byte[] data) throws IOException {
                    Files.write(root.resolve(name), data);
                }

                public void close() {
                }
            };
        }
        RedisServer server = RedisServer.start(tmp);
        RedisClient client = RedisClient.create("127.0.0.1", server.port);
        return new Remote() {
            public String uri() {
                return server.uri();
            }

            public List<String> names() {
                return client.zrange("kiln:index", 0, -1).stream().sorted().toList();
            }

            public byte[] get(String name) {
                return client.get(name.getBytes(StandardCharsets.UTF_8));
            }

            public void overwrite(String name, byte[] data) {
                client.set(name.getBytes(StandardCharsets.UTF_8), data);
            }

            public void stop() throws Exception {
                server.close();
            }

            public void close() throws Exception {
                server.close();
                client.close();
            }
        };
    }

    static Jvm host(Path local, Remote r, Path stats) {
        // Generous limits: this 2-core machine runs other builds; the limits themselves are tested below.
        Jvm j = Jvm.child().cache(local).prop("kiln.remote.cache", r.uri()).prop("kiln.remote.timeoutMillis", 5000)
                .prop("kiln.remote.flushMillis", 30000).stats(stats);
        r.props().forEach(j::prop);
        return j;
    }

    static List<String> entriesOf(Path local) {
        return KilnCache.open(KilnConfig.defaults().withCachePath(List.of(local))).list().stream()
                .map(e -> e.kernel()).sorted().toList();
    }

    static List<String> leftovers(Path local) throws IOException {
        if (!Files.exists(local)) return List.of();
        try (Stream<Path> s = Files.walk(local)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")).toList();
        }
    }

    String nameOf(Remote r, String kernel) throws Exception {
        String folder = "/Many." + kernel + "-";
        List<String> l = r.names().stream().filter(n -> n.contains(folder) && !n.endsWith("/")).toList();
        assertEquals(1, l.size(), "one object for " + kernel + " in " + r.names());
        return l.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "redis", "s3"})
    void aSecondHostLoadsWhatTheFirstCompiledWithoutCompiling(String kind) throws Exception {
        try (Remote r = remote(kind)) {
            long t0 = System.nanoTime();
            Jvm.Result first = host(tmp.resolve("hostA"), r, tmp.resolve("a.json")).args(FOUR).run(300).ok();
            long compileWall = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(4, first.count("OK "));
            Jvm.Stats a = Jvm.Stats.read(tmp.resolve("a.json"));
            assertEquals(4, a.compiles());
            assertEquals(4, a.remote("misses"));
            List<String> objects = r.names().stream().filter(n -> !n.endsWith("/")).toList();
            assertEquals(4, a.remote("puts"), "published before exit: " + first + a.remote() + objects);
            // (S3Proxy's folder store also lists "directories" ending in '/'; real S3 does not. Kiln ignores them.)
            assertEquals(4, objects.size(), objects.toString());
            assertTrue(objects.stream().allMatch(n -> n.startsWith("kiln-v1/Many.k0")), objects.toString());

            Path b = tmp.resolve("hostB");
            t0 = System.nanoTime();
            Jvm.Result second = host(b, r, tmp.resolve("b.json")).prop("kiln.strict", true).args(FOUR).run(300).ok();
            long remoteWall = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(4, second.count("OK "), second.toString());
            Jvm.Stats s = Jvm.Stats.read(tmp.resolve("b.json"));
            assertEquals(0, s.compiles());
            assertEquals(4, s.hits());
            assertEquals(4, s.remote("hits"));
            assertEquals(0, s.remote("errors"));
            assertEquals(0, s.remote("puts"), "a host publishes only what it compiled");
            assertTrue(s.remote("inBytes") > 4 * 1000, "inBytes " + s.remote("inBytes"));
            assertFalse(second.err().contains("warning"), second.err());
            // Copied into host B's own tier, whole and clean: a third run needs no remote at all.
            assertEquals(FOUR.stream().map(k -> "dev.kiln.it.kernels.Many." + k.substring(k.indexOf('#') + 1)
                    + "([DD)D").sorted().toList(), entriesOf(b));
            assertTrue(KilnCache.open(KilnConfig.defaults().withCachePath(List.of(b))).verify().clean());
            assertEquals(List.of(), leftovers(b));
            t0 = System.nanoTime();
            Jvm.Result third = Jvm.child().cache(b).prop("kiln.strict", true).stats(tmp.resolve("c.json")).args(FOUR)
                    .run(300).ok();
            long localWall = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("%s: 4 kernels, whole JVM: compile+publish %d ms, remote hit %d ms (remote wait %d ms),"
                    + " local hit %d ms%n", kind, compileWall, remoteWall, s.remote("waitMicros") / 1000, localWall);
            assertEquals(4, third.count("OK "));
            assertEquals(0, Jvm.Stats.read(tmp.resolve("c.json")).remote("hits"));
            assertEquals(4, Jvm.Stats.read(tmp.resolve("c.json")).hits());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "redis", "s3"})
    void corruptedAndSubstitutedRemoteEntriesAreRefusedAndNotCopied(String kind) throws Exception {
        try (Remote r = remote(kind)) {
            List<String> two = Jvm.many(0, 2);
            host(tmp.resolve("publisher"), r, tmp.resolve("p.json")).args(two).run(300).ok();
            String n0 = nameOf(r, "k00");
            String n1 = nameOf(r, "k01");
            byte[] good0 = r.get(n0);
            // k00: one byte of the library flipped (the bundle still parses; the SHA-256 must catch it).
            byte[] bad0 = good0.clone();
            int elf = indexOf(bad0, new byte[]{0x7f, 'E', 'L', 'F'});
            assertTrue(elf > 0);
            bad0[elf + 200] ^= 0x40;
            r.overwrite(n0, bad0);
            // k01: replaced by k00's whole, valid entry (another kernel's bytes under k01's name).
            r.overwrite(n1, good0);

            Path d = tmp.resolve("consumer");
            for (String k : two) {
                Path stats = tmp.resolve("strict-" + k.substring(k.indexOf('#') + 1) + ".json");
                Jvm.Result res = host(d, r, stats).prop("kiln.strict", true).args(k).run(300);
                assertEquals(3, res.exit(), res.toString());
                assertTrue(res.out().contains("CacheMissException"), res.toString());
                assertTrue(res.err().contains("refused"), res.err());
                Jvm.Stats s = Jvm.Stats.read(stats);
                assertEquals(1, s.remote("refused"));
                assertEquals(0, s.remote("hits"));
                assertEquals(List.of(), entriesOf(d), "nothing copied");
                assertEquals(List.of(), leftovers(d));
            }
            Jvm.Result strict0 = host(d, r, tmp.resolve("x.json")).prop("kiln.strict", true).args(two.get(0)).run(300);
            assertTrue(strict0.err().contains("SHA-256"), strict0.err());
            Jvm.Result strict1 = host(d, r, tmp.resolve("y.json")).prop("kiln.strict", true).args(two.get(1)).run(300);
            assertTrue(strict1.err().contains("not the one its name says"), strict1.err());

            // Without strict mode the host compiles its own, correct copies (Child checks every result against Java).
            Jvm.Result lax = host(d, r, tmp.resolve("lax.json")).args(two).run(300).ok();
            assertEquals(2, lax.count("OK "));
            Jvm.Stats s = Jvm.Stats.read(tmp.resolve("lax.json"));
            assertEquals(2, s.compiles());
            assertEquals(2, s.remote("refused"));
            assertArrayEquals(bad0, r.get(n0), "a put never replaces an object (even a bad one)");
        }
    }

    @Test
    void aTrustingHostTakesOnlyRemoteEntriesATrustedKeySigned() throws Exception {
        try (Remote r = remote("file")) {
            java.security.KeyPair a = SigningKeys.generate();
            Path priv = tmp.resolve("a.key");
            Files.writeString(priv, SigningKeys.pem(a.getPrivate()));
            Files.setPosixFilePermissions(priv, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Path pub = tmp.resolve("a.pub");
            Files.writeString(pub, SigningKeys.pem(a.getPublic()));
            String k0 = Jvm.many(0, 1).get(0);
            String k1 = Jvm.many(1, 2).get(0);
            host(tmp.resolve("ci"), r, tmp.resolve("ci.json")).prop("kiln.sign.key", priv).args(k0).run(300).ok();
            host(tmp.resolve("laptop"), r, tmp.resolve("laptop.json")).args(k1).run(300).ok();
            assertEquals(2, r.names().size(), r.names().toString());

            Path w = tmp.resolve("worker");
            Jvm.Result good = host(w, r, tmp.resolve("w0.json")).prop("kiln.trust", pub).prop("kiln.strict", true)
                    .args(k0).run(300).ok();
            assertEquals(1, good.count("OK "));
            assertEquals(1, Jvm.Stats.read(tmp.resolve("w0.json")).remote("hits"));
            Jvm.Result unsigned = host(w, r, tmp.resolve("w1.json")).prop("kiln.trust", pub).prop("kiln.strict", true)
                    .args(k1).run(300);
            assertEquals(3, unsigned.exit(), unsigned.toString());
            assertTrue(unsigned.err().contains("refused: untrusted") && unsigned.err().contains("is unsigned"),
                    unsigned.err());
            assertEquals(1, Jvm.Stats.read(tmp.resolve("w1.json")).remote("refused"));
            assertEquals(List.of("dev.kiln.it.kernels.Many.k00([DD)D"), entriesOf(w), "the unsigned entry was not copied");
            assertEquals(List.of(), leftovers(w));
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "s3"})
    void aServerStoppedMidRunCostsOneErrorAndResultsStayCorrect(String kind) throws Exception {
        try (Remote r = remote(kind)) {
            host(tmp.resolve("publisher"), r, tmp.resolve("p.json")).args(Jvm.many(0, 1)).run(300).ok();
            Path gate = tmp.resolve("gate");
            // A stopped server refuses at once, so a long timeout costs nothing here; a short one made the first
            // (live) fetch time out on a loaded machine, where the S3 client's first request alone can take a second.
            Process p = host(tmp.resolve("host"), r, tmp.resolve("h.json")).prop("kiln.remote.timeoutMillis", 20_000)
                    .args("--gate", gate.toString()).args(Jvm.many(0, 3)).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.equals("GATE")) break;
            }
            assertTrue(seen.toString().contains("GATE"), () -> seen + err.join());
            r.stop(); // the server goes away between the first kernel (a remote hit) and the others
            Files.createFile(gate);
            String rest = slurp(p.getInputStream());
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            String all = seen + rest;
            assertEquals(0, p.exitValue(), all + err.join());
            assertEquals(3, all.lines().filter(l -> l.startsWith("OK ")).count(), all);
            Jvm.Stats s = Jvm.Stats.read(tmp.resolve("h.json"));
            assertEquals(1, s.remote("hits"));
            assertEquals(2, s.compiles());
            assertEquals(1, s.remote("errors"), "the tier is left alone after its first failure: " + all + err.join());
            assertEquals(1, err.join().lines().filter(l -> l.contains("remote cache tier")).count(), err.join());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "s3"})
    void aPortThatNeverAnswersCostsOneTimeoutThenLocalBehaviour(String kind) throws Exception {
        try (BlackHole hole = new BlackHole()) {
            Path local = tmp.resolve("host");
            String uri = kind.equals("redis") ? "redis://127.0.0.1:" + hole.port()
                    : "s3://bucket/x?endpoint=http://127.0.0.1:" + hole.port() + "&pathStyle=true";
            long t0 = System.nanoTime();
            Jvm.Result res = Jvm.child().cache(local).prop("kiln.remote.cache", uri).prop("aws.accessKeyId", "a")
                    .prop("aws.secretAccessKey", "b").prop("kiln.remote.timeoutMillis", 700)
                    .stats(tmp.resolve("h.json")).args(Jvm.many(0, 3)).run(300).ok();
            long wall = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(3, res.count("OK "));
            Jvm.Stats s = Jvm.Stats.read(tmp.resolve("h.json"));
            assertEquals(3, s.compiles());
            assertEquals(1, s.remote("errors"));
            assertEquals(0, s.remote("puts"));
            // The wait may include the end of the client's set-up (class loading, started in the background and
            // counted apart); the network part is one timeout, not one per kernel.
            long waited = s.remote("waitMicros") / 1000;
            long setup = s.remote("setupMicros") / 1000;
            assertTrue(waited - setup >= 650 && waited - setup < 700 + 500,
                    "kernel loads waited " + waited + " ms on the remote tier, " + setup + " ms of it for set-up");
            assertTrue(setup < 5000, "set-up " + setup + " ms");
            // Redis connects before anything else. The S3 client's call timeout also covers preparing the request
            // (signing, its first-use class loading), so on a loaded machine it may give up before it connects.
            if (kind.equals("redis")) assertTrue(hole.accepted() >= 1, "the client did connect");
            List<String> warnings = res.err().lines().filter(l -> l.contains("remote cache tier")).toList();
            assertEquals(1, warnings.size(), res.err());
            assertTrue(warnings.get(0).contains("700"), warnings.get(0));
            System.out.println(kind + " black hole: wall " + wall + " ms, kernel loads waited " + waited + " ms (set-up "
                    + setup + " ms), "
                    + hole.accepted() + " connections accepted; " + warnings.get(0));
        }
    }

    @Test
    void strictHostWithADeadRemoteFailsCleanlyWithinTheTimeout() throws Exception {
        try (BlackHole hole = new BlackHole()) {
            Jvm.Result res = Jvm.child().cache(tmp.resolve("host")).prop("kiln.strict", true)
                    .prop("kiln.remote.cache", "redis://127.0.0.1:" + hole.port()).prop("kiln.remote.timeoutMillis", 500)
                    .stats(tmp.resolve("h.json")).args(Jvm.many(0, 1)).run(120);
            assertEquals(3, res.exit(), res.toString());
            assertTrue(res.out().contains("CacheMissException"), res.out());
            Jvm.Stats s = Jvm.Stats.read(tmp.resolve("h.json"));
            long network = (s.remote("waitMicros") - s.remote("setupMicros")) / 1000;
            assertTrue(network < 500 + 500, "waited " + network + " ms besides set-up");
            assertEquals(1, s.remote("errors"));
        }
    }

    private static String slurp(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
