package dev.kiln.runtime.cache;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cache entries embedded in jars on the class path (by {@code kiln-maven-plugin}'s {@code embed}): the read-only,
 * lowest-priority tiers, after every configured one. Each jar's {@value #INDEX} lists its files (paths under
 * {@code META-INF/kiln/}, a cache tier's layout); they are copied once per process into a private temporary folder,
 * which is then read like any directory tier, with every check one has (checksums, CPU features), and never written
 * by a compile: misses still go to the configured tiers. A corrupt embedded entry is a miss like any other.
 */
final class EmbeddedTiers {
    static final String INDEX = "META-INF/kiln/index";
    /** Index lines are relative paths of a tier's files: no absolute paths, no '..', no odd characters. */
    private static final Pattern SAFE = Pattern.compile("(?!/)(?!.*(^|/)\\.\\.?(/|$))[A-Za-z0-9._$/-]{1,400}");
    private static volatile List<Tier> tiers;

    private EmbeddedTiers() {
    }

    static List<Tier> get() {
        List<Tier> t = tiers;
        if (t == null) {
            synchronized (EmbeddedTiers.class) {
                if (tiers == null) tiers = load();
                t = tiers;
            }
        }
        return t;
    }

    private static List<Tier> load() {
        Set<String> indexes = new LinkedHashSet<>();
        for (ClassLoader l : new ClassLoader[] {ClassLoader.getSystemClassLoader(), EmbeddedTiers.class.getClassLoader()}) {
            if (l == null) continue;
            try {
                for (URL u : Collections.list(l.getResources(INDEX))) indexes.add(u.toString());
            } catch (IOException e) {
                KilnCache.warnOnce("embedded", "cannot list embedded cache entries: " + e.getMessage());
            }
        }
        List<Tier> out = new ArrayList<>();
        for (String index : indexes) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("kiln-embedded-");
                extract(index, dir);
                out.add(new Tier(dir, 1_000_000 + out.size()));
                Path d = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Tier.deleteTree(d), "kiln-embedded-cache"));
            } catch (IOException | RuntimeException e) {
                if (dir != null) Tier.deleteTree(dir);
                KilnCache.warnOnce("embedded " + index, "cannot read the cache entries embedded at " + index + ": "
                        + e.getMessage() + "; they are not used");
            }
        }
        return List.copyOf(out);
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
