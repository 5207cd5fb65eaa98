package dev.kiln.model;

import java.io.IOException;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Field;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.stream.Stream;

/**
 * Static tables of application classes that are provably never written once their class is initialised, so a kernel
 * can be compiled with their contents as constants instead of being passed them at every call. The proof reads the
 * class files of the table's package (every class that could reach a private field or call a package-private
 * accessor of it) and holds when:
 * <ul>
 * <li>the field is {@code private static final}, a primitive array of any dimension;</li>
 * <li>in every method of the package, a value read from the field (and every row of it, and the result of a static
 * method that returns it, such as javac's {@code access$000}) is only indexed, measured, cloned, cast, compared with
 * null or kept in locals: never written into, passed to a method, stored in a field or an array, compared by
 * identity, locked or thrown;</li>
 * <li>the owner's static initializer sets the field from arrays whose origin is known: new arrays it builds (which it
 * may fill, and which may not go anywhere else), or the results of static methods and static fields of the package
 * that satisfy the same rules (a family of tables: Commons Math's {@code FastMath$lnMant.LN_MANT} is a clone of
 * {@code FastMathLiteralArrays.LN_MANT}, whose rows it shares).</li>
 * </ul>
 * Reflection, {@code Unsafe}, {@code MethodHandles} and classes of the same package loaded from elsewhere (a split
 * package) are not seen. The answer is a function of the class files read ({@link #classes}), which direct mode
 * checks by digest; the contents are read from the initialised field at compile time and keyed by their digest.
 */
public final class ImmutableTables {
    private ImmutableTables() {
    }

    /** Per loader, per field ({@code owner.name:descriptor}): the classes read by a proof that held, or empty. */
    private static final Map<ClassLoader, Map<String, Optional<List<String>>>> PROOFS = new WeakHashMap<>();

    /** Whether {@code t} is a table whose contents can be compiled in as constants. */
    public static boolean isImmutable(KernelGraph graph, StaticTables.Table t) {
        return proof(graph, t).isPresent();
    }

    /** The class files (internal names) whose contents decide {@link #isImmutable}; empty when it is false. */
    public static List<String> classes(KernelGraph graph, StaticTables.Table t) {
        return proof(graph, t).orElse(List.of());
    }

    /** Why {@code t} is not provably immutable, for diagnostics; null when it is. */
    public static String whyNot(KernelGraph graph, StaticTables.Table t) {
        return proof(graph, t).isPresent() ? null : prove(graph, t).failure;
    }

    private static Optional<List<String>> proof(KernelGraph graph, StaticTables.Table t) {
        String id = t.owner() + "." + t.name() + ":" + t.descriptor();
        Map<String, Optional<List<String>>> m;
        synchronized (PROOFS) {
            m = PROOFS.computeIfAbsent(graph.loader(), l -> new java.util.concurrent.ConcurrentHashMap<>());
        }
        return m.computeIfAbsent(id, k -> {
            Proof p = prove(graph, t);
            return p.failure == null ? Optional.of(p.classes) : Optional.empty();
        });
    }

    /** The outcome of one proof attempt. */
    private record Proof(String failure, List<String> classes) {
    }

    private static Proof prove(KernelGraph graph, StaticTables.Table t) {
        if (KernelGraph.isJdkOwner(t.owner()) || !StaticTables.isStaticTableType(t.descriptor())) {
            return new Proof("not an application table", List.of());
        }
        List<String> names = packageClasses(graph.loader(), t.owner());
        if (names == null) return new Proof("the classes of its package cannot be listed", List.of());
        Map<String, ClassModel> models = new TreeMap<>();
        for (String c : names) {
            Optional<ClassModel> cm = graph.inspect(c);
            if (cm.isEmpty()) return new Proof("class " + c + " cannot be read", List.of());
            models.put(c, cm.get());
        }
        Fam fam = new Fam(models);
        fam.fields.add(t.owner() + "." + t.name() + ":" + t.descriptor());
        do {
            fam.grew = false;
            String bad = fam.declarations(models);
            if (bad != null) return new Proof(bad, List.of());
            for (var e : models.entrySet()) {
                for (MethodModel mm : e.getValue().methods()) {
                    if (!fam.relevant(e.getKey(), mm)) continue;
                    String why = TableFlow.check(e.getKey(), mm, fam);
                    if (why != null) return new Proof(why, List.of());
                }
            }
        } while (fam.grew);
        return new Proof(null, List.copyOf(models.keySet()));
    }

    /** The family of one table: the fields and static methods its arrays come from. */
    private static final class Fam implements TableFlow.Family {
        final Map<String, ClassModel> scope;
        final Set<String> fields = new TreeSet<>();
        final Set<String> methods = new TreeSet<>();
        final Set<String> borrowed = new TreeSet<>();
        final Set<String> params = new TreeSet<>();
        boolean grew;

        Fam(Map<String, ClassModel> scope) {
            this.scope = scope;
        }

        public String resolve(String member) {
            boolean field = member.contains(":");
            int cut = field ? member.indexOf(':') : member.indexOf(' ');
            int dot = member.lastIndexOf('.', cut);
            String name = member.substring(dot + 1, cut), desc = member.substring(cut + 1);
            for (String c = member.substring(0, dot); c != null && scope.containsKey(c); ) {
                ClassModel cm = scope.get(c);
                boolean declares = field
                        ? cm.fields().stream().anyMatch(x -> x.fieldName().equalsString(name) && x.fieldType().equalsString(desc))
                        : cm.methods().stream().anyMatch(x -> x.methodName().equalsString(name) && x.methodType().equalsString(desc));
                if (declares) return c + member.substring(dot);
                c = cm.superclass().map(x -> x.asInternalName()).orElse(null);
            }
            return member;
        }

        public boolean isField(String field) {
            return fields.contains(field);
        }

        public boolean isMethod(String method) {
            return methods.contains(method);
        }

        public boolean isBorrowed(String field) {
            return borrowed.contains(field);
        }

        public boolean isReadOnlyParam(String method, int slot) {
            return params.contains(method + "#" + slot);
        }

        public boolean inScope(String owner) {
            return scope.containsKey(owner);
        }

        public void grow(String ref) {
            boolean added = ref.startsWith("borrowed:") ? borrowed.add(ref.substring(9))
                    : ref.startsWith("param:") ? params.add(ref.substring(6))
                    : ref.contains(":") ? fields.add(ref) : methods.add(ref);
            grew |= added;
        }

        /** Why a family member is not one (a field not private static final, a method not static), or null. */
        String declarations(Map<String, ClassModel> models) {
            for (String f : fields) {
                int dot = f.lastIndexOf('.', f.indexOf(':'));
                ClassModel cm = models.get(f.substring(0, dot));
                FieldModel fm = cm == null ? null : cm.fields().stream().filter(x -> x.fieldName().equalsString(
                        f.substring(dot + 1, f.indexOf(':'))) && x.fieldType().equalsString(f.substring(f.indexOf(':') + 1)))
                        .findFirst().orElse(null);
                if (fm == null || !fm.flags().has(AccessFlag.PRIVATE) || !fm.flags().has(AccessFlag.STATIC)
                        || !fm.flags().has(AccessFlag.FINAL)) {
                    return "the table's arrays come from " + f + ", not a private static final field of its package";
                }
            }
            Set<String> all = new TreeSet<>(methods);
            params.forEach(p -> all.add(p.substring(0, p.lastIndexOf('#'))));
            for (String m : all) {
                int dot = m.lastIndexOf('.', m.indexOf(' '));
                ClassModel cm = models.get(m.substring(0, dot));
                String name = m.substring(dot + 1, m.indexOf(' ')), desc = m.substring(m.indexOf(' ') + 1);
                MethodModel mm = cm == null ? null : cm.methods().stream().filter(x -> x.methodName().equalsString(name)
                        && x.methodType().equalsString(desc)).findFirst().orElse(null);
                if (mm == null || !mm.flags().has(AccessFlag.STATIC)) {
                    return "the table's arrays reach " + m + ", not a static method declared in its package";
                }
                // a method handing out the table's arrays must be out of reach of other packages
                if (methods.contains(m) && (mm.flags().has(AccessFlag.PUBLIC) || mm.flags().has(AccessFlag.PROTECTED))) {
                    return "the table's arrays are returned by " + m + ", which other packages can call";
                }
            }
            return null;
        }

        /** Whether {@code mm} can touch the family: it reads a member, is one, or initialises a member's class. */
        boolean relevant(String owner, MethodModel mm) {
            if (mm.code().isEmpty()) return false;
            String self = owner + "." + mm.methodName().stringValue() + " " + mm.methodType().stringValue();
            if (methods.contains(self) || params.stream().anyMatch(p -> p.startsWith(self + "#"))) return true;
            if (mm.methodName().equalsString("<clinit>") && fields.stream().anyMatch(f -> f.startsWith(owner + "."))) return true;
            for (CodeElement e : mm.code().get()) {
                if (e instanceof FieldInstruction f && fields.contains(resolve(f.owner().asInternalName() + "."
                        + f.name().stringValue() + ":" + f.type().stringValue()))) {
                    return true;
                }
                if (e instanceof InvokeInstruction i && methods.contains(resolve(i.owner().asInternalName() + "."
                        + i.name().stringValue() + " " + i.typeSymbol().descriptorString()))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The classes (internal names) of {@code owner}'s package where the loader finds {@code owner}: a directory or a
     * jar. Null when that is neither (the package cannot be listed, so nothing is proven).
     */
    static List<String> packageClasses(ClassLoader loader, String owner) {
        URL u = loader == null ? null : loader.getResource(owner + ".class");
        if (u == null) return null;
        String pkg = owner.substring(0, owner.lastIndexOf('/') + 1);
        List<String> out = new ArrayList<>();
        try {
            switch (u.getProtocol()) {
                case "file" -> {
                    try (Stream<Path> s = Files.list(Path.of(u.toURI()).getParent())) {
                        s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                                .forEach(n -> out.add(pkg + n.substring(0, n.length() - 6)));
                    }
                }
                case "jar" -> {
                    JarURLConnection c = (JarURLConnection) u.openConnection();
                    c.setUseCaches(false);
                    try (var jar = c.getJarFile()) {
                        jar.stream().map(java.util.zip.ZipEntry::getName)
                                .filter(n -> n.startsWith(pkg) && n.endsWith(".class") && n.indexOf('/', pkg.length()) < 0)
                                .forEach(n -> out.add(n.substring(0, n.length() - 6)));
                    }
                }
                default -> {
                    return null;
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
        out.removeIf(n -> n.endsWith("/module-info") || n.endsWith("/package-info"));
        return out;
    }

    /** The table's current contents (its class initialised), or empty when it cannot be read or is null. */
    public static Optional<Object> value(ClassLoader loader, StaticTables.Table t) {
        try {
            Class<?> c = Class.forName(t.owner().replace('/', '.'), true, loader);
            Field f = c.getDeclaredField(t.name());
            return Optional.ofNullable(UserAccess.privateLookup(c).unreflectGetter(f).invoke());
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    /**
     * SHA-256 (hex) of a table's contents: its type, every row's length (or null), every element's raw bits
     * ({@code -0.0} and NaN payloads differ).
     */
    public static String digest(Object table) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update(table.getClass().descriptorString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        feed(md, table);
        return HexFormat.of().formatHex(md.digest());
    }

    private static void feed(MessageDigest md, Object a) {
        if (a == null) {
            md.update((byte) 0);
            return;
        }
        int n = java.lang.reflect.Array.getLength(a);
        md.update((byte) 1);
        md.update(ByteBuffer.allocate(4).putInt(n).array());
        switch (a) {
            case Object[] rows -> { for (Object r : rows) feed(md, r); }
            case double[] x -> { ByteBuffer b = ByteBuffer.allocate(8 * n); for (double v : x) b.putLong(Double.doubleToRawLongBits(v)); md.update(b.array()); }
            case float[] x -> { ByteBuffer b = ByteBuffer.allocate(4 * n); for (float v : x) b.putInt(Float.floatToRawIntBits(v)); md.update(b.array()); }
            case long[] x -> { ByteBuffer b = ByteBuffer.allocate(8 * n); for (long v : x) b.putLong(v); md.update(b.array()); }
            case int[] x -> { ByteBuffer b = ByteBuffer.allocate(4 * n); for (int v : x) b.putInt(v); md.update(b.array()); }
            case short[] x -> { ByteBuffer b = ByteBuffer.allocate(2 * n); for (short v : x) b.putShort(v); md.update(b.array()); }
            case char[] x -> { ByteBuffer b = ByteBuffer.allocate(2 * n); for (char v : x) b.putChar(v); md.update(b.array()); }
            case byte[] x -> md.update(x);
            default -> throw new IllegalArgumentException("not a primitive table: " + a.getClass());
        }
    }
}
