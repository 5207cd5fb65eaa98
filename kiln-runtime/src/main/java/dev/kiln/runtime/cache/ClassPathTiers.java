package dev.kiln.runtime.cache;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cache entries embedded in jars on the class path (by {@code kiln-maven-plugin}'s {@code embed}): read-only,
 * lowest-priority tiers, after every configured one, searched with every check a directory tier has (checksums, CPU
 * features) and never written: misses still go to the configured tiers, and a corrupt embedded entry is a miss like
 * any other (left in place). Each jar's {@value #INDEX} marks its {@code META-INF/kiln/} folder, a cache tier's
 * layout, which is read in place: a jar file through a read-only zip file system, a class-path folder as it is. Only
 * when the class path holds the entries somewhere else (a jar inside a jar) are the files the index lists copied
 * once per process into a private temporary folder. A kernel's library is copied out when it is loaded, as every
 * library is (see {@code pipeline.LibraryLoader}).
 */
final class ClassPathTiers {
    static final String INDEX = "META-INF/kiln/index";
    /** Index lines are relative paths of a tier's files: no absolute paths, no '..', no odd characters. */
    private static final Pattern SAFE = Pattern.compile("(?!/)(?!.*(^|/)\\.\\.?(/|$))[A-Za-z0-9._$/-]{1,400}");
    private static volatile List<Tier> tiers;

    private ClassPathTiers() {
    }

    static List<Tier> get() {
        List<Tier> t = tiers;
        if (t == null) {
            synchronized (ClassPathTiers.class) {
                if (tiers == null) tiers = load();
                t = tiers;
            }
        }
        return t;
    }

    private static List<Tier> load() {
        Set<String> indexes = new LinkedHashSet<>();
        for (ClassLoader l : new ClassLoader[] {ClassLoader.getSystemClassLoader(), ClassPathTiers.class.getClassLoader()}) {
            if (l == null) continue;
            try {
                for (URL u : Collections.list(l.getResources(INDEX))) indexes.add(u.toString());
            } catch (IOException e) {
                KilnCache.warnOnce("embedded", "cannot list embedded cache entries: " + e.getMessage());
            }
        }
        List<Tier> out = new ArrayList<>();
        for (String index : indexes) {
            try {
                Tier t = inPlace(index, 1_000_000 + out.size());
                out.add(t != null ? t : copied(index, 1_000_000 + out.size()));
            } catch (IOException | RuntimeException e) {
                KilnCache.warnOnce("embedded " + index, "cannot read the cache entries embedded at " + index + ": "
                        + e.getMessage() + "; they are not used");
            }
        }
        return List.copyOf(out);
    }

    /**
     * The index's folder read in place, or null when it is in neither a jar file nor a folder. Named
     * {@code jar:file:///…/app.jar!/META-INF/kiln} (a jar) or by its path (a folder).
     */
    private static Tier inPlace(String index, int order) throws IOException {
        URI u = URI.create(index);
        if ("file".equals(u.getScheme())) return new Tier(Path.of(u).getParent(), order, true, null);
        if (!"jar".equals(u.getScheme())) return null;
        String spec = u.getRawSchemeSpecificPart();
        int bang = spec.indexOf("!/");
        if (bang < 0 || spec.indexOf("!/", bang + 2) >= 0 || !spec.startsWith("file:")) return null; // nested jar
        Path jar = Path.of(URI.create(spec.substring(0, bang)));
        // Read-only: the zip file system never writes the jar back (its default is to, on close).
        FileSystem zip = FileSystems.newFileSystem(jar, Map.of("accessMode", "readOnly"));
        Path root = zip.getPath("/" + INDEX).getParent();
        return new Tier(root, order, true, "jar:" + jar.toUri() + "!" + root);
    }

    /** A private copy of the files the index lists (entries somewhere no file system reaches), deleted at exit. */
    private static Tier copied(String index, int order) throws IOException {
        Path dir = Files.createTempDirectory("kiln-embedded-");
        try {
            extract(index, dir);
        } catch (IOException | RuntimeException e) {
            Tier.deleteTree(dir);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Tier.deleteTree(dir), "kiln-embedded-cache"));
        return new Tier(dir, order, true, index.substring(0, index.length() - "/index".length()));
    }

    private static void extract(String index, Path dir) throws IOException {
        String base = index.substring(0, index.length() - "index".length());
        List<String> files;
        try (InputStream in = URI.create(index).toURL().openStream()) {
            files = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        for (String f : files) {
            if (!SAFE.matcher(f).matches()) throw new IOException("bad path in index: " + f);
            Path to = dir.resolve(f).normalize();
            if (!to.startsWith(dir)) throw new IOException("bad path in index: " + f);
            Files.createDirectories(to.getParent());
            try (InputStream in = URI.create(base + f).toURL().openStream()) {
                Files.copy(in, to);
            }
        }
    }
}
