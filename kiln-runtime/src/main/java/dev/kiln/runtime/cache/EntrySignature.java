package dev.kiln.runtime.cache;

import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The signatures of a cache entry: {@code <entry>/signature}, UTF-8 lines
 *
 * <pre>
 * format: kiln-signature/1
 * signature: &lt;base64 X.509 public key&gt; &lt;base64 Ed25519 signature&gt;
 * </pre>
 *
 * one line per signer. What is signed ({@link #payload}) is everything that decides what gets loaded and how it is
 * called: the key and every component it derives from, the symbol and ABI, and the size and SHA-256 of the library
 * bytes themselves (hashed here, not taken from the metadata). Not signed: the creation time and the last-use marker,
 * which decide nothing.
 */
public final class EntrySignature {
    static final String FILE = "signature";
    static final String FORMAT = "kiln-signature/1";

    /** One signer's line: its public key (X.509 encoding) and signature. */
    record Line(byte[] publicKey, byte[] signature) {
        String fingerprint() {
            return SigningKeys.fingerprint(publicKey);
        }
    }

    /**
     * What an entry's signatures say, each checked against the library and metadata.
     *
     * @param validBy     fingerprints of signers whose signature matches the entry
     * @param invalidBy   fingerprints of signers whose signature does not match (the entry changed after signing)
     * @param unreadable  why the signature file could not be parsed, else null
     */
    public record Status(List<String> validBy, List<String> invalidBy, String unreadable) {
        public boolean unsigned() {
            return validBy.isEmpty() && invalidBy.isEmpty() && unreadable == null;
        }

        /** A reason the entry must be treated as tampered with, else null. */
        public String problem() {
            if (unreadable != null) return "signature file is unreadable (" + unreadable + ")";
            if (!invalidBy.isEmpty()) {
                return "signature by " + invalidBy.get(0) + " does not match the library and metadata (changed after signing)";
            }
            return null;
        }

        /** For people: {@code SHA256:…}, several joined by commas, {@code -} when unsigned, INVALID marked. */
        @Override
        public String toString() {
            List<String> parts = new ArrayList<>(validBy);
            invalidBy.forEach(f -> parts.add(f + " (INVALID)"));
            if (unreadable != null) parts.add("unreadable signature");
            return parts.isEmpty() ? "-" : String.join(",", parts);
        }
    }

    private EntrySignature() {
    }

    /** The signed bytes: one line per field, escaped like meta.txt, library size and hash from the bytes given. */
    static byte[] payload(EntryMeta m, byte[] library) {
        StringBuilder sb = new StringBuilder("kiln-signed-entry/1\n");
        field(sb, "key", m.key());
        field(sb, "kernel", m.kernel());
        field(sb, "compiler", m.compiler());
        field(sb, "target", m.target());
        field(sb, "options", m.options());
        field(sb, "inputs", m.inputs());
        m.methodDigests().forEach((method, d) -> field(sb, "method", d + " " + method));
        field(sb, "symbol", m.abi().symbol());
        field(sb, "abi-descriptor", m.abi().descriptor());
        field(sb, "abi-fault-record", Boolean.toString(m.abi().faultRecord()));
        for (String msg : m.abi().messages()) field(sb, "abi-message", msg);
        // Throw sites name classes the Java side initialises and constructs: signed like the rest of the ABI.
        for (var t : m.abi().throwSites()) field(sb, "abi-throw", t.encode());
        // and the code of the paths that run as Java, defined in the kernel's package at their first throw
        String javaPaths = dev.kiln.runtime.abi.ThrowSite.encodeJavaPaths(m.abi().throwSites());
        if (javaPaths != null) field(sb, "abi-java-paths", javaPaths);
        for (var c : m.abi().callSites()) field(sb, "abi-call-site", c.encode());
        if (!m.abi().rowsWritten()) field(sb, "abi-rows-read-only", "true");
        if (m.abi().zeroArrays()) field(sb, "abi-zero-arrays", "true");
        // which array native code fills in place is part of how the library is called
        if (m.abi().resultLength() != null) field(sb, "abi-result-length", m.abi().resultLength().encode());
        field(sb, "library-size", Integer.toString(library.length));
        field(sb, "library-sha256", KeyEncoder.sha256Hex(library));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append(": ").append(EntryMeta.escape(value)).append('\n');
    }

    /** A signer: a private key and its public half. */
    public record Signer(PrivateKey key, PublicKey publicKey) {
        public static Signer load(Path privateKeyFile) {
            PrivateKey k = SigningKeys.readPrivateKey(privateKeyFile);
            return new Signer(k, SigningKeys.publicOf(k));
        }

        public String fingerprint() {
            return SigningKeys.fingerprint(publicKey);
        }

        Line sign(EntryMeta m, byte[] library) {
            try {
                Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
                s.initSign(key);
                s.update(payload(m, library));
                return new Line(publicKey.getEncoded(), s.sign());
            } catch (GeneralSecurityException e) {
                throw new KilnException("cannot sign cache entry " + m.key() + ": " + e.getMessage(), e);
            }
        }
    }

    static boolean verify(Line l, byte[] payload) {
        try {
            Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
            s.initVerify(SigningKeys.publicKey(l.publicKey(), "signature"));
            s.update(payload);
            return s.verify(l.signature());
        } catch (GeneralSecurityException | KilnException e) {
            return false;
        }
    }

    /** The signature lines of an entry; empty when unsigned. */
    static List<Line> read(Path entryDir) throws IOException, CorruptEntryException {
        byte[] data;
        try {
            data = Tier.readCapped(entryDir.resolve(FILE), 1 << 20);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return parse(new String(data, StandardCharsets.UTF_8));
    }

    static List<Line> parse(String text) throws CorruptEntryException {
        List<Line> out = new ArrayList<>();
        boolean format = false;
        for (String raw : text.split("\n")) {
            if (raw.isEmpty()) continue;
            if (raw.equals("format: " + FORMAT)) {
                format = true;
                continue;
            }
            String[] f = raw.split(" ");
            if (f.length != 3 || !f[0].equals("signature:")) throw new CorruptEntryException("bad line in signature file");
            try {
                out.add(new Line(Base64.getDecoder().decode(f[1]), Base64.getDecoder().decode(f[2])));
            } catch (IllegalArgumentException e) {
                throw new CorruptEntryException("bad base64 in signature file");
            }
        }
        if (!format) throw new CorruptEntryException("not a " + FORMAT + " file");
        return out;
    }

    static byte[] format(List<Line> lines) {
        StringBuilder sb = new StringBuilder("format: " + FORMAT + "\n");
        for (Line l : lines) {
            sb.append("signature: ").append(Base64.getEncoder().encodeToString(l.publicKey())).append(' ')
                    .append(Base64.getEncoder().encodeToString(l.signature())).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Checks every signature of an entry against its metadata and the (already checksummed) library bytes. */
    static Status inspect(Path entryDir, EntryMeta m, byte[] library) throws IOException {
        List<Line> lines;
        try {
            lines = read(entryDir);
        } catch (CorruptEntryException e) {
            return new Status(List.of(), List.of(), e.getMessage());
        }
        if (lines.isEmpty()) return new Status(List.of(), List.of(), null);
        byte[] payload = payload(m, library);
        List<String> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (Line l : lines) (verify(l, payload) ? valid : invalid).add(l.fingerprint());
        return new Status(valid, invalid, null);
    }

    /** As {@link #inspect(Path, EntryMeta, byte[])} for a listed entry, read under its key's shared lock. */
    static Status inspect(EntryInfo e) {
        try (KeyLock l = KeyLock.shared(Tier.lockFile(e.dir().getParent(), e.key()))) {
            return inspect(e.dir(), e.meta(), Tier.verify(e.dir(), e.meta()));
        } catch (CorruptEntryException ex) {
            return new Status(List.of(), List.of(), "entry is corrupt: " + ex.getMessage());
        } catch (IOException ex) {
            return new Status(List.of(), List.of(), "unreadable: " + ex.getMessage());
        }
    }

    /** Whether {@code key} signed exactly this entry (metadata and library bytes). */
    static boolean signedBy(Path entryDir, EntryMeta m, byte[] library, PublicKey key) {
        try {
            byte[] payload = payload(m, library);
            for (Line l : read(entryDir)) {
                if (java.util.Arrays.equals(l.publicKey(), key.getEncoded()) && verify(l, payload)) return true;
            }
        } catch (IOException | CorruptEntryException e) {
            // unreadable: not signed by anyone
        }
        return false;
    }

    /**
     * Adds (or replaces) {@code signer}'s line in a published entry: written to a temp file and renamed over the old
     * one, so a reader sees the old file or the new one. The caller holds the key's exclusive lock.
     */
    static void add(Path entryDir, Line line) throws IOException {
        List<Line> lines = new ArrayList<>();
        try {
            for (Line l : read(entryDir)) if (!java.util.Arrays.equals(l.publicKey(), line.publicKey())) lines.add(l);
        } catch (CorruptEntryException e) {
            // an unreadable file is replaced by a readable one
        }
        lines.add(line);
        Path tmp = entryDir.resolve(".signature-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Tier.writeSynced(tmp, format(lines));
            Files.move(tmp, entryDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Tier.fsyncDir(entryDir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
