package dev.kiln.it;

import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.EntryInfo;
import dev.kiln.runtime.cache.KilnCache;
import dev.kiln.runtime.cache.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Signed entries between real processes: a signing process fills the cache, trusting processes load only what a
 * trusted key signed (strict: an error naming the kernel; otherwise compiled again), and a tampered library whose
 * metadata was rewritten to match, an unsigned entry and one signed by another key are never loaded.
 */
class SignedEntriesTest {
    @TempDir
    Path tmp;

    static String k(int i) {
        return Jvm.MANY + String.format("k%02d", i);
    }

    Path key(String name, KeyPair kp) throws Exception {
        Path priv = tmp.resolve(name + ".key");
        Files.writeString(priv, SigningKeys.pem(kp.getPrivate()));
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tmp.resolve(name + ".pub"), SigningKeys.pem(kp.getPublic()));
        return priv;
    }

    Map<Integer, Path> entries(Path cache) {
        KilnCache c = KilnCache.open(KilnConfig.defaults().withCachePath(List.of(cache)));
        Map<Integer, Path> out = new java.util.HashMap<>();
        for (EntryInfo e : c.list()) out.put(Integer.parseInt(e.kernel().replaceAll(".*\\.k(\\d\\d)\\(.*", "$1")), e.dir());
        return out;
    }

    @Test
    void onlyEntriesSignedByATrustedKeyAreLoaded() throws Exception {
        KeyPair a = SigningKeys.generate();
        KeyPair b = SigningKeys.generate();
        Path keyA = key("a", a);
        Path keyB = key("b", b);
        String trustA = tmp.resolve("a.pub").toString();
        Path cache = tmp.resolve("cache");

        // Good (k00, k01), unsigned (k02) and signed by a key nobody trusts (k03).
        Jvm.child().cache(cache).prop("kiln.sign.key", keyA).args(k(0), k(1)).run(240).ok();
        Jvm.child().cache(cache).args(k(2)).run(240).ok();
        Jvm.child().cache(cache).prop("kiln.sign.key", keyB).args(k(3)).run(240).ok();

        Jvm.Result good = Jvm.child().cache(cache).prop("kiln.trust", trustA).prop("kiln.strict", true)
                .args(k(0), k(1)).run(120).ok();
        assertEquals(2, good.count("OK "), good.toString());

        Jvm.Result unsigned = Jvm.child().cache(cache).prop("kiln.trust", trustA).prop("kiln.strict", true)
                .args(k(2)).run(120);
        assertEquals(3, unsigned.exit(), unsigned.toString());
        assertTrue(unsigned.out().contains("kernel dev.kiln.it.kernels.Many.k02([DD)D is not in the cache and strict "
                + "mode forbids compiling: untrusted: entry for x86-64-v"), unsigned.toString());
        assertTrue(unsigned.out().contains(" is unsigned"), unsigned.toString());

        Jvm.Result wrongKey = Jvm.child().cache(cache).prop("kiln.trust", trustA).prop("kiln.strict", true)
                .args(k(3)).run(120);
        assertEquals(3, wrongKey.exit(), wrongKey.toString());
        assertTrue(wrongKey.out().contains("Many.k03([DD)D is not in the cache"), wrongKey.toString());
        assertTrue(wrongKey.out().contains(" is signed by " + SigningKeys.fingerprint(b.getPublic()) + ", not trusted"),
                wrongKey.toString());

        // Tamper with k00: new library bytes (trailing bytes keep it a loadable ELF file), metadata rewritten to match.
        Path e0 = entries(cache).get(0);
        byte[] lib = Files.readAllBytes(e0.resolve("kernel.so"));
        byte[] evil = Arrays.copyOf(lib, lib.length + 64);
        Arrays.fill(evil, lib.length, evil.length, (byte) 0xcc);
        Files.write(e0.resolve("kernel.so"), evil);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(evil));
        Files.writeString(e0.resolve("meta.txt"), Files.readString(e0.resolve("meta.txt"))
                .replaceAll("library-size: \\d+", "library-size: " + evil.length)
                .replaceAll("library-sha256: [0-9a-f]{64}", "library-sha256: " + sha));
        // Without trust the checksum is all there is: the tampered library is loaded (a strict hit).
        Jvm.Result blind = Jvm.child().cache(cache).prop("kiln.strict", true).args(k(0)).run(120).ok();
        assertEquals(1, blind.count("OK "), blind.toString());
        Jvm.Result refused = Jvm.child().cache(cache).prop("kiln.trust", trustA).prop("kiln.strict", true)
                .args(k(0)).run(120);
        assertEquals(3, refused.exit(), refused.toString());
        assertTrue(refused.out().contains("Many.k00([DD)D is not in the cache and strict mode forbids compiling: "
                + "untrusted: entry for x86-64-v"), refused.toString());
        assertTrue(refused.out().contains("has a signature by " + SigningKeys.fingerprint(a.getPublic())
                + " that does not match its library and metadata"), refused.toString());

        // A trusting process without a signing key compiles its own copy of each and runs it; the cache is left
        // as it was, so the next trusting process compiles again (the documented price of having no key).
        Path stats = tmp.resolve("nokey.json");
        Jvm.Result nokey = Jvm.child().cache(cache).prop("kiln.trust", trustA).stats(stats).args(k(0), k(2), k(3))
                .run(240).ok();
        assertEquals(3, nokey.count("OK "), nokey.toString());
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(Long.valueOf(3), s.missesByReason().get("untrusted"), s.missLog().toString());
        assertEquals(3, s.compiles());
        assertArrayEquals(evil, Files.readAllBytes(e0.resolve("kernel.so")), "not its to replace without a key");

        // A trusting process with the trusted key compiles each again and repairs the cache: the tampered entry
        // is replaced (and quarantined), the identical unsigned and other-key entries gain its signature.
        Jvm.Result signer = Jvm.child().cache(cache).prop("kiln.trust", trustA).prop("kiln.sign.key", keyA)
                .args(k(0), k(2), k(3)).run(240).ok();
        assertEquals(3, signer.count("OK "), signer.toString());
        try (Stream<Path> q = Files.list(cache.resolve("kiln-v1/quarantine"))) {
            assertEquals(1, q.count());
        }
        Jvm.Result all = Jvm.child().cache(cache).prop("kiln.trust", trustA).prop("kiln.strict", true)
                .args(k(0), k(1), k(2), k(3)).run(120).ok();
        assertEquals(4, all.count("OK "), all.toString());
        assertTrue(Files.readString(entries(cache).get(3).resolve("signature")).lines()
                .filter(l -> l.startsWith("signature: ")).count() == 2, "k03: signed by b and by a");
    }

    @Test
    void aBadTrustSettingIsOneClearError() throws Exception {
        Jvm.Result r = Jvm.child().cache(tmp.resolve("c")).prop("kiln.trust", tmp.resolve("missing.pub"))
                .args(k(0)).run(120);
        // Kiln.create() fails (fail closed, never "trust nothing" silently or "trust everything").
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("KilnException: kiln.trust: '" + tmp.resolve("missing.pub") + "' is neither a "
                + "file nor a base64 public key"), r.toString());
    }
}
