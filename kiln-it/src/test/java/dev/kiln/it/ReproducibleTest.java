package dev.kiln.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Same kernels, same Kiln, same target: byte-identical caches, whoever compiles them and from where. Two JVMs with
 * different working directories, users, homes, temporary directories and locales compile the same kernels into two
 * caches at different paths; every library, metadata file and direct-mode record must be equal byte for byte.
 */
class ReproducibleTest {
    private static final List<String> KERNELS = List.of(
            "dev.kiln.it.kernels.Many#k03:D", "dev.kiln.it.kernels.Many#k10:D", "dev.kiln.it.kernels.Scaled#weighted:D",
            "dev.kiln.it.kernels.Tabled#expSum:D", "dev.kiln.it.kernels.Variants#dot:F",
            "dev.kiln.it.kernels.Variants#peak:J", "dev.kiln.it.kernels.Variants#tail:I");

    @TempDir
    Path tmp;

    private Path compile(String who, String lang, String country, Path cache) throws Exception {
        Path home = Files.createDirectories(tmp.resolve(who + "/home"));
        Path work = Files.createDirectories(tmp.resolve(who + "/work/dir"));
        Path t = Files.createDirectories(tmp.resolve(who + "/tmp"));
        String locale = lang + "_" + country + ".UTF-8";
        Jvm.child().main(PipeStage.class).cache(cache).in(work)
                .env("HOME", home.toString()).env("USER", who).env("LOGNAME", who).env("TMPDIR", t.toString())
                .env("LANG", locale).env("LC_ALL", locale).env("LC_NUMERIC", locale)
                .prop("user.dir", work).prop("java.io.tmpdir", t).prop("user.name", who)
                .prop("user.language", lang).prop("user.country", country).prop("k", "2")
                .stats(tmp.resolve(who + ".json")).args("--rows", "2").args(KERNELS).run(300).ok();
        assertEquals(KERNELS.size(), Jvm.Stats.read(tmp.resolve(who + ".json")).compiles(), who + " compiled every kernel");
        return cache;
    }

    @Test
    void sameInputsGiveByteIdenticalLibrariesAndMetadata() throws Exception {
        Path a = compile("alice", "en", "US", tmp.resolve("a/cache"));
        Path b = compile("bob", "tr", "TR", tmp.resolve("bob-cache/a/much/deeper/tier"));
        Map<String, byte[]> fa = files(a), fb = files(b);
        assertEquals(fa.keySet(), fb.keySet(), "same entries, same names");
        assertEquals(KERNELS.size(), fa.keySet().stream().filter(p -> p.endsWith("/kernel.so")).count(), fa.keySet().toString());
        assertTrue(fa.keySet().stream().anyMatch(p -> p.startsWith("kiln-v1/direct/")), "direct records too");
        List<String> differ = new ArrayList<>();
        fa.forEach((p, bytes) -> {
            if (!java.util.Arrays.equals(bytes, fb.get(p))) differ.add(p + firstDifference(bytes, fb.get(p)));
        });
        assertEquals(List.of(), differ);
        for (var e : fa.entrySet()) {
            String text = new String(e.getValue(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(tmp.toString()), e.getKey() + " names a path of the run");
            assertFalse(text.contains("alice"), e.getKey() + " names the user");
        }
    }

    /** For text files, the first line that differs. */
    private static String firstDifference(byte[] a, byte[] b) {
        if (!new String(a, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("format: ")) return "";
        List<String> la = new String(a, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        List<String> lb = new String(b, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
            String x = i < la.size() ? la.get(i) : "(end)", y = i < lb.size() ? lb.get(i) : "(end)";
            if (!x.equals(y)) return "\n  " + x + "\n  " + y;
        }
        return "";
    }

    /** Relative path to bytes of every file that describes content (not the locks or last-use markers). */
    private static Map<String, byte[]> files(Path cache) throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".lock") || name.equals("used")) continue;
                m.put(cache.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }
}
