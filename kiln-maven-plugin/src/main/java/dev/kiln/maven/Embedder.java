package dev.kiln.maven;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Puts a cache directory's entries into a jar under {@code META-INF/kiln/} with an index of its files, where the
 * runtime finds them on the class path as a read-only, lowest-priority tier. Only complete entries are copied (an
 * entry folder named by its key with both {@code kernel.so} and {@code meta.txt}, and its {@code signature} if
 * signed); locks, temporary folders,
 * quarantine and use marks stay behind.
 */
public final class Embedder {
    static final String PREFIX = "META-INF/kiln/";
    static final String LAYOUT = "kiln-v1";

    private Embedder() {
    }

    /** Embeds the entries of {@code cacheDir} into {@code jar} (replacing any embedded before); returns their number. */
    public static int embed(Path cacheDir, Path jar) throws IOException {
        List<String> files = new ArrayList<>();
        Path kernels = cacheDir.resolve(LAYOUT).resolve("kernels");
        if (Files.isDirectory(kernels)) {
            try (Stream<Path> s = Files.walk(kernels, 2)) {
                for (Path entry : s.filter(p -> p.getNameCount() == kernels.getNameCount() + 2).sorted().toList()) {
                    if (!entry.getFileName().toString().matches("[0-9a-f]{64}")) continue;
                    Path so = entry.resolve("kernel.so"), meta = entry.resolve("meta.txt");
                    if (!Files.isRegularFile(so) || !Files.isRegularFile(meta)) continue;
                    files.add(cacheDir.relativize(meta).toString().replace('\\', '/'));
                    files.add(cacheDir.relativize(so).toString().replace('\\', '/'));
                    Path sig = entry.resolve("signature"); // signed entries keep their signatures, checked as in any tier
                    if (Files.isRegularFile(sig)) files.add(cacheDir.relativize(sig).toString().replace('\\', '/'));
                }
            }
        }
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path root = zip.getPath("/" + PREFIX);
            if (Files.exists(root)) {
                try (Stream<Path> old = Files.walk(root)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
            for (String f : files) {
                Path to = zip.getPath("/" + PREFIX + f);
                Files.createDirectories(to.getParent());
                Files.copy(cacheDir.resolve(f), to);
            }
            Files.createDirectories(root);
            Files.writeString(root.resolve("index"), String.join("\n", files) + "\n", StandardCharsets.UTF_8);
        }
        return (int) files.stream().filter(f -> f.endsWith("/kernel.so")).count();
    }
}
