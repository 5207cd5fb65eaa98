package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.KilnException;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static dev.kiln.runtime.cache.KilnCacheTest.fakeElf;
import static dev.kiln.runtime.cache.KilnCacheTest.meta;
import static org.junit.jupiter.api.Assertions.*;

/** Signed entries on real files: keys, what a signature covers, trust on lookup, fsck, signing publishers. No loading. */
class SignedEntryTest {
    @TempDir
    Path tmp;
    KernelKey spec;
    static final Target V3 = Target.level("x86-64-v3");
    static final Target V4 = Target.level("x86-64-v4");
    static final KeyPair A = SigningKeys.generate();
    static final KeyPair B = SigningKeys.generate();
    static final EntrySignature.Signer SIGNER_A = new EntrySignature.Signer(A.getPrivate(), A.getPublic());
    static final EntrySignature.Signer SIGNER_B = new EntrySignature.Signer(B.getPrivate(), B.getPublic());

    @BeforeEach
    void setUp() throws IOException {
        ClassLoader l = Sources.compile(tmp.resolve("classes"), Sources.base(), "-g");
        spec = KernelKey.of(KernelGraph.of(l, "k/Losses", "layer", null), CompileOptions.DEFAULT, KilnVersion.COMPILER);
    }

    Path put(Path tier, Target target, EntrySignature.Signer signer) throws IOException {
        byte[] lib = fakeElf(target.toString());
        EntryMeta m = meta(spec, target, lib);
        return Tier.publish(new Tier(tier, 0).kernelDir(spec.identity()), m, lib,
                signer == null ? null : signer.sign(m, lib));
    }

    KilnCache cache(Path tier, String trust) {
        return KilnCache.open(KilnConfig.defaults().withCachePath(List.of(tier)).withTrust(trust));
    }

    static String b64(KeyPair k) {
        return Base64.getEncoder().encodeToString(k.getPublic().getEncoded());
    }

    KilnCache.Result find(KilnCache c, Target host) {
        return c.find(spec, host.requiredFeatures(), host.toString(), true);
    }

    @Test
    void keysRoundTripThroughPemAndThePublicHalfIsDerived() throws Exception {
        Path priv = tmp.resolve("a.key");
        Files.writeString(priv, SigningKeys.pem(A.getPrivate()));
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        EntrySignature.Signer s = EntrySignature.Signer.load(priv);
        assertArrayEquals(A.getPublic().getEncoded(), s.publicKey().getEncoded(), "public key derived from the seed");
        Signature sig = Signature.getInstance("Ed25519");
        sig.initSign(s.key());
        sig.update(new byte[]{1, 2, 3});
        byte[] signed = sig.sign();
        sig.initVerify(A.getPublic());
        sig.update(new byte[]{1, 2, 3});
        assertTrue(sig.verify(signed));

        Path pub = tmp.resolve("keys.pem");
        Files.writeString(pub, SigningKeys.pem(A.getPublic()) + SigningKeys.pem(B.getPublic()));
        assertEquals(2, SigningKeys.parseTrust(pub.toString()).size(), "a file of several keys");
        assertEquals(List.of(A.getPublic()), SigningKeys.parseTrust(" " + b64(A) + " "));
        assertEquals(2, SigningKeys.parseTrust(b64(A) + "," + b64(B)).size());
        KilnException bad = assertThrows(KilnException.class, () -> SigningKeys.parseTrust("/no/such/file.pem"));
        assertTrue(bad.getMessage().contains("'/no/such/file.pem' is neither a file nor a base64 public key"), bad.getMessage());
        assertThrows(KilnException.class, () -> SigningKeys.parseTrust(priv.toString()), "a private key is not trust");

        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
        KilnException open = assertThrows(KilnException.class, () -> EntrySignature.Signer.load(priv));
        assertEquals("signing key " + priv + " is readable or writable by group or others (rw-r--r--); chmod 600 "
                + priv, open.getMessage());
        assertFalse(open.getMessage().contains("\n"));
    }

    @Test
    void aTrustedSignatureServesAndNothingElseDoes() throws IOException {
        Path a = tmp.resolve("a");
        put(a, V3, SIGNER_A);
        assertNotNull(find(cache(a, b64(A)), V3).found(), "signed by a trusted key");
        assertNotNull(find(cache(a, b64(B) + "," + b64(A)), V3).found(), "one of several trusted keys");

        KilnCache.Result wrong = find(cache(a, b64(B)), V3);
        assertNull(wrong.found());
        assertEquals(MissReason.UNTRUSTED, wrong.verdict().reason().orElseThrow());
        assertEquals("entry for x86-64-v3 is signed by " + SIGNER_A.fingerprint() + ", not trusted",
                wrong.verdict().detail());
        assertTrue(Files.exists(a.resolve("kiln-v1/kernels")), "an untrusted entry stays: others may trust it");
        assertNotNull(find(cache(a, null), V3).found(), "without trust it serves as before");

        Path u = tmp.resolve("u");
        put(u, V3, null);
        KilnCache.Result unsigned = find(cache(u, b64(A)), V3);
        assertEquals("untrusted: entry for x86-64-v3 is unsigned", unsigned.verdict().toString());
        assertNotNull(find(cache(u, null), V3).found());
    }

    @Test
    void aTamperedLibraryWithAValidChecksumIsRefused() throws IOException {
        Path a = tmp.resolve("a");
        Path dir = put(a, V3, SIGNER_A);
        // The attacker replaces the code and rewrites the metadata to match: the checksum alone cannot tell.
        byte[] evil = fakeElf("evil code for the same symbol");
        Files.write(dir.resolve("kernel.so"), evil);
        String meta = Files.readString(dir.resolve("meta.txt"))
                .replaceAll("library-size: \\d+", "library-size: " + evil.length)
                .replaceAll("library-sha256: [0-9a-f]{64}", "library-sha256: " + KeyEncoder.sha256Hex(evil));
        Files.writeString(dir.resolve("meta.txt"), meta);
        KilnCache.Found plain = find(cache(a, null), V3).found();
        assertNotNull(plain, "the checksum passes");
        assertArrayEquals(evil, plain.library());

        KilnCache.Result r = find(cache(a, b64(A)), V3);
        assertNull(r.found());
        assertEquals("untrusted: entry for x86-64-v3 has a signature by " + SIGNER_A.fingerprint()
                + " that does not match its library and metadata (changed after signing)", r.verdict().toString());

        // fsck calls it what it is, tampering, and moves it aside whatever this process trusts.
        KilnCache.FsckReport f = cache(a, null).verify();
        assertEquals(1, f.problems().size(), f.toString());
        assertTrue(f.problems().get(0).reason().startsWith("signature by " + SIGNER_A.fingerprint() + " does not match"),
                f.toString());
        assertFalse(Files.exists(dir));
    }

    @Test
    void theSignatureCoversTheMetadataThatDecidesWhatIsCalled() throws IOException {
        Path a = tmp.resolve("a");
        Path v3 = put(a, V3, SIGNER_A);
        Path v4 = put(a, V4, SIGNER_A);
        // A valid signature of another entry, copied over: it signs another key and target.
        Files.copy(v4.resolve("signature"), v3.resolve("signature"), StandardCopyOption.REPLACE_EXISTING);
        KilnCache.Result r = find(cache(a, b64(A)), V3);
        assertEquals(MissReason.UNTRUSTED, r.verdict().reason().orElseThrow());
        assertTrue(r.verdict().detail().contains("does not match"), r.verdict().detail());

        // An ABI field changed in the metadata (how the function is called): the key still derives, the
        // checksum still matches, the signature does not.
        Path b = tmp.resolve("b");
        Path dir = put(b, V3, SIGNER_A);
        String meta = Files.readString(dir.resolve("meta.txt"));
        Files.writeString(dir.resolve("meta.txt"), meta.replace("abi-fault-record: true", "abi-fault-record: false"));
        assertNotNull(find(cache(b, null), V3).found());
        assertTrue(find(cache(b, b64(A)), V3).verdict().detail().contains("does not match"));
    }

    @Test
    void anotherSignatureDoesNotHideATrustedOne() throws Exception {
        Path a = tmp.resolve("a");
        Path dir = put(a, V3, SIGNER_B);
        byte[] lib = Files.readAllBytes(dir.resolve("kernel.so"));
        EntrySignature.add(dir, SIGNER_A.sign(Tier.readMeta(dir), lib));
        assertEquals(2, EntrySignature.read(dir).size());
        assertNotNull(find(cache(a, b64(A)), V3).found());
        assertNotNull(find(cache(a, b64(B)), V3).found());
        EntryInfo e = cache(a, null).list().get(0);
        EntrySignature.Status s = cache(a, null).signatures(e);
        assertEquals(List.of(SIGNER_B.fingerprint(), SIGNER_A.fingerprint()), s.validBy());
        assertNull(s.problem());
    }

    @Test
    void aSigningPublisherSignsIdenticalEntriesAndReplacesOthers() throws Exception {
        Path a = tmp.resolve("a");
        Path dir = put(a, V3, null);
        // Same bytes again, by a signer: the existing entry gains the signature.
        assertEquals(dir, put(a, V3, SIGNER_A));
        assertTrue(EntrySignature.signedBy(dir, Tier.readMeta(dir), Files.readAllBytes(dir.resolve("kernel.so")),
                A.getPublic()));
        assertTrue(cache(a, null).verify().clean());

        // An unsigned entry of the same key with other bytes: the signer does not vouch for them; it replaces them.
        Path b = tmp.resolve("b");
        Path other = Tier.publish(new Tier(b, 0).kernelDir(spec.identity()),
                meta(spec, V3, fakeElf("someone else's bytes")), fakeElf("someone else's bytes"));
        Path mine = put(b, V3, SIGNER_A);
        assertEquals(other, mine);
        assertArrayEquals(fakeElf(V3.toString()), Files.readAllBytes(mine.resolve("kernel.so")));
        assertNotNull(find(cache(b, b64(A)), V3).found());
        try (Stream<Path> q = Files.list(b.resolve("kiln-v1/quarantine"))) {
            Path moved = q.findFirst().orElseThrow();
            assertTrue(Files.readString(moved.resolve("reason.txt")).contains("differs from what a signing process compiled"));
            assertArrayEquals(fakeElf("someone else's bytes"), Files.readAllBytes(moved.resolve("kernel.so")));
        }
    }

    @Test
    void aGarbageSignatureFileIsNeitherTrustedNorACrash() throws IOException {
        Path a = tmp.resolve("a");
        Path dir = put(a, V3, SIGNER_A);
        Files.write(dir.resolve("signature"), "format: kiln-signature/1\nsignature: !!! ???\n".getBytes(StandardCharsets.UTF_8));
        KilnCache.Result r = find(cache(a, b64(A)), V3);
        assertEquals("untrusted: entry for x86-64-v3 has an unreadable signature file (bad base64 in signature file)",
                r.verdict().toString());
        Files.write(dir.resolve("signature"), Arrays.copyOf(Files.readAllBytes(dir.resolve("kernel.so")), 40));
        assertEquals(MissReason.UNTRUSTED, find(cache(a, b64(A)), V3).verdict().reason().orElseThrow());
    }
}
