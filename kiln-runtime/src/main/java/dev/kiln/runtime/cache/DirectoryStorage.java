package dev.kiln.runtime.cache;

import dev.kiln.spi.RemoteStorage;
import dev.kiln.spi.RemoteStorageProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * {@code file:///shared/kiln}: a remote tier in a folder, typically a network mount shared by hosts that must not
 * write each other's local tiers. Each object is one file; a put writes a temp file, fsyncs it and hard-links it to
 * its name, which fails if the name exists: atomic and never clobbering.
 */
public final class DirectoryStorage implements RemoteStorage {
    private final Path root;

    DirectoryStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The {@code file} scheme, registered for {@link java.util.ServiceLoader}. */
    public static final class Provider implements RemoteStorageProvider {
        @Override
        public Set<String> schemes() {
            return Set.of("file");
        }

        @Override
        public RemoteStorage open(URI uri, Duration timeout) throws IOException {
            if (uri.getPath() == null || uri.getPath().isEmpty()) throw new IOException("no folder in " + uri);
            return new DirectoryStorage(Path.of(uri.getPath()));
        }
    }

    private Path file(String name) throws IOException {
        for (String seg : name.split("/", -1)) {
            if (seg.isEmpty() || seg.startsWith(".")) throw new IOException("bad object name " + name);
        }
        return root.resolve(name);
    }

    @Override
    public Optional<byte[]> get(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean putIfAbsent(String name, byte[] data) throws IOException {
        Path dest = file(name);
        if (Files.exists(dest)) return false;
        Files.createDirectories(dest.getParent());
        Path tmp = dest.resolveSibling(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Tier.writeSynced(tmp, data);
            Files.createLink(dest, tmp);
            Tier.fsyncDir(dest.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public List<String> list(String prefix, int limit) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : file(prefix.substring(0, slash));
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = root.relativize(p).toString();
                if (out.size() >= limit) break;
                if (Files.isRegularFile(p) && n.startsWith(prefix) && !p.getFileName().toString().startsWith(".")) {
                    out.add(n);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    @Override
    public void close() {
    }
}
