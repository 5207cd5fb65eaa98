package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.model.ImmutableTables;
import dev.kiln.model.JdkTables;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticFinals;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a kernel's cache key depends on besides the bytes of its class files, in one place:
 * <ul>
 * <li>{@code compiler}: the Kiln, ABI and LLVM versions ({@link dev.kiln.KilnVersion#COMPILER});</li>
 * <li>{@code options}: the compile options;</li>
 * <li>{@code computedFinals}: the values of {@code static final} primitive fields that a static initializer computes
 * ({@link StaticFinals}), which the kernel is compiled with as constants, so a process whose initializer computed
 * another value ({@code -Dk=2}) needs another entry;</li>
 * <li>{@code assertions}: for each class whose {@code $assertionsDisabled} the code reads, the class javac's
 * initializer asks and its {@code desiredAssertionStatus()} ({@code -ea}/{@code -da});</li>
 * <li>{@code constTables}: tables compiled as constants, JDK ones ({@link JdkTables}) and provably immutable ones of
 * the application ({@link ImmutableTables}): a digest of their values and the class files that decide that they are
 * constant (a JDK table's nest, an application table's package), so a process whose initializer computed another
 * table misses.</li>
 * </ul>
 * The target is the one input not here: one {@link KernelKey} gives a key per target ({@link KernelKey#keyFor}).
 *
 * <p>The key derivation reads these values only through a {@link Reader}, which records each value it hands out,
 * so this record holds exactly what the key was derived with. Direct mode ({@link DirectIndex}) stores them with its
 * record and checks them against this process on every hit ({@link #mismatch}): they are values a running process
 * has at hand (initialized static fields, assertion status), not class files to parse.
 *
 * @param computedFinals by field ({@code owner.name:descriptor}), the value as {@link #encode} writes it
 * @param assertions     by class reading its {@code $assertionsDisabled} (internal name)
 * @param constTables    by field ({@code owner.name:descriptor})
 */
public record KeyedInputs(String compiler, CompileOptions options, SortedMap<String, String> computedFinals,
                          SortedMap<String, Assertion> assertions, SortedMap<String, ConstTable> constTables) {

    /** {@code asked} (binary name) is the class whose {@code desiredAssertionStatus()} gave {@code enabled}. */
    public record Assertion(String asked, boolean enabled) {
    }

    /** A constant table's values (SHA-256 of their encoding) and the classes (internal names) that decide them. */
    public record ConstTable(String values, List<String> nest) {
        public ConstTable {
            nest = List.copyOf(nest);
        }
    }

    public KeyedInputs {
        computedFinals = Collections.unmodifiableSortedMap(new TreeMap<>(computedFinals));
        assertions = Collections.unmodifiableSortedMap(new TreeMap<>(assertions));
        constTables = Collections.unmodifiableSortedMap(new TreeMap<>(constTables));
    }

    /** Inputs with no value read from the process (code that reads no computed constant, flag or constant table). */
    public static KeyedInputs of(String compiler, CompileOptions options) {
        return new KeyedInputs(compiler, options, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }

    /**
     * Why the values recorded here are not this process's for code loaded through {@code loader}, or null when all
     * are. JDK tables are not re-read: they are functions of class files, which direct mode checks by digest
     * ({@link #classFiles}); an application table is, since its initializer may compute it.
     */
    public String mismatch(ClassLoader loader) {
        for (var e : constTables.entrySet()) {
            String field = e.getKey();
            int dot = field.lastIndexOf('.', field.indexOf(':'));
            if (KernelGraph.isJdkOwner(field.substring(0, dot))) continue;
            var t = new dev.kiln.model.StaticTables.Table(field.substring(0, dot), field.substring(dot + 1, field.indexOf(':')),
                    field.substring(field.indexOf(':') + 1));
            String now = ImmutableTables.value(loader, t).map(ImmutableTables::digest).orElse("none");
            if (!now.equals(e.getValue().values())) return "the table " + t.display() + " differs from the one compiled in";
        }
        for (var e : computedFinals.entrySet()) {
            String field = e.getKey();
            int dot = field.lastIndexOf('.', field.indexOf(':'));
            String now = encode(StaticFinals.value(loader, field.substring(0, dot),
                    field.substring(dot + 1, field.indexOf(':'))));
            if (!now.equals(e.getValue())) return field + " is " + now + ", recorded " + e.getValue();
        }
        for (var e : assertions.entrySet()) {
            Optional<Boolean> now = KernelGraph.desiredAssertionStatus(loader, e.getValue().asked());
            if (!now.equals(Optional.of(e.getValue().enabled()))) {
                return "assertions of " + e.getValue().asked() + " are " + now.map(b -> b ? "on" : "off").orElse("unknown")
                        + ", recorded " + (e.getValue().enabled() ? "on" : "off");
            }
        }
        return null;
    }

    /** Class files (internal names) that decide these inputs besides the graph's own: the constant tables' scopes. */
    public SortedSet<String> classFiles() {
        SortedSet<String> s = new TreeSet<>();
        constTables.values().forEach(t -> s.addAll(t.nest()));
        return s;
    }

    /** A computed value as text: type and raw bits ({@code -0.0} and NaN payloads differ), {@code none} if unreadable. */
    static String encode(Optional<Number> v) {
        return v.map(n -> switch (n) {
            case Double d -> "D" + Long.toHexString(Double.doubleToRawLongBits(d));
            case Float f -> "F" + Integer.toHexString(Float.floatToRawIntBits(f));
            case Long l -> "J" + l;
            default -> "I" + n.intValue();
        }).orElse("none");
    }

    /**
     * The values read from this process, for a miss reason ({@code Scaled.K = 2.0, assertions on (com.acme.Fft)}):
     * they do not show in the code, yet change it. Empty when there are none.
     */
    public String describe() {
        List<String> parts = new java.util.ArrayList<>();
        computedFinals.forEach((f, v) -> {
            String field = f.substring(0, f.indexOf(':'));
            parts.add(field.substring(field.lastIndexOf('/') + 1) + " = " + decode(v));
        });
        assertions.forEach((c, a) -> parts.add("assertions " + (a.enabled() ? "on" : "off") + " (" + a.asked() + ")"));
        constTables.forEach((f, t) -> {
            String field = f.substring(0, f.indexOf(':'));
            if (!KernelGraph.isJdkOwner(field)) {
                parts.add("table " + field.substring(field.lastIndexOf('/') + 1) + " #" + t.values().substring(0, Math.min(12, t.values().length())));
            }
        });
        return String.join(", ", parts);
    }

    /** {@link #encode}'s text as the value it stands for. */
    static String decode(String v) {
        if (v.isEmpty() || v.equals("none")) return "unreadable";
        String bits = v.substring(1);
        return switch (v.charAt(0)) {
            case 'D' -> String.valueOf(Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16)));
            case 'F' -> String.valueOf(Float.intBitsToFloat(Integer.parseUnsignedInt(bits, 16)));
            default -> bits;
        };
    }

    /** SHA-256 of a primitive array's type and elements (as {@link #encode} writes them). */
    static String tableDigest(Object array) {
        StringBuilder sb = new StringBuilder(array.getClass().descriptorString());
        for (int i = 0, n = java.lang.reflect.Array.getLength(array); i < n; i++) {
            Object x = java.lang.reflect.Array.get(array, i);
            sb.append(' ').append(encode(Optional.of(x instanceof Character c ? (int) c : (Number) x)));
        }
        return KeyEncoder.sha256Hex(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Lines of the direct-mode record ({@code field: value}), parsed back by {@link Lines}. */
    void appendLines(StringBuilder sb) {
        computedFinals.forEach((f, v) -> sb.append("final: ").append(f).append(' ').append(v).append('\n'));
        assertions.forEach((c, a) -> sb.append("assert: ").append(c).append(' ').append(a.asked()).append(' ')
                .append(a.enabled() ? "on" : "off").append('\n'));
        constTables.forEach((f, t) -> sb.append("const-table: ").append(f).append(' ').append(t.values()).append(' ')
                .append(t.nest().isEmpty() ? "-" : String.join(",", t.nest())).append('\n'));
    }

    /** Reads back what {@link #appendLines} wrote. */
    static final class Lines {
        private final TreeMap<String, String> finals = new TreeMap<>();
        private final TreeMap<String, Assertion> assertions = new TreeMap<>();
        private final TreeMap<String, ConstTable> tables = new TreeMap<>();

        /** Whether {@code field} is one of these inputs' lines; throws on a malformed one. */
        boolean accept(String field, String value) {
            String[] p = value.split(" ");
            switch (field) {
                case "final" -> {
                    if (p.length != 2) throw new IllegalArgumentException(value);
                    finals.put(p[0], p[1]);
                }
                case "assert" -> {
                    if (p.length != 3 || !(p[2].equals("on") || p[2].equals("off"))) throw new IllegalArgumentException(value);
                    assertions.put(p[0], new Assertion(p[1], p[2].equals("on")));
                }
                case "const-table" -> {
                    if (p.length != 3) throw new IllegalArgumentException(value);
                    tables.put(p[0], new ConstTable(p[1], p[2].equals("-") ? List.of() : List.of(p[2].split(","))));
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        KeyedInputs build(String compiler, CompileOptions options) {
            return new KeyedInputs(compiler, options, finals, assertions, tables);
        }
    }

    /**
     * The key derivation's only way to values outside the class files: each value it hands out is recorded, and
     * {@link #build} gives the inputs the key was derived with. Tests override the {@code read} methods to show that
     * each input reaches the key.
     */
    static class Reader {
        private final KernelGraph graph;
        private final TreeMap<String, String> finals = new TreeMap<>();
        private final TreeMap<String, Assertion> assertions = new TreeMap<>();
        private final TreeMap<String, ConstTable> tables = new TreeMap<>();

        Reader(KernelGraph graph) {
            this.graph = graph;
        }

        /** The value the static initializer of {@code owner} gave its static final primitive field. */
        final Optional<Number> computedFinal(String owner, String name, String descriptor) {
            Optional<Number> v = readFinal(owner, name);
            finals.put(owner + "." + name + ":" + descriptor, encode(v));
            return v;
        }

        /** The values of a JDK table compiled as constants, or empty when the field is not one. */
        final Optional<Object> jdkTable(String owner, String name, String descriptor) {
            Optional<Object> v = readTable(owner, name, descriptor);
            v.ifPresent(values -> tables.put(owner + "." + name + ":" + descriptor,
                    new ConstTable(tableDigest(values), JdkTables.nest(owner, name, descriptor))));
            return v;
        }

        /**
         * The contents of an application table compiled as constants ({@link ImmutableTables}), or empty when the
         * field is not one or cannot be read. Recorded with the digest of what was read and the classes of the proof.
         */
        final Optional<Object> immutableTable(dev.kiln.model.StaticTables.Table t) {
            if (!ImmutableTables.isImmutable(graph, t)) return Optional.empty();
            Optional<Object> v = readImmutable(t);
            tables.put(t.owner() + "." + t.name() + ":" + t.descriptor(),
                    new ConstTable(v.map(ImmutableTables::digest).orElse("none"), ImmutableTables.classes(graph, t)));
            return v;
        }

        /** Whether asserts run in code reading {@code owner.$assertionsDisabled}; empty when unknown. */
        final Optional<Boolean> assertionStatus(String owner) {
            Optional<Boolean> v = readAssertion(owner);
            if (v.isPresent()) {
                String asked = graph.assertionClass(owner).orElse(owner.replace('/', '.'));
                assertions.put(owner, new Assertion(asked, v.get()));
            }
            return v;
        }

        Optional<Number> readFinal(String owner, String name) {
            return StaticFinals.value(graph.loader(), owner, name);
        }

        Optional<Object> readTable(String owner, String name, String descriptor) {
            return JdkTables.literal(graph, owner, name, descriptor);
        }

        Optional<Object> readImmutable(dev.kiln.model.StaticTables.Table t) {
            return ImmutableTables.value(graph.loader(), t);
        }

        Optional<Boolean> readAssertion(String owner) {
            return graph.assertionsEnabled(owner);
        }

        KeyedInputs build(String compiler, CompileOptions options) {
            return new KeyedInputs(compiler, options, finals, assertions, tables);
        }
    }
}
