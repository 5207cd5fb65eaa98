package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;
import dev.kiln.model.StaticTables;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cache's "direct mode" (as in ccache): a record, per kernel request, of the raw class files its key was derived
 * from, so that a later request whose class files are byte-for-byte unchanged gets the key's parts without parsing a
 * class file. A kernel graph is a function of exactly the class files looked up while building it (their bytes, or
 * their absence; see {@link KernelGraph#classFiles()}); the key is a function of the graph and of the
 * {@link KeyedInputs} (computed constants, assertion status, constant tables, options, compiler), which the record stores
 * by value. A hit needs equal digests and this process's values equal to the recorded ones. When anything differs
 * the record is not used and the key is derived in full, so an edited callee, or another {@code -Dk=...} feeding a
 * computed constant, still misses.
 *
 * <p>File: {@code <tier>/kiln-v1/direct/<id>.txt}, where the id hashes the request (class, method name, descriptor
 * or {@code *} for "by name"), the SHA-256 of the kernel class's bytes, the compiler identity, the options and the
 * key encoding's version. Text lines, the last one a SHA-256 of the others, so a torn or damaged record is ignored
 * (never trusted): it costs only the full derivation. Nothing in it is a path or a time, so it relocates with the
 * tier. Written atomically (temp file, rename); a record is a pure function of its id, so concurrent writers
 * write the same bytes.
 */
final class DirectIndex {
    static final String FORMAT = "kiln-direct/2";
    static final String DIR = "direct";
    private static final String BY_NAME = "*";

    private DirectIndex() {
    }

    /** A kernel request as the application makes it: descriptor null means "the only method of that name". */
    record Request(ClassLoader loader, String owner, String name, String descriptor, Class<?> ownerClass) {
        Request(ClassLoader loader, String owner, String name, String descriptor) {
            this(loader, owner, name, descriptor, null);
        }
    }

    /**
     * The SHA-256 of a loaded kernel class's file, read once per class and process: every kernel of a class (and
     * every Kiln instance) asks for the same bytes, and hashing them is interpreted work on each hit. The class is
     * already defined, so the memo describes the code this JVM runs even if the file is rewritten later. Empty when
     * unreadable or absent (then never memoised).
     */
    private static final ClassValue<String> CLASS_DIGESTS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> c) {
            ClassLoader l = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
            String d = digest(l, c.getName().replace('.', '/'), new HashMap<>());
            return d == null || d.equals(KernelGraph.ABSENT) ? "" : d;
        }
    };

    /** The key's parts and the kernel's constant tables ({@link StaticTables}), both functions of the class files. */
    record Hit(KernelKey key, List<StaticTables.Table> tables) {
    }

    static Path file(Tier t, String id) {
        return t.root.resolve(Tier.LAYOUT).resolve(DIR).resolve(id + ".txt");
    }

    static String id(String owner, String name, String descriptor, String classDigest, String compiler,
                     CompileOptions options) {
        return new KernelKey.Canon().str(FORMAT).str(KeyEncoder.METHOD_FORMAT).str(Implementation.STAMP).str(compiler)
                .str(options.toString()).str(owner).str(name).str(descriptor == null ? BY_NAME : descriptor)
                .str(classDigest).sha256();
    }

    /**
     * A stamp of the code that turns class files into a key and tables (graph building, the JDK leaf list, the key
     * encoding, table detection, this class). A record maps class files to what that code made of them; a Kiln build
     * whose code differs, even under the same version string, must not trust it, so the stamp is part of the id.
     * CRC32C (intrinsic even in the interpreter) over the class files' bytes, with their lengths: it identifies a
     * build of Kiln's own code, a few KB read once per process, not content an attacker chooses.
     */
    static final class Implementation {
        /** Computes the stamp now (class initialisation, once per process), on whichever thread asks first. */
        static void prepare() {
            if (STAMP.isEmpty()) throw new IllegalStateException("empty implementation stamp");
        }


        static final String STAMP = stamp();

        private static String stamp() {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            StringBuilder lengths = new StringBuilder();
            ClassLoader l = DirectIndex.class.getClassLoader() != null ? DirectIndex.class.getClassLoader()
                    : ClassLoader.getSystemClassLoader();
            for (String c : new String[]{"dev/kiln/model/KernelGraph", "dev/kiln/model/JdkLeaves",
                    "dev/kiln/model/StaticTables", "dev/kiln/model/MethodRef", "dev/kiln/runtime/cache/KeyEncoder",
                    "dev/kiln/runtime/cache/KernelKey", "dev/kiln/runtime/cache/DirectIndex",
                    "dev/kiln/runtime/cache/KeyedInputs", "dev/kiln/runtime/cache/KeyedInputs$Reader",
                    "dev/kiln/runtime/cache/KeyedInputs$Lines",
                    "dev/kiln/model/StaticFinals", "dev/kiln/model/StaticFields", "dev/kiln/model/JdkTables",
                    "dev/kiln/model/ImmutableTables", "dev/kiln/model/TableFlow"}) {
                try (InputStream in = l.getResourceAsStream(c + ".class")) {
                    byte[] b = in == null ? new byte[0] : in.readAllBytes();
                    crc.update(b);
                    lengths.append(b.length).append(',');
                } catch (IOException e) {
                    lengths.append("?,"); // unreadable: the stamp still differs from a build that could read it
                }
            }
            return Long.toHexString(crc.getValue()) + "/" + lengths;
        }
    }

    /**
     * The key parts for {@code r} from a record whose class files all match this loader's, or null (no record, a
     * damaged one, or a class file that changed, appeared or vanished): then derive the key in full.
     */
    static Hit lookup(List<Tier> tiers, Request r, String compiler, CompileOptions options) {
        Map<String, String> digests = new HashMap<>();
        String memo = r.ownerClass == null ? "" : CLASS_DIGESTS.get(r.ownerClass);
        if (!memo.isEmpty()) digests.put(r.owner, memo);
        String root = digest(r.loader, r.owner, digests);
        if (root == null || root.equals(KernelGraph.ABSENT)) return null;
        String id = id(r.owner, r.name, r.descriptor, root, compiler, options);
        for (Tier t : tiers) {
            byte[] data;
            try {
                data = Tier.readCapped(file(t, id), Tier.MAX_META_BYTES);
            } catch (IOException | SecurityException e) {
                continue;
            }
            Hit k = parse(data, r, digests, compiler, options);
            if (k != null) return k;
        }
        return null;
    }

    private static Hit parse(byte[] data, Request r, Map<String, String> digests, String compiler,
                                   CompileOptions options) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int check = text.lastIndexOf("\ncheck: ") + 1;
        if (check <= 0 || !text.startsWith("format: " + FORMAT + "\n")) return null;
        String body = text.substring(0, check);
        String sum = text.substring(check + 7).trim();
        if (!sum.equals(KeyEncoder.sha256Hex(body.getBytes(StandardCharsets.ISO_8859_1)))) return null;
        body = new String(data, 0, check, StandardCharsets.UTF_8);
        String owner = null, name = null, descriptor = null;
        TreeMap<String, String> methods = new TreeMap<>();
        List<StaticTables.Table> tables = new ArrayList<>();
        KeyedInputs.Lines keyed = new KeyedInputs.Lines();
        int at = 0;
        while (at < body.length()) {
            int nl = body.indexOf('\n', at);
            if (nl < 0) return null;
            String line = body.substring(at, nl);
            at = nl + 1;
            int colon = line.indexOf(": ");
            if (colon < 0) return null;
            String field = line.substring(0, colon);
            String value = line.substring(colon + 2);
            switch (field) {
                case "format" -> { }
                case "owner" -> owner = value;
                case "name" -> name = value;
                case "descriptor" -> descriptor = value;
                case "class", "absent" -> {
                    int sp = value.indexOf(' ');
                    String cls = field.equals("absent") ? value : value.substring(sp + 1);
                    String want = field.equals("absent") ? KernelGraph.ABSENT : value.substring(0, Math.max(sp, 0));
                    if (!want.equals(digest(r.loader, cls, digests))) return null;
                }
                case "method" -> {
                    int sp = value.indexOf(' ');
                    if (sp != 64) return null;
                    methods.put(value.substring(sp + 1), value.substring(0, sp));
                }
                case "table" -> {
                    int a = value.indexOf(' ');
                    int b = value.indexOf(' ', a + 1);
                    if (a <= 0 || b <= a + 1 || !StaticTables.isStaticTableType(value.substring(b + 1))) return null;
                    tables.add(new StaticTables.Table(value.substring(0, a), value.substring(a + 1, b), value.substring(b + 1)));
                }
                default -> {
                    try {
                        if (!keyed.accept(field, value)) return null; // a field this version does not know: do not guess
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
            }
        }
        if (owner == null || name == null || descriptor == null || methods.isEmpty()
                || !owner.equals(r.owner) || !name.equals(r.name)
                || (r.descriptor != null && !descriptor.equals(r.descriptor))) {
            return null;
        }
        MethodRef kernel = new MethodRef(owner, name, descriptor);
        if (!methods.containsKey(kernel.toString())) return null;
        KeyedInputs inputs = keyed.build(compiler, options);
        // The class files match; the values this process has must match too (another -Dk=..., -ea instead of -da).
        if (inputs.mismatch(r.loader) != null) return null;
        return new Hit(new KernelKey(kernel, KernelKey.inputsDigest(kernel.toString(), methods), methods, inputs),
                List.copyOf(tables));
    }

    /** SHA-256 of a class file's bytes through {@code loader}, {@link KernelGraph#ABSENT}, or null if unreadable. */
    private static String digest(ClassLoader loader, String internalName, Map<String, String> memo) {
        String d = memo.get(internalName);
        if (d != null) return d;
        boolean jdk = KernelGraph.isJdkOwner(internalName);
        if (jdk && (d = JDK_DIGESTS.get(internalName)) != null) return d;
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            d = in == null ? KernelGraph.ABSENT : KernelGraph.sha256Hex(in.readAllBytes());
        } catch (IOException e) {
            return null;
        }
        memo.put(internalName, d);
        if (jdk && !d.equals(KernelGraph.ABSENT)) JDK_DIGESTS.putIfAbsent(internalName, d);
        return d;
    }

    /**
     * JDK class files do not change while a process runs (the run-time image is fixed at start-up; JdkTables makes the
     * same assumption), so each is hashed once per process: a kernel reaching a JDK table lists its whole nest
     * (~25 FdLibm classes), which would otherwise be read and hashed on every hit.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> JDK_DIGESTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Writes the records that let later requests for {@code graph}'s kernel skip parsing: one for the request by
     * exact descriptor and, when the name is unique in its class, one for the request by name. Into the first tier
     * of {@code tiers} that takes it; silently none if none does (a read-only image is served by its baked records).
     */
    static void record(List<Tier> tiers, KernelGraph graph, KernelKey spec) {
        SortedMap<String, String> files = graph.classFiles();
        MethodRef root = graph.root();
        String rootDigest = files == null ? null : files.get(root.owner());
        if (rootDigest == null || rootDigest.equals(KernelGraph.ABSENT)) return;
        if (!spec.keyed().classFiles().isEmpty()) { // the constant tables' scopes: checked like the graph's class files
            files = new TreeMap<>(files);
            Map<String, String> memo = new HashMap<>();
            for (String c : spec.keyed().classFiles()) {
                String d = digest(graph.loader(), c, memo);
                if (d == null) return;
                files.putIfAbsent(c, d);
            }
        }
        byte[] body = body(root, files, spec, StaticTables.of(graph));
        write(tiers, id(root.owner(), root.name(), root.descriptor(), rootDigest, spec.compiler(), spec.options()), body);
        if (graph.uniqueName()) {
            write(tiers, id(root.owner(), root.name(), null, rootDigest, spec.compiler(), spec.options()), body);
        }
    }

    static byte[] body(MethodRef root, SortedMap<String, String> files, KernelKey spec, List<StaticTables.Table> tables) {
        StringBuilder sb = new StringBuilder();
        sb.append("format: ").append(FORMAT).append('\n');
        sb.append("owner: ").append(root.owner()).append('\n');
        sb.append("name: ").append(root.name()).append('\n');
        sb.append("descriptor: ").append(root.descriptor()).append('\n');
        files.forEach((cls, d) -> {
            if (d.equals(KernelGraph.ABSENT)) sb.append("absent: ").append(cls).append('\n');
            else sb.append("class: ").append(d).append(' ').append(cls).append('\n');
        });
        spec.methodDigests().forEach((m, d) -> sb.append("method: ").append(d).append(' ').append(m).append('\n'));
        for (StaticTables.Table t : tables) {
            sb.append("table: ").append(t.owner()).append(' ').append(t.name()).append(' ').append(t.descriptor()).append('\n');
        }
        spec.keyed().appendLines(sb);
        String sum = KeyEncoder.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.append("check: ").append(sum).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(List<Tier> tiers, String id, byte[] body) {
        for (Tier t : tiers) {
            Path f = file(t, id);
            try {
                if (Files.exists(f) && java.util.Arrays.equals(Files.readAllBytes(f), body)) return;
                Files.createDirectories(f.getParent());
                Path tmp = f.resolveSibling(".tmp-" + id + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                try {
                    Files.write(tmp, body, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                return;
            } catch (IOException | SecurityException | UnsupportedOperationException e) {
                // read-only or full: try the next tier
            }
        }
    }
}
