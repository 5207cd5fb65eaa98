package dev.kiln.runtime.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One cache directory. Layout (content-addressed; no index shared between processes):
 *
 * <pre>
 * &lt;tier&gt;/CACHEDIR.TAG
 * &lt;tier&gt;/kiln-v1/kernels/&lt;Class.method-id16&gt;/        all entries of one kernel (class+method+descriptor)
 *     &lt;key&gt;/kernel.so, &lt;key&gt;/meta.txt           one entry, published by renaming a finished temp folder
 *     &lt;key&gt;/used                                 last-use marker (mtime), touched at most hourly
 *     &lt;key&gt;.lock                                 per-key OS file lock
 *     .tmp-&lt;key&gt;-&lt;nonce&gt;/                       a write in progress (or of a dead process)
 * &lt;tier&gt;/kiln-v1/quarantine/&lt;key&gt;-&lt;time&gt;/            entries that failed verification, with reason.txt
 * </pre>
 */
final class Tier implements Store {
    static final String LAYOUT = "kiln-v1";
    static final String LIBRARY = "kernel.so";
    static final String META = "meta.txt";
    static final String USED = "used";
    static final long MAX_META_BYTES = 1 << 20;

    final Path root;
    final int index;
    /** Never written, locked or repaired by this process (entries embedded in a jar): nobody can change them. */
    final boolean readOnly;
    private final String description;

    Tier(Path root, int index) {
        this(root, index, false, null);
    }

    /** {@code description}: how messages name the tier when its root is not a plain folder (null: the root). */
    Tier(Path root, int index, boolean readOnly, String description) {
        this.root = root.toAbsolutePath().normalize();
        this.index = index;
        this.readOnly = readOnly;
        this.description = description == null ? this.root.toString() : description;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Null if a file can be created in the tier, else why not. */
    @Override
    public IOException unwritable() {
        if (readOnly) return new IOException(description + " is read-only");
        try {
            Files.createDirectories(kernels());
            Path tag = root.resolve("CACHEDIR.TAG");
            if (!Files.exists(tag)) {
                try {
                    Files.writeString(tag, "Signature: 8a477f597d28d172789f06886806bc55\n"
                            + "# This file is a cache directory tag created by Kiln (native-code cache).\n");
                } catch (IOException ignored) {
                    // a tag is a courtesy to backup tools
                }
            }
            Path p = Files.createTempFile(kernels(), ".probe-", "");
            Files.delete(p);
            return null;
        } catch (IOException e) {
            return e;
        } catch (SecurityException | UnsupportedOperationException e) {
            return new IOException(e.toString(), e);
        }
    }

    /** The key's shared lock; none in a read-only tier, whose entries nobody changes (and which cannot hold one). */
    KeyLock sharedLock(Path kernelDir, String key) throws IOException {
        return readOnly ? KeyLock.none() : KeyLock.shared(lockFile(kernelDir, key));
    }

    Path kernels() {
        return root.resolve(LAYOUT).resolve("kernels");
    }

    Path quarantine() {
        return root.resolve(LAYOUT).resolve("quarantine");
    }

    Path kernelDir(String identity) {
        return kernels().resolve(kernelDirName(identity));
    }

    /** {@code Losses.clip-<16 hex of sha256(identity)>}: readable, short, never a path or descriptor character. */
    static String kernelDirName(String identity) {
        String readable = KernelKey.displayMethod(identity);
        int paren = readable.indexOf('(');
        if (paren >= 0) readable = readable.substring(0, paren);
        StringBuilder safe = new StringBuilder(readable.length());
        for (int i = 0; i < readable.length(); i++) {
            char c = readable.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '$' || c == '-';
            safe.append(ok ? c : '_');
        }
        readable = safe.toString();
        if (readable.length() > 80) readable = readable.substring(0, 80);
        String id = KeyEncoder.sha256Hex(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return readable + "-" + id;
    }

    static boolean isKey(String name) {
        return isHex64(name);
    }

    /** 64 lower-case hex digits (a loop, not a regex: this runs on every cache hit). */
    static boolean isHex64(String s) {
        if (s.length() != 64) return false;
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    static Path lockFile(Path kernelDir, String key) {
        return kernelDir.resolve(key + ".lock");
    }

    /** Entry folders (name = key) of one kernel folder; empty when it does not exist. */
    static List<Path> entryDirs(Path kernelDir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(kernelDir)) {
            for (Path p : ds) {
                if (isKey(p.getFileName().toString()) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.add(p);
            }
        } catch (IOException e) {
            // missing or unreadable: no entries
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Every kernel folder of this tier. */
    List<Path> kernelDirs() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(kernels())) {
            for (Path p : ds) if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.add(p);
        } catch (IOException e) {
            // no kernels yet
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static EntryMeta readMeta(Path entryDir) throws IOException, CorruptEntryException {
        byte[] data = readCapped(entryDir.resolve(META), MAX_META_BYTES);
        try {
            EntryMeta m = EntryMeta.parse(data);
            if (!m.key().equals(entryDir.getFileName().toString())) {
                throw new CorruptEntryException("metadata is for key " + m.key().substring(0, 16)
                        + "…, not this entry's");
            }
            if (m.created().equals(Instant.EPOCH)) { // not in the file (identical bytes per key): when it was written
                try {
                    m = m.withCreated(Files.getLastModifiedTime(entryDir.resolve(META)).toInstant());
                } catch (IOException e) {
                    // vanished meanwhile: the caller's next read says so
                }
            }
            return m;
        } catch (EntryMeta.MalformedEntryException e) {
            throw new CorruptEntryException(e.getMessage());
        }
    }

    /**
     * Reads and checks an entry: metadata parses and names this key, the key re-derives from its components, the
     * symbol derives from the key, the library has the recorded size and SHA-256 and is an ELF file. Returns the
     * library bytes (what gets loaded, so nothing can change between check and use).
     *
     * @throws NoSuchFileException    when the entry vanished meanwhile (evicted or quarantined): not corruption
     * @throws CorruptEntryException  with a one-line reason
     */
    static byte[] verify(Path entryDir, EntryMeta m) throws IOException, CorruptEntryException {
        if (!m.derivedKey().equals(m.key())) throw new CorruptEntryException("key does not match its components");
        if (!m.symbol().equals(KernelKey.symbol(m.key()))) throw new CorruptEntryException("symbol does not match key");
        if (!dev.kiln.model.KernelObjects.abiMatches(m.kernel(), m.abi().descriptor())) { // + tables, receiver fields
            throw new CorruptEntryException("ABI descriptor does not match the kernel");
        }
        byte[] lib = readCapped(entryDir.resolve(LIBRARY), Math.max(0, m.librarySize()) + 1);
        if (lib.length != m.librarySize()) {
            throw new CorruptEntryException("library is " + lib.length + " bytes, metadata says " + m.librarySize());
        }
        if (!KeyEncoder.sha256Hex(lib).equals(m.librarySha256())) {
            throw new CorruptEntryException("library SHA-256 does not match metadata");
        }
        if (lib.length < 4 || lib[0] != 0x7f || lib[1] != 'E' || lib[2] != 'L' || lib[3] != 'F') {
            throw new CorruptEntryException("library is not an ELF file");
        }
        return lib;
    }

    /** Reads at most {@code cap} bytes (a garbage file must not exhaust memory). */
    static byte[] readCapped(Path file, long cap) throws IOException {
        int max = (int) Math.min(cap, Integer.MAX_VALUE - 16);
        if (file.getFileSystem() != java.nio.file.FileSystems.getDefault()) { // inside a jar: no java.io path
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(max);
            }
        }
        // java.io rather than Files.newInputStream: a third of the interpreted code on a hit (no channel layers).
        java.io.FileInputStream fast;
        try {
            fast = new java.io.FileInputStream(file.toString());
        } catch (java.io.FileNotFoundException e) {
            try (InputStream in = Files.newInputStream(file)) { // the NIO exception callers expect (NoSuchFile, ...)
                return in.readNBytes(max);
            }
        }
        try (InputStream in = fast) {
            return in.readNBytes(max);
        }
    }

    /**
     * Publishes an entry: write both files into a temp folder next to the final one, fsync files and folder, rename
     * the folder into place atomically, fsync the parent. A crash at any instant leaves no entry or a whole one.
     * The caller holds the key's exclusive lock.
     */
    static Path publish(Path kernelDir, EntryMeta meta, byte[] library) throws IOException {
        return publish(kernelDir, meta, library, null);
    }

    /**
     * As {@link #publish(Path, EntryMeta, byte[])}, with the publisher's signature (null: unsigned). When a good entry
     * of this key is already there, a signer adds its signature to it only if it is exactly what was just compiled
     * (same signed metadata, same library bytes); otherwise the existing entry is moved to quarantine and replaced,
     * so a signature never vouches for bytes the signer did not produce.
     */
    static Path publish(Path kernelDir, EntryMeta meta, byte[] library, EntrySignature.Line signature)
            throws IOException {
        boolean fresh = !Files.isDirectory(kernelDir);
        Files.createDirectories(kernelDir);
        if (fresh) fsyncDir(kernelDir.getParent());
        cleanTemps(kernelDir, meta.key());
        Path tmp = kernelDir.resolve(".tmp-" + meta.key() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(tmp);
        try {
            writeSynced(tmp.resolve(LIBRARY), library);
            writeSynced(tmp.resolve(META), meta.toBytes());
            if (signature != null) writeSynced(tmp.resolve(EntrySignature.FILE), EntrySignature.format(List.of(signature)));
            fsyncDir(tmp);
            Path dest = kernelDir.resolve(meta.key());
            try {
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileSystemException e) {
                // Linux reports a non-empty target folder as ENOTEMPTY, which the JDK maps to a plain
                // FileSystemException (not DirectoryNotEmptyException): decide by looking.
                if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) throw e;
                String replaced;
                try {
                    EntryMeta there = readMeta(dest);
                    byte[] lib = verify(dest, there);
                    if (signature == null) return dest; // a good entry got there first (same key, same meaning): keep it
                    if (java.util.Arrays.equals(EntrySignature.payload(there, lib), EntrySignature.payload(meta, library))) {
                        EntrySignature.add(dest, signature);
                        return dest;
                    }
                    replaced = "differs from what a signing process compiled for this key";
                } catch (CorruptEntryException bad) {
                    replaced = bad.getMessage();
                }
                moveAside(dest, kernelDir.getParent().getParent().resolve("quarantine"),
                        replaced + " (replaced by a fresh write)");
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
            }
            fsyncDir(kernelDir);
            return dest;
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
    }

    /** Removes temp folders of {@code key}; only call while holding its exclusive lock (so their writers are dead). */
    static int cleanTemps(Path kernelDir, String key) {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(kernelDir, ".tmp-" + key + "-*")) {
            for (Path p : ds) {
                deleteTree(p);
                n++;
            }
        } catch (IOException e) {
            // nothing to clean
        }
        return n;
    }

    /** Moves an entry folder into quarantine (same file system, one rename) with a reason file; returns where. */
    static Path moveAside(Path entryDir, Path quarantine, String reason) throws IOException {
        Files.createDirectories(quarantine);
        Path dest = quarantine.resolve(entryDir.getFileName() + "-" + System.currentTimeMillis() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        Files.move(entryDir, dest, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.writeString(dest.resolve("reason.txt"), reason + "\n");
        } catch (IOException ignored) {
            // the move is what matters
        }
        return dest;
    }

    /** Last use: the marker's mtime, else the metadata's. */
    static Instant lastUsed(Path entryDir) {
        for (String f : new String[]{USED, META}) {
            try {
                return Files.getLastModifiedTime(entryDir.resolve(f)).toInstant();
            } catch (IOException e) {
                // try the next
            }
        }
        return Instant.EPOCH;
    }

    /**
     * Records a use unless one was recorded less than {@code intervalMillis} ago (so hits stay read-only almost
     * always); silently does nothing in a tier this process cannot write.
     */
    static void markUsed(Path entryDir, long intervalMillis) {
        Path used = entryDir.resolve(USED);
        try {
            long now = System.currentTimeMillis();
            long last; // one stat on the usual (recent) path, not exists() then a second stat
            try {
                last = Files.getLastModifiedTime(used).toMillis();
            } catch (NoSuchFileException e) {
                Files.write(used, new byte[0]);
                return;
            }
            if (now - last < intervalMillis) return;
            Files.setLastModifiedTime(used, FileTime.fromMillis(now));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // read-only tier: LRU order there is not ours to keep
        }
    }

    static long sizeOf(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    static void writeSynced(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
    }

    static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported on every file system; the rename is still atomic
        }
    }

    static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException e) {
                    // someone else is deleting it too, or it is read-only: leave it
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // already gone
        }
    }

    static String sha256Hex(byte[] data) {
        MessageDigest md = KeyEncoder.sha256();
        return HexFormat.of().formatHex(md.digest(data));
    }

    @Override
    public String toString() {
        return description;
    }
}
