package dev.kiln.runtime.abi;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code throw new T(...)} in kernel code, as the Java side rebuilds it (fault code 11, detail = the site's index).
 * Native code stores the primitive values the message uses in the frame's parameter slots, in order; the message
 * is then built here with Java's own conversions, so {@code Double.toString} and friends are exactly Java's.
 *
 * @param exception   binary name of T, resolved through the kernel's class loader when the site fires
 * @param constructor descriptor of the constructor called: {@code ()V}, {@code (Ljava/lang/String;)V},
 *                    {@code (Ljava/lang/Object;)V} (given the message string) or one primitive
 *                    ({@code (I)V}, {@code (D)V}... as {@code AssertionError}'s, given the single value)
 * @param message     the message in parts: {@code "text} a literal, or one of {@code I J F D Z C B S} for the next
 *                    captured value of that Java type; empty for {@code ()V}
 * @param frame       where the exception is constructed (top of its stack trace)
 * @param javaPath    null, or for a cold path run as Java ({@link JavaPath}): the class file, Base64, of the class
 *                    {@code exception} whose static method {@code run} (of descriptor {@code constructor}) is the
 *                    path's own bytecode, given the values {@code message} lists (kinds only, no literals);
 *                    {@code frame} is the method the path belongs to
 */
public record ThrowSite(String exception, String constructor, List<String> message, SourceFrame frame,
                        String javaPath) {
    /** At most this many values per site (the frame has 255 parameter slots). */
    public static final int MAX_VALUES = 200;

    public ThrowSite {
        message = List.copyOf(message);
        int values = 0;
        for (String p : message) {
            if (p.isEmpty()) throw new IllegalArgumentException("empty message part");
            if (p.charAt(0) == '"') continue;
            if (p.length() != 1 || "IJFDZCBS".indexOf(p.charAt(0)) < 0) throw new IllegalArgumentException("bad part " + p);
            values++;
        }
        if (values > MAX_VALUES) throw new IllegalArgumentException("too many values: " + values);
    }

    /** A {@code throw new T(...)} Kiln rebuilds from its message. */
    public ThrowSite(String exception, String constructor, List<String> message, SourceFrame frame) {
        this(exception, constructor, message, frame, null);
    }

    /** A cold path that runs as Java: {@code values} are the kinds ({@code I J F D}) of the values it is given. */
    public static ThrowSite javaPath(String className, String runDescriptor, List<String> values, SourceFrame frame,
                                     byte[] classFile) {
        return new ThrowSite(className, runDescriptor, values, frame, java.util.Base64.getEncoder().encodeToString(classFile));
    }

    /** Number of values native code captures for this site. */
    public int valueCount() {
        int n = 0;
        for (String p : message) if (p.charAt(0) != '"') n++;
        return n;
    }

    public static String literal(String text) {
        return "\"" + text;
    }

    /**
     * One line: exception, constructor, the frame's four fields, then the parts; tab-separated, escaped. The Java
     * path is not in it: entries keep it apart ({@link #encodeJavaPaths}), so that a Kiln of an earlier ABI reading
     * the entry (to explain a miss) still parses the line.
     */
    public String encode() {
        List<String> f = new ArrayList<>(List.of(SourceFrame.escape(exception), SourceFrame.escape(constructor),
                frame.encode()));
        for (String p : message) f.add(SourceFrame.escape(p));
        return String.join("\t", f);
    }

    public static ThrowSite decode(String text) {
        List<String> f = SourceFrame.split(text);
        if (f.size() < 6) throw new IllegalArgumentException("bad throw site: " + text);
        SourceFrame frame = new SourceFrame(f.get(2), f.get(3), f.get(4).equals("\0") ? null : f.get(4),
                Integer.parseInt(f.get(5)));
        return new ThrowSite(f.get(0), f.get(1), f.subList(6, f.size()), frame);
    }

    /** The Java paths of {@code sites}, one field: {@code index=Base64} pairs, comma-separated; null when none. */
    public static String encodeJavaPaths(List<ThrowSite> sites) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sites.size(); i++) {
            if (sites.get(i).javaPath == null) continue;
            if (!sb.isEmpty()) sb.append(',');
            sb.append(i).append('=').append(sites.get(i).javaPath);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** {@code sites} with the Java paths of {@link #encodeJavaPaths} attached. */
    public static List<ThrowSite> withJavaPaths(List<ThrowSite> sites, String field) {
        if (field == null) return sites;
        List<ThrowSite> out = new ArrayList<>(sites);
        for (String pair : field.split(",")) {
            int eq = pair.indexOf('=');
            int i = Integer.parseInt(pair.substring(0, eq));
            String path = pair.substring(eq + 1);
            if (path.isEmpty() || out.get(i).javaPath != null) throw new IllegalArgumentException("bad Java path " + i);
            java.util.Base64.getDecoder().decode(path); // malformed text is a bad entry now, not at the first throw
            ThrowSite t = out.get(i);
            out.set(i, new ThrowSite(t.exception, t.constructor, t.message, t.frame, path));
        }
        return out;
    }
}
