package dev.kiln.runtime.cache;

import dev.kiln.KilnConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trust setting ({@code kiln.trust} / {@code KILN_TRUST}): the public keys whose signature makes an entry
 * loadable. Asked once per candidate entry, after its checksum and before it is loaded; absent (null) when the
 * setting is unset, so an unconfigured process pays nothing.
 */
final class Trust {
    private final List<byte[]> keys;
    private final List<String> fingerprints;

    private Trust(List<PublicKey> keys) {
        this.keys = keys.stream().map(PublicKey::getEncoded).toList();
        this.fingerprints = keys.stream().map(SigningKeys::fingerprint).toList();
    }

    /** Null when trust is not configured; throws KilnException for a setting that names no usable key. */
    static Trust of(KilnConfig config) {
        // No lambda: this runs whenever a cache is opened, in every fresh JVM.
        return config.trust().isPresent() ? new Trust(SigningKeys.parseTrust(config.trust().get())) : null;
    }

    List<String> fingerprints() {
        return fingerprints;
    }

    private boolean trusts(byte[] publicKey) {
        for (byte[] k : keys) if (Arrays.equals(k, publicKey)) return true;
        return false;
    }

    /** As {@link #check(Path, EntryMeta, byte[])} for a listed entry, read under its key's shared lock. */
    String check(EntryInfo e) {
        try (KeyLock l = KeyLock.shared(Tier.lockFile(e.dir().getParent(), e.key()))) {
            return check(e.dir(), e.meta(), Tier.verify(e.dir(), e.meta()));
        } catch (CorruptEntryException ex) {
            return "is corrupt (" + ex.getMessage() + ")";
        } catch (IOException ex) {
            return "is unreadable (" + ex.getMessage() + ")";
        }
    }

    /**
     * Null when a trusted key's signature matches this entry's metadata and library bytes (the bytes that will be
     * loaded), else why not, to follow "entry for x86-64-v3": {@code is unsigned}, {@code is signed by SHA256:…, not
     * trusted}, {@code has a signature by SHA256:… that does not match ...}.
     */
    String check(Path entryDir, EntryMeta m, byte[] library) throws IOException {
        List<EntrySignature.Line> lines;
        try {
            lines = EntrySignature.read(entryDir);
        } catch (CorruptEntryException e) {
            return "has an unreadable signature file (" + e.getMessage() + ")";
        }
        if (lines.isEmpty()) return "is unsigned";
        byte[] payload = EntrySignature.payload(m, library);
        List<String> tampered = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (EntrySignature.Line l : lines) {
            boolean ok = EntrySignature.verify(l, payload);
            if (ok && trusts(l.publicKey())) return null;
            if (!ok) tampered.add(l.fingerprint());
            else others.add(l.fingerprint());
        }
        if (!tampered.isEmpty()) {
            return "has a signature by " + String.join(", ", tampered)
                    + " that does not match its library and metadata (changed after signing)";
        }
        return "is signed by " + String.join(", ", others) + ", not trusted";
    }
}
