package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.runtime.cache.SigningKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.kiln.cli.CliErrorsTest.oneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** keygen, bake --sign, and what ls, verify, fsck and a trusting runtime make of signed, unsigned and tampered entries. */
class SigningCommandsTest {
    @TempDir
    static Path tmp;
    static Path app;

    @BeforeAll
    static void apps() {
        app = TestApps.compile(tmp.resolve("app"), TestApps.lossApp(TestApps.CLIP));
    }

    /** Makes a key pair NAME.key/NAME.pub; returns its fingerprint as keygen printed it. */
    static String keygen(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Cli.Result r = Cli.run("keygen", dir.resolve(name).toString());
        assertEquals(0, r.exit(), r::toString);
        String fp = r.out().lines().filter(l -> l.startsWith("fingerprint")).findFirst().orElseThrow().split("\\s+")[1];
        assertTrue(fp.matches("SHA256:[0-9a-f]{16}"), fp);
        return fp;
    }

    static Cli.Result bake(Path cache, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("bake", "--classpath", app.toString(), "--cache",
                cache.toString(), "--target", "x86-64-v3", "--jobs", "1"));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    @Test
    void keygenWritesAnOwnerOnlyPrivateKeyAndAPublicKeyAndNeverOverwrites() throws Exception {
        Path keys = tmp.resolve("keys1");
        String fp = keygen(keys, "ci");
        Path priv = keys.resolve("ci.key");
        Path pub = keys.resolve("ci.pub");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        assertTrue(Files.readString(priv).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals(fp, SigningKeys.fingerprint(SigningKeys.parseTrust(pub.toString()).get(0)));
        String before = Files.readString(priv);
        oneLineError(Cli.run("keygen", keys.resolve("ci").toString()), Exit.INPUT, "ci.key exists (use --force");
        assertEquals(before, Files.readString(priv), "not overwritten");
        assertEquals(0, Cli.run("keygen", "--force", keys.resolve("ci").toString()).exit());
        assertFalse(before.equals(Files.readString(priv)));
    }

    @Test
    void aPrivateKeyOthersCanReadIsRefused() throws Exception {
        Path keys = tmp.resolve("keys2");
        keygen(keys, "loose");
        Path priv = keys.resolve("loose.key");
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r-----"));
        Cli.Result r = Cli.run("bake", "--classpath", app.toString(), "--cache", tmp.resolve("c2").toString(),
                "--target", "x86-64-v3", "--sign", priv.toString());
        oneLineError(r, Exit.INPUT, "signing key " + priv + " is readable or writable by group or others (rw-r-----); chmod 600");
        oneLineError(Cli.run("bake", "--classpath", app.toString(), "--cache", tmp.resolve("c2").toString(),
                "--sign", keys.resolve("nope.key").toString()), Exit.INPUT, "does not exist");
    }

    @Test
    void signedBakeIsShownVerifiedTrustedAndTamperingIsCaught() throws Exception {
        Path keys = tmp.resolve("keys3");
        String a = keygen(keys, "a");
        String b = keygen(keys, "b");
        Path cache = tmp.resolve("signed");
        Cli.Result baked = bake(cache, "--sign", keys.resolve("a.key").toString());
        assertTrue(baked.out().contains("Signing every entry with " + a), baked::toString);

        Cli.Result ls = Cli.run("ls", "--cache", cache.toString());
        assertEquals(0, ls.exit(), ls::toString);
        assertTrue(ls.out().contains("SIGNED BY"), ls::toString);
        assertEquals(2, ls.out().lines().filter(l -> l.startsWith("app.Losses") && l.endsWith(a)).count(), ls::toString);
        JsonNode json = new ObjectMapper().readTree(Cli.run("ls", "--cache", cache.toString(), "--json").out());
        assertEquals(a, json.get("entries").get(0).get("signedBy").asText());

        String pubA = keys.resolve("a.pub").toString();
        String pubB = keys.resolve("b.pub").toString();
        Cli.Result ok = Cli.run("verify", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3", "--trust", pubA);
        assertEquals(0, ok.exit(), ok::toString);
        assertTrue(ok.out().contains("Only entries signed by " + a + " count"), ok::toString);
        assertTrue(ok.out().contains("signed by " + a), ok::toString);
        Cli.Result wrong = Cli.run("verify", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3", "--trust", pubB);
        oneLineError(wrong, Exit.CHECK_FAILED, "untrusted (entry for x86-64-v3 is signed by " + a + ", not trusted)");

        Cli.Result fsck = Cli.run("fsck", "--cache", cache.toString(), "--trust", pubA);
        assertEquals(0, fsck.exit(), fsck::toString);
        assertTrue(fsck.out().contains("Signatures: 2 signed by " + a + ", 0 unsigned; trusting " + a + ": 0 untrusted"),
                fsck::toString);
        Cli.Result fsckB = Cli.run("fsck", "--cache", cache.toString(), "--trust", pubB);
        oneLineError(fsckB, Exit.CHECK_FAILED, "fsck found 2 entries the trust setting refuses");
        assertEquals(2, fsckB.out().lines().filter(l -> l.startsWith("UNTRUSTED ")).count(), fsckB::toString);
        assertEquals(2, Cli.run("ls", "--cache", cache.toString()).out().lines()
                .filter(l -> l.startsWith("app.Losses")).count(), "untrusted entries are left in place");
        assertTrue(b.startsWith("SHA256:"));

        // Tamper with one library and rewrite its metadata to match: the checksum is happy, the signature is not.
        Path entry;
        try (Stream<Path> s = Files.walk(cache)) {
            entry = s.filter(p -> p.getFileName().toString().equals("kernel.so")).findFirst().orElseThrow().getParent();
        }
        byte[] evil = Files.readAllBytes(entry.resolve("kernel.so"));
        evil = java.util.Arrays.copyOf(evil, evil.length + 16); // trailing bytes: still a loadable ELF file
        Files.write(entry.resolve("kernel.so"), evil);
        String meta = Files.readString(entry.resolve("meta.txt"))
                .replaceAll("library-size: \\d+", "library-size: " + evil.length)
                .replaceAll("library-sha256: [0-9a-f]{64}", "library-sha256: " + sha256(evil));
        Files.writeString(entry.resolve("meta.txt"), meta);
        assertEquals(0, Cli.run("verify", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3").exit(), "without trust, a valid checksum is all it takes");
        Cli.Result tampered = Cli.run("verify", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3", "--trust", pubA);
        oneLineError(tampered, Exit.CHECK_FAILED, "untrusted (entry for x86-64-v3 has a signature by " + a
                + " that does not match its library and metadata (changed after signing))");
        assertTrue(Cli.run("ls", "--cache", cache.toString()).out().contains(a + " (INVALID)"));
        Cli.Result repair = Cli.run("fsck", "--cache", cache.toString());
        oneLineError(repair, Exit.CHECK_FAILED, "fsck found 1 bad entry (moved aside)");
        assertTrue(repair.out().contains(": signature by " + a + " does not match the library and metadata"), repair::toString);
        assertTrue(repair.out().contains("Signatures: 1 signed by " + a + ", 0 unsigned"), repair::toString);
        assertFalse(Files.exists(entry), "quarantined");
    }

    @Test
    void signingAnUnsignedCacheRecompilesAndSignsWhatIsIdentical() throws Exception {
        Path keys = tmp.resolve("keys4");
        String a = keygen(keys, "a");
        Path cache = tmp.resolve("unsigned");
        bake(cache);
        Cli.Result fsck = Cli.run("fsck", "--cache", cache.toString(), "--trust", keys.resolve("a.pub").toString());
        oneLineError(fsck, Exit.CHECK_FAILED, "entries the trust setting refuses; first: ");
        assertTrue(fsck.out().contains("Signatures: 0 unsigned".replace("0", "2")), fsck::toString);
        assertTrue(fsck.err().contains(": is unsigned"), fsck::toString);

        Cli.Result signed = bake(cache, "--sign", keys.resolve("a.key").toString());
        assertTrue(signed.out().matches("(?s).*compiled\\s+2\\n.*already cached\\s+0\\n.*"), signed::toString);
        assertFalse(Files.exists(cache.resolve("kiln-v1/quarantine")), "same bytes: signed in place, nothing replaced");
        assertEquals(2, Cli.run("ls", "--cache", cache.toString()).out().lines()
                .filter(l -> l.startsWith("app.Losses") && l.endsWith(a)).count());
        Cli.Result again = bake(cache, "--sign", keys.resolve("a.key").toString());
        assertTrue(again.out().matches("(?s).*compiled\\s+0\\n.*already cached\\s+2\\n.*"), again::toString);
    }

    @Test
    void lsShowsAShortTargetAndTheFullOneWhenVerbose() throws Exception {
        Path cache = tmp.resolve("host");
        Cli.Result r = Cli.run("bake", "--classpath", app.toString(), "--cache", cache.toString(), "--target", "host",
                "app.Losses#count");
        assertEquals(0, r.exit(), r::toString);
        String full = Cli.run("ls", "--cache", cache.toString(), "--json").out();
        String target = new ObjectMapper().readTree(full).get("entries").get(0).get("target").asText();
        Cli.Result ls = Cli.run("ls", "--cache", cache.toString());
        String row = ls.out().lines().filter(l -> l.startsWith("app.Losses")).findFirst().orElseThrow();
        assertEquals(Targets.shortForm(target), row.split("\\s{2,}")[1], ls::toString);
        assertTrue(row.length() < 160, row);
        String verboseRow = Cli.run("ls", "--verbose", "--cache", cache.toString()).out().lines()
                .filter(l -> l.startsWith("app.Losses")).findFirst().orElseThrow();
        assertTrue(verboseRow.contains(target), verboseRow);
    }

    @Test
    void shortTargets() {
        assertEquals("x86-64-v3", Targets.shortForm("x86-64-v3"));
        assertEquals("x86-64-v4+avx512vnni (cascadelake)", Targets.shortForm("x86-64-v4+avx512vnni@cascadelake"));
        assertEquals("x86-64-v4 (cascadelake)", Targets.shortForm(
                "x86-64-v4+adx+aes+avx512vnni+clflushopt+clwb+pku+prfchw+rdrnd+rdseed+sahf+xsavec@cascadelake"));
        assertEquals("x86-64-v3+5 features", Targets.shortForm("x86-64-v3+adx+aes+clwb+rdrnd+rdseed"));
        assertEquals("x86-64-v3+aes+clwb", Targets.shortForm("x86-64-v3+aes+clwb"));
    }

    /** The container flow, in real processes: keygen and a signed bake, then a strict runtime that trusts the key. */
    @Test
    void aStrictTrustingRuntimeLoadsSignedEntriesAndRefusesOthers() throws Exception {
        Path keys = tmp.resolve("keys5");
        Files.createDirectories(keys);
        Procs.Out kg = Procs.kiln(tmp, Map.of(), "keygen", keys.resolve("release").toString());
        assertEquals(0, kg.exit(), kg::toString);
        Procs.Out kg2 = Procs.kiln(tmp, Map.of(), "keygen", keys.resolve("other").toString());
        assertEquals(0, kg2.exit(), kg2::toString);
        Path appJar = TestApps.jar(app, tmp.resolve("signed-app.jar"));
        Path cache = tmp.resolve("image-cache");
        Procs.Out b = Procs.kiln(tmp, Map.of("KILN_SIGN_KEY", keys.resolve("release.key").toString()), "bake",
                "--classpath", appJar.toString(), "--cache", cache.toString(), "--target", "host");
        assertEquals(0, b.exit(), b::toString);
        Path runtimeJar = TestApps.jar(TestApps.runtimeLocation(), tmp.resolve("kiln-runtime-signed.jar"));
        String cp = Procs.join(runtimeJar, appJar);

        Procs.Out run = Procs.app(tmp, Map.of("KILN_CACHE_PATH", cache.toString(), "KILN_STRICT", "1",
                "KILN_TRUST", keys.resolve("release.pub").toString()), cp, "app.Main");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("RESULTS OK"), run::toString);

        Procs.Out refused = Procs.app(tmp, Map.of("KILN_CACHE_PATH", cache.toString(), "KILN_STRICT", "1",
                "KILN_TRUST", keys.resolve("other.pub").toString()), cp, "app.Main");
        assertTrue(refused.exit() != 0, refused::toString);
        assertTrue(refused.err().contains("kernel app.Losses.layer([DDD)D is not in the cache and strict mode forbids "
                + "compiling: untrusted: entry for x86-64-v"), refused::toString);
        assertTrue(refused.err().contains(", not trusted"), refused::toString);
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}
