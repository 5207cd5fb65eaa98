package dev.kiln.runtime.cache;

import dev.kiln.Target;
import dev.kiln.runtime.abi.KernelAbi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The metadata file of a cache entry ({@code meta.txt}): plain UTF-8 lines {@code name: value}, readable with
 * {@code cat}. Everything needed to re-derive the key, check the library and call it. Values are escaped
 * ({@code \\}, {@code \n}, {@code \r}) so each stays on one line; list fields repeat their name.
 *
 * @param key            the entry's key (also the folder name)
 * @param kernel         class.method(descriptor)
 * @param inputs         digest of the resolved code ({@link KernelKey#inputs()})
 * @param methodDigests  per-method digests, to explain what changed on a miss
 * @param compiler       code generator identity
 * @param target         target text form; the required CPU features derive from it
 * @param options        {@link dev.kiln.CompileOptions#toString()}
 * @param abi            how to call the exported function
 * @param librarySize    bytes of {@code kernel.so}
 * @param librarySha256  SHA-256 of {@code kernel.so}
 * @param created        when the entry was written (informational, never part of the key)
 */
public record EntryMeta(String key, String kernel, String inputs, SortedMap<String, String> methodDigests,
                        String compiler, String target, String options, KernelAbi abi, long librarySize,
                        String librarySha256, Instant created) {
    public static final String FORMAT = "kiln-entry/1";

    public EntryMeta {
        methodDigests = Collections.unmodifiableSortedMap(new TreeMap<>(methodDigests));
    }

    public String symbol() {
        return abi.symbol();
    }

    /** The target parsed; throws IllegalArgumentException for a bad text. */
    public Target parsedTarget() {
        return Target.parse(target);
    }

    public SortedSet<String> requiredFeatures() {
        return parsedTarget().requiredFeatures();
    }

    /** Re-derives the key from the recorded components. */
    public String derivedKey() {
        return KernelKey.key(kernel, inputs, compiler, target, options);
    }

    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder();
        line(sb, "format", FORMAT);
        line(sb, "key", key);
        line(sb, "symbol", abi.symbol());
        line(sb, "kernel", kernel);
        line(sb, "compiler", compiler);
        line(sb, "target", target);
        line(sb, "required-features", String.join(",", requiredFeatures()));
        line(sb, "options", options);
        line(sb, "inputs", inputs);
        methodDigests.forEach((m, d) -> line(sb, "method", d + " " + m));
        line(sb, "abi-descriptor", abi.descriptor());
        line(sb, "abi-fault-record", Boolean.toString(abi.faultRecord()));
        for (String m : abi.messages()) line(sb, "abi-message", m);
        for (var t : abi.throwSites()) line(sb, "abi-throw", t.encode());
        for (var c : abi.callSites()) line(sb, "abi-call-site", c.encode());
        line(sb, "library-size", Long.toString(librarySize));
        line(sb, "library-sha256", librarySha256);
        line(sb, "created", created.toString());
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a metadata file; any missing, repeated or malformed field is an error naming it. */
    public static EntryMeta parse(byte[] data) throws MalformedEntryException {
        String text = new String(data, StandardCharsets.UTF_8);
        TreeMap<String, String> single = new TreeMap<>();
        TreeMap<String, String> methods = new TreeMap<>();
        List<String> messages = new ArrayList<>();
        List<String> throwSites = new ArrayList<>();
        List<String> callSites = new ArrayList<>();
        for (String raw : text.split("\n")) {
            if (raw.isEmpty()) continue;
            int colon = raw.indexOf(": ");
            if (colon <= 0) throw new MalformedEntryException("metadata line without 'name: value'");
            String name = raw.substring(0, colon);
            String value = unescape(raw.substring(colon + 2));
            switch (name) {
                case "method" -> {
                    int sp = value.indexOf(' ');
                    if (sp != 64) throw new MalformedEntryException("bad method line");
                    methods.put(value.substring(sp + 1), value.substring(0, sp));
                }
                case "abi-message" -> messages.add(value);
                case "abi-throw" -> throwSites.add(value);
                case "abi-call-site" -> callSites.add(value);
                default -> {
                    if (single.put(name, value) != null) throw new MalformedEntryException("repeated field " + name);
                }
            }
        }
        if (!FORMAT.equals(single.get("format"))) {
            throw new MalformedEntryException("not a " + FORMAT + " metadata file");
        }
        try {
            String key = hex64(req(single, "key"), "key");
            KernelAbi abi = new KernelAbi(req(single, "symbol"), req(single, "abi-descriptor"),
                    bool(req(single, "abi-fault-record")), messages,
                    throwSites.stream().map(dev.kiln.runtime.abi.ThrowSite::decode).toList(),
                    callSites.stream().map(dev.kiln.runtime.abi.SourceFrame::decode).toList());
            EntryMeta m = new EntryMeta(key, req(single, "kernel"), hex64(req(single, "inputs"), "inputs"), methods,
                    req(single, "compiler"), req(single, "target"), req(single, "options"), abi,
                    Long.parseLong(req(single, "library-size")), hex64(req(single, "library-sha256"), "library-sha256"),
                    Instant.parse(req(single, "created")));
            m.parsedTarget();
            return m;
        } catch (RuntimeException e) {
            throw new MalformedEntryException("bad metadata: " + e.getMessage());
        }
    }

    private static String req(TreeMap<String, String> f, String name) throws MalformedEntryException {
        String v = f.get(name);
        if (v == null) throw new MalformedEntryException("metadata lacks " + name);
        return v;
    }

    private static String hex64(String v, String what) {
        if (!v.matches("[0-9a-f]{64}")) throw new IllegalArgumentException(what + " is not 64 hex digits");
        return v;
    }

    private static boolean bool(String v) {
        if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException("not a boolean: " + v);
        return Boolean.parseBoolean(v);
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name).append(": ").append(escape(value)).append('\n');
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A metadata file that cannot be parsed. */
    public static final class MalformedEntryException extends Exception {
        public MalformedEntryException(String message) {
            super(message);
        }
    }
}
