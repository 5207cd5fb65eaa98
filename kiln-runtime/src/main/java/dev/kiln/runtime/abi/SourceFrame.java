package dev.kiln.runtime.abi;

import java.util.ArrayList;
import java.util.List;

/**
 * A place in kernel code that shows up in a stack trace: the declaring class (binary name), method, source file (may
 * be null) and line (-1 when unknown). Throw sites and the call sites a throw unwinds through are recorded this way in
 * the kernel's ABI, so a cached entry rebuilds HotSpot's stack trace without the compiler.
 */
public record SourceFrame(String className, String method, String file, int line) {
    public StackTraceElement toStackTraceElement() {
        return new StackTraceElement(className, method, file, line);
    }

    /** Tab-separated fields, each escaped ({@link #escape}); a null file is the empty field with a marker. */
    public String encode() {
        return String.join("\t", escape(className), escape(method), file == null ? "\\0" : escape(file),
                Integer.toString(line));
    }

    public static SourceFrame decode(String text) {
        List<String> f = split(text);
        if (f.size() != 4) throw new IllegalArgumentException("bad source frame: " + text);
        return new SourceFrame(f.get(0), f.get(1), f.get(2).equals("\0") ? null : f.get(2), Integer.parseInt(f.get(3)));
    }

    /** Backslash and tab escaped, so fields can be joined by tabs. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t");
    }

    /** Splits on unescaped tabs and unescapes each field ({@code \0} alone stands for a missing value). */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                sb.append(n == 't' ? '\t' : n == '0' ? '\0' : n);
            } else if (c == '\t') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }
}
