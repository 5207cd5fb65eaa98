package dev.kiln;

import java.util.List;

/**
 * A kernel (or a method it calls) uses something Kiln does not compile. Thrown at compile time, never at run time:
 * Kiln refuses rather than run code whose meaning could differ from Java's.
 *
 * @param className  binary name of the class holding the offending method, e.g. {@code com.acme.Losses}
 * @param line       source line, or -1 when the class file has no line table
 * @param bci        bytecode offset inside the method
 * @param callPath   the chain of calls from the kernel down to the offending method, kernel first
 */
public final class UnsupportedConstructException extends KilnException {
    private final String className;
    private final String methodName;
    private final int line;
    private final int bci;
    private final String construct;
    private final List<String> callPath;

    public UnsupportedConstructException(String className, String methodName, int line, int bci,
                                         String construct, List<String> callPath) {
        super(format(className, methodName, line, bci, construct, callPath));
        this.className = className;
        this.methodName = methodName;
        this.line = line;
        this.bci = bci;
        this.construct = construct;
        this.callPath = List.copyOf(callPath);
    }

    private static String format(String cls, String method, int line, int bci, String construct, List<String> path) {
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        String where = cls + "." + method + "(" + (line >= 0 ? simple + ".java:" + line : "unknown line") + ", bci " + bci + ")";
        String via = path.size() > 1 ? " [call path: " + String.join(" -> ", path) + "]" : "";
        return "unsupported " + construct + " at " + where + via;
    }

    public String className() { return className; }
    public String methodName() { return methodName; }
    /** Source line, or -1 when unknown. */
    public int line() { return line; }
    public int bci() { return bci; }
    /** What was refused, e.g. {@code "object allocation (new java.lang.StringBuilder)"}. */
    public String construct() { return construct; }
    public List<String> callPath() { return callPath; }
}
