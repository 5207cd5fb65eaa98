package dev.kiln.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * An application class path as given to {@code --classpath}: jars and class directories separated by
 * {@link File#pathSeparator}, with {@code dir/*} meaning every jar in {@code dir} (as {@code java -cp} does).
 * Every entry is checked up front so a typo is one clear error, not a missing kernel later.
 */
public final class ClassPath {
    private final String text;
    private final List<Path> entries;

    private ClassPath(String text, List<Path> entries) {
        this.text = text;
        this.entries = List.copyOf(entries);
    }

    /** @throws CliException (input) naming the first entry that is missing or is neither a directory nor a jar */
    public static ClassPath parse(String text) {
        if (text == null || text.isBlank()) throw CliException.input("bad classpath: it is empty");
        List<Path> entries = new ArrayList<>();
        for (String part : text.split(File.pathSeparator)) {
            if (part.isBlank()) continue;
            if (part.endsWith(File.separator + "*") || part.equals("*")) {
                Path dir = Path.of(part.substring(0, part.length() - 1).isEmpty() ? "." : part.substring(0, part.length() - 1));
                if (!Files.isDirectory(dir)) throw CliException.input("bad classpath: " + dir + " is not a directory (in '" + part + "')");
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")).sorted().forEach(entries::add);
                } catch (IOException e) {
                    throw CliException.input("bad classpath: cannot list " + dir + ": " + e.getMessage(), e);
                }
                continue;
            }
            Path p = Path.of(part);
            if (!Files.exists(p)) throw CliException.input("bad classpath: " + part + " does not exist");
            if (!Files.isReadable(p)) throw CliException.input("bad classpath: " + part + " is not readable");
            if (Files.isRegularFile(p)) {
                try (JarFile ignored = new JarFile(p.toFile())) {
                    // a readable zip: fine
                } catch (ZipException e) {
                    throw CliException.input("bad classpath: " + part + " is neither a directory nor a jar");
                } catch (IOException e) {
                    throw CliException.input("bad classpath: cannot open " + part + ": " + e.getMessage(), e);
                }
            } else if (!Files.isDirectory(p)) {
                throw CliException.input("bad classpath: " + part + " is neither a directory nor a jar");
            }
            entries.add(p);
        }
        if (entries.isEmpty()) throw CliException.input("bad classpath: '" + text + "' names no jars or directories");
        return new ClassPath(text, entries);
    }

    public List<Path> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * A loader over this class path whose parent is the platform loader, so the application's classes (and its own
     * copy of anything) are read from the class path only, never from the kiln tool's own jar.
     */
    public URLClassLoader newLoader() {
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toAbsolutePath().toUri().toURL();
            } catch (MalformedURLException e) {
                throw CliException.input("bad classpath entry " + entries.get(i) + ": " + e.getMessage(), e);
            }
        }
        return new URLClassLoader("kiln-app", urls, ClassLoader.getPlatformClassLoader());
    }

    /** Calls {@code visitor} with (where, bytes) for every {@code .class} file, in class-path order. */
    public void forEachClassFile(BiConsumer<String, byte[]> visitor) {
        for (Path e : entries) {
            try {
                if (Files.isDirectory(e)) {
                    try (Stream<Path> s = Files.walk(e)) {
                        for (Path f : (Iterable<Path>) s.filter(ClassPath::isClassFile).sorted()::iterator) {
                            visitor.accept(f.toString(), Files.readAllBytes(f));
                        }
                    }
                } else {
                    try (JarFile jar = new JarFile(e.toFile())) {
                        Enumeration<JarEntry> en = jar.entries();
                        while (en.hasMoreElements()) {
                            JarEntry je = en.nextElement();
                            String n = je.getName();
                            // Base entries only: versioned copies (META-INF/versions/N/) describe the same classes.
                            if (je.isDirectory() || !n.endsWith(".class") || n.startsWith("META-INF/")
                                    || n.endsWith("module-info.class")) continue;
                            try (InputStream in = jar.getInputStream(je)) {
                                visitor.accept(e + "!/" + n, in.readAllBytes());
                            }
                        }
                    }
                }
            } catch (IOException | UncheckedIOException ex) {
                throw CliException.input("cannot read classpath entry " + e + ": " + ex.getMessage(), ex);
            }
        }
    }

    private static boolean isClassFile(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".class") && !n.equals("module-info.class") && Files.isRegularFile(p);
    }
}
