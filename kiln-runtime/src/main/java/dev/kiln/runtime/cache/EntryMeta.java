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
 * @param created        when the entry was written (informational, never part of the key): the file says
 *                       {@link Instant#EPOCH}, so two builds of one key write identical bytes, and the time is read
 *                       from the file's modification time ({@link Tier#readMeta}); EPOCH where there is no file
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
        SortedSet<String> f = FEATURES.get(target);
        if (f == null) {
            f = parsedTarget().requiredFeatures(); // unmodifiable
            if (FEATURES.size() < 256) FEATURES.put(target, f);
        }
        return f;
    }

    /**
     * Required features by target text: every entry of a host's cache names the same few targets, and parsing one
     * (a set of ~30 features) twice per hit is interpreted work. Bounded; a pure function of the text.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, SortedSet<String>> FEATURES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** This metadata with another creation time (informational). */
    EntryMeta withCreated(Instant when) {
        return new EntryMeta(key, kernel, inputs, methodDigests, compiler, target, options, abi, librarySize,
                librarySha256, when);
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
        String javaPaths = dev.kiln.runtime.abi.ThrowSite.encodeJavaPaths(abi.throwSites());
        if (javaPaths != null) line(sb, "abi-java-paths", javaPaths);
        for (var c : abi.callSites()) line(sb, "abi-call-site", c.encode());
        if (!abi.rowsWritten()) line(sb, "abi-rows-read-only", "true");
        if (abi.resultLength() != null) line(sb, "abi-result-length", abi.resultLength().encode());
        if (abi.zeroArrays()) line(sb, "abi-zero-arrays", "true");
        line(sb, "library-size", Long.toString(librarySize));
        line(sb, "library-sha256", librarySha256);
        // kiln-entry/1 readers require the field; a constant keeps identical inputs byte-identical (see created).
        line(sb, "created", Instant.EPOCH.toString());
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
            // Loops, not streams: this runs on every cache hit, interpreted in a fresh JVM.
            List<dev.kiln.runtime.abi.ThrowSite> throwsDecoded = new ArrayList<>(throwSites.size());
            for (String t : throwSites) throwsDecoded.add(dev.kiln.runtime.abi.ThrowSite.decode(t));
            throwsDecoded = dev.kiln.runtime.abi.ThrowSite.withJavaPaths(throwsDecoded, single.get("abi-java-paths"));
            List<dev.kiln.runtime.abi.SourceFrame> callsDecoded = new ArrayList<>(callSites.size());
            for (String c : callSites) callsDecoded.add(dev.kiln.runtime.abi.SourceFrame.decode(c));
            KernelAbi abi = new KernelAbi(req(single, "symbol"), req(single, "abi-descriptor"),
                    bool(req(single, "abi-fault-record")), messages, throwsDecoded, callsDecoded,
                    !single.containsKey("abi-rows-read-only") || !bool(single.get("abi-rows-read-only")),
                    single.containsKey("abi-result-length")
                            ? dev.kiln.runtime.abi.ResultLength.parse(single.get("abi-result-length")) : null,
                    single.containsKey("abi-zero-arrays") && bool(single.get("abi-zero-arrays")));
            EntryMeta m = new EntryMeta(key, req(single, "kernel"), hex64(req(single, "inputs"), "inputs"), methods,
                    req(single, "compiler"), req(single, "target"), req(single, "options"), abi,
                    Long.parseLong(req(single, "library-size")), hex64(req(single, "library-sha256"), "library-sha256"),
                    single.containsKey("created") ? instant(single.get("created")) : Instant.EPOCH); // older files have it
            m.requiredFeatures(); // a bad target text is a bad entry (parsed once per text and process)
            return m;
        } catch (RuntimeException e) {
            throw new MalformedEntryException("bad metadata: " + e.getMessage());
        }
    }

    /**
     * Parses {@link Instant#toString()}'s UTC form ({@code 2026-11-21T23:09:12.345678Z}) by hand, so a cache hit does
     * not initialise java.time's formatters; anything else goes to {@link Instant#parse}.
     */
    static Instant instant(String s) {
        int n = s.length();
        if (n >= 20 && n <= 30 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z' && (n == 20 || (n > 21 && s.charAt(19) == '.'))) {
            int y = digits(s, 0, 4), mo = digits(s, 5, 7), d = digits(s, 8, 10);
            int h = digits(s, 11, 13), mi = digits(s, 14, 16), se = digits(s, 17, 19);
            int nanos = 0;
            if (n > 21) {
                int f = digits(s, 20, n - 1);
                for (int i = n - 1 - 20; i < 9; i++) f *= 10;
                nanos = f;
            }
            if (y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && se < 60 && nanos >= 0
                    && n - 1 - 20 <= 9) {
                long days = daysFromCivil(y, mo, d);
                return Instant.ofEpochSecond(days * 86400 + h * 3600L + mi * 60L + se, nanos);
            }
        }
        return Instant.parse(s);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1_000_000_000;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097L + doe - 719468;
    }

    private static String req(TreeMap<String, String> f, String name) throws MalformedEntryException {
        String v = f.get(name);
        if (v == null) throw new MalformedEntryException("metadata lacks " + name);
        return v;
    }

    private static String hex64(String v, String what) {
        if (!Tier.isHex64(v)) throw new IllegalArgumentException(what + " is not 64 hex digits");
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
