package dev.kiln.compiler.diff;

import dev.kiln.compiler.diff.ProgramGenerator.Var;
import dev.kiln.compiler.diff.ProgramTypes.T;

import java.util.ArrayList;
import java.util.List;

/**
 * The shapes of {@link ProgramGenerator} behind recently fixed bugs: kernel objects (fields of {@code this} read and
 * their arrays written, also by while loops carrying a local from one pass to the next, and passed to a helper),
 * computed constants and field reads written identically in both arms of a branch, recursion that allocates (helpers
 * returning arrays and arrays of arrays, and the kernel calling itself), and arrays of arrays returned whose rows are
 * parameters, fields, constant tables, fresh arrays or null.
 */
final class ProgramShapes {
    private final ProgramGenerator g;
    /** Static recursive helpers returning an array (1-D or rows): name, and the array type they return. */
    private final List<Var> arrayHelpers = new ArrayList<>();
    /** Static helpers that write into the array they are given: name, and the array type they take. */
    private final List<Var> arrayParamHelpers = new ArrayList<>();
    final List<Var> fields = new ArrayList<>();
    List<Var> kernelParams;
    private boolean selfCalled;

    ProgramShapes(ProgramGenerator g) {
        this.g = g;
    }

    // ---------------------------------------------------------------- class members

    /** A static final computed by the class initializer (no ConstantValue attribute): Kiln reads the value it holds. */
    void computedFinal() {
        String n = "C" + g.statics.size();
        // Computed by the class initializer (no ConstantValue attribute): Kiln reads the value once initialized.
        switch (g.r.nextInt(6)) {
            case 0 -> {
                g.members.append("    static final double ").append(n).append(" = Math.sqrt(").append(g.lit(T.DOUBLE))
                        .append(") * ").append(g.lit(T.DOUBLE)).append(";\n");
                g.statics.add(new Var(n, T.DOUBLE, false));
            }
            case 1 -> {
                g.members.append("    static final long ").append(n).append(" = Double.doubleToLongBits(").append(g.lit(T.DOUBLE))
                        .append(") >>> ").append(g.r.nextInt(64)).append(";\n");
                g.statics.add(new Var(n, T.LONG, false));
            }
            case 2 -> {
                g.members.append("    static final int ").append(n).append(" = Integer.parseInt(\"").append(g.r.nextInt(2000) - 1000)
                        .append("\") ^ Integer.reverse(").append(g.lit(T.INT)).append(");\n");
                g.statics.add(new Var(n, T.INT, false));
            }
            case 4 -> {
                g.members.append("    static final int ").append(n).append(" = Integer.parseInt(\"").append(g.r.nextInt(200001) - 100000)
                        .append("\");\n");
                g.statics.add(new Var(n, T.INT, false));
            }
            case 5 -> {
                g.members.append("    static final double ").append(n).append(" = Math.sqrt(").append(g.r.nextInt(9)).append(");\n");
                g.statics.add(new Var(n, T.DOUBLE, false));
            }
            default -> {
                g.members.append("    static final float ").append(n).append(" = (float) Math.sin(").append(g.lit(T.DOUBLE)).append(");\n");
                g.statics.add(new Var(n, T.FLOAT, false));
            }
        }
    }

    /** A constant table written by the class initializer. */
    void table() {
        String n = "TABLE" + g.statics.size();
        T t = g.pick(T.INTS, T.DOUBLES, T.LONGS);
        StringBuilder sb = new StringBuilder("    static final " + t.java + " " + n + " = {");
        int len = 1 + g.r.nextInt(6);
        for (int k = 0; k < len; k++) sb.append(k > 0 ? ", " : "").append(g.lit(t.element()));
        g.members.append(sb).append("};\n");
        g.statics.add(new Var(n, t, false));
    }

    // ---------------------------------------------------------------- kernel objects

    /** Fields of the kernel object and its constructor: at least one array field, often two of one type. */
    String fields(String className) {
        int n = 2 + g.r.nextInt(4);
        T first = g.pick(T.INTS, T.LONGS, T.DOUBLES, T.SHORTS);
        StringBuilder decl = new StringBuilder();
        List<String> params = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int k = 0; k < n; k++) {
            T t = k == 0 ? first : k == 1 && g.r.nextBoolean() ? first
                    : g.pick(T.INTS, T.LONGS, T.DOUBLES, T.SHORTS, T.INT, T.LONG, T.DOUBLE, T.FLOAT, T.BOOLEAN);
            String name = "f" + k;
            // Read-only to the generator: a write to a field of this is refused (docs/coverage.md); its elements are not.
            fields.add(new Var(name, t, false));
            decl.append("    final ").append(t.java).append(' ').append(name).append(";\n");
            params.add(t.java + " " + name);
            body.append("        this.").append(name).append(" = ").append(name).append(";\n");
        }
        return decl + "    public " + className + "(" + String.join(", ", params) + ") {\n" + body + "    }\n";
    }

    // ---------------------------------------------------------------- helpers

    /** A static recursive helper that allocates on every level and returns an array or an array of arrays. */
    void arrayHelper() {
        T t = g.pick(T.INTS, T.LONGS, T.DOUBLES, T.SHORTS);
        String e = t.elementJava();
        String name = "r" + arrayHelpers.size();
        StringBuilder b = new StringBuilder();
        List<Var> saved = g.scope;
        g.scope = new ArrayList<>(g.statics);
        g.scope.add(new Var("d", T.INT, false));
        if (g.r.nextBoolean()) {
            b.append("    static ").append(t.java).append(' ').append(name).append("(int d, ").append(t.java).append(" a) {\n");
            b.append("        if (d <= 0) return a;\n");
            b.append("        ").append(t.java).append(" n = new ").append(e).append("[(d & 3)").append(g.pick("", " + 1")).append("];\n");
            b.append("        if (n.length > 0) n[0] = ").append(store(t, g.expr(t.element(), 2))).append(";\n");
            b.append("        if (a != null && a.length > 0 && n.length > 0) n[n.length - 1] = ")
                    .append(store(t, "n[n.length - 1] + a[0]")).append(";\n");
            b.append("        ").append(t.java).append(" s = ").append(name).append("(d - 1, (d & 1) == 0 ? n : a);\n");
            b.append("        if (s != null && s.length > 0) s[0] = ").append(store(t, "s[0] + d")).append(";\n");
            b.append("        return ").append(g.pick("d % 3 == 0 ? n : s", "s", "n")).append(";\n    }\n");
            arrayHelpers.add(new Var(name, t, false));
        } else {
            T rows = t.rowsOf();
            b.append("    static ").append(rows.java).append(' ').append(name).append("(int d, ").append(t.java).append(" row) {\n");
            b.append("        if (d <= 0) return new ").append(e).append("[][] {row, null, ")
                    .append(g.pick("row", "new " + e + "[1]")).append("};\n");
            b.append("        ").append(t.java).append(" n = new ").append(e).append("[d & 3];\n");
            b.append("        if (n.length > 0) n[0] = ").append(store(t, g.expr(t.element(), 1))).append(";\n");
            b.append("        ").append(rows.java).append(" m = ").append(name).append("(d - 1, (d & 1) == 0 ? n : row);\n");
            b.append("        m[d % m.length] = ").append(g.pick("row", "n", "null", "m[0]")).append(";\n");
            b.append("        return m;\n    }\n");
            arrayHelpers.add(new Var(name, rows, false));
        }
        g.scope = saved;
        g.members.append(b);
    }

    /** A static helper that reads and writes one cell of the array it is given (a field, a parameter, a local). */
    void arrayParamHelper() {
        T t = g.pick(T.INTS, T.LONGS, T.DOUBLES, T.SHORTS);
        T e = t.element();
        String name = "w" + arrayParamHelpers.size();
        String op = g.pick("+", "-", "*");
        g.members.append("    static ").append(e.java).append(' ').append(name).append('(').append(t.java)
                .append(" a, int i, ").append(e.java).append(" v) {\n")
                .append("        if (a.length == 0) return v;\n")
                .append("        int j = (i & 0x7fffffff) % a.length;\n")
                .append("        ").append(e.java).append(" old = a[j];\n")
                .append("        a[j] = ").append(store(t, "old " + op + " v")).append(";\n")
                .append("        return old;\n    }\n");
        arrayParamHelpers.add(new Var(name, t, false));
    }

    private static String store(T array, String value) {
        return array == T.SHORTS ? "(short) (" + value + ")" : array == T.INTS ? "(int) (" + value + ")"
                : array == T.LONGS ? "(long) (" + value + ")" : "(double) (" + value + ")";
    }

    // ---------------------------------------------------------------- statements

    /** One of this class's statements, by number ({@code choice} in [0, 6)); false when it had nothing to work on. */
    boolean statement(StringBuilder sb, int indent, int choice) {
        String pad = "    ".repeat(indent);
        return switch (choice) {
            case 0 -> carriedWhile(sb, pad);
            case 1 -> rotor(sb, pad);
            case 2 -> sameArms(sb, indent);
            case 3 -> selfCall(sb, indent);
            case 4 -> arrayHelperCall(sb, pad);
            default -> arrayParamCall(sb, pad);
        };
    }

    /**
     * A while loop that shifts an array down by one, carrying the element about to be overwritten in a local declared
     * before it (and visible after it), and writing a second array that may be the same one.
     */
    private boolean carriedWhile(StringBuilder sb, String pad) {
        Var a = g.pickVar(v -> !g.statics.contains(v), T.INTS, T.LONGS, T.DOUBLES, T.SHORTS);
        if (a == null) return false;
        T e = a.type().element();
        String w = "w" + g.fresh++;
        String c = "c" + g.fresh++;
        String t = "t" + g.fresh++;
        sb.append(pad).append("int ").append(w).append(" = 0;\n");
        sb.append(pad).append(e.java).append(' ').append(c).append(" = ").append(a.name()).append(".length > 0 ? ")
                .append(a.name()).append("[0] : ").append(g.lit(e)).append(";\n");
        String bound = g.pick("6", "(" + g.ctl() + " & 7)", a.name() + ".length");
        sb.append(pad).append("while (").append(w).append(" + 1 < ").append(a.name()).append(".length && ").append(w)
                .append(" < ").append(bound).append(") {\n");
        g.scope.add(new Var(c, e, true));
        sb.append(pad).append("    ").append(e.java).append(' ').append(t).append(" = ").append(a.name()).append('[')
                .append(w).append(" + 1];\n");
        String op = e == T.DOUBLE ? g.pick("+", "-", "*", "/") : g.pick("+", "-", "*", "^");
        sb.append(pad).append("    ").append(a.name()).append('[').append(w).append("] = ")
                .append(store(a.type(), c + " " + op + " " + g.expr(e, 1))).append(";\n");
        Var b = g.pickVar(v -> !g.statics.contains(v) && v != a, a.type());
        if (b != null && g.r.nextBoolean()) {
            sb.append(pad).append("    if (").append(b.name()).append(" != null && ").append(b.name()).append(".length > 0) ")
                    .append(b.name()).append('[').append(w).append(" % ").append(b.name()).append(".length] = ")
                    .append(store(a.type(), t + " + " + c)).append(";\n");
        }
        if (g.r.nextInt(3) == 0) sb.append(pad).append("    if (").append(g.cond(1)).append(") break;\n");
        sb.append(pad).append("    ").append(c).append(" = ").append(t).append(";\n");
        sb.append(pad).append("    ").append(w).append("++;\n");
        sb.append(pad).append("}\n");
        return true;
    }

    /** Issue 19's rotation step: a counter array and a permutation (possibly one array), a carried element. */
    private boolean rotor(StringBuilder sb, String pad) {
        Var p = g.pickVar(v -> !g.statics.contains(v), T.INTS, T.LONGS, T.DOUBLES, T.SHORTS);
        Var count = g.pickVar(v -> !g.statics.contains(v), T.INTS);
        if (p == null || count == null) return false;
        String e = p.type().elementJava();
        String h = "h" + g.fresh++;
        String k = "k" + g.fresh++;
        String t = "t" + g.fresh++;
        String j = "j" + g.fresh++;
        String P = p.name();
        String C = count.name();
        sb.append(pad).append(e).append(' ').append(h).append(" = ").append(P).append("[0];\n");
        sb.append(pad).append("int ").append(k).append(" = 0;\n");
        sb.append(pad).append("while (++").append(C).append('[').append(k).append("] > ").append(k).append(") {\n");
        sb.append(pad).append("    ").append(C).append('[').append(k).append("++] = 0;\n");
        sb.append(pad).append("    ").append(e).append(' ').append(t).append(" = ").append(P).append("[0] = ").append(P).append("[1];\n");
        sb.append(pad).append("    for (int ").append(j).append(" = 1; ").append(j).append(" <= ").append(k).append("; ++")
                .append(j).append(") ").append(P).append('[').append(j).append("] = ").append(P).append('[').append(j).append(" + 1];\n");
        sb.append(pad).append("    ").append(P).append('[').append(k).append(" + 1] = ").append(h).append(";\n");
        sb.append(pad).append("    ").append(h).append(" = ").append(t).append(";\n");
        sb.append(pad).append("}\n");
        g.scope.add(new Var(k, T.INT, true));
        if (p.type() != T.SHORTS) g.scope.add(new Var(h, p.type().element(), true));
        return true;
    }

    /**
     * The same expression over a computed static final, a field of this or a cell of an array in both arms of a
     * branch: the merge sees two equal-looking values that are two instructions.
     */
    private boolean sameArms(StringBuilder sb, int indent) {
        String pad = "    ".repeat(indent);
        Var v = g.pickVar(x -> !x.assignable(), T.INT, T.LONG, T.DOUBLE, T.FLOAT, T.BOOLEAN);
        Var a = g.pickVar(x -> true, T.INTS, T.LONGS, T.DOUBLES, T.SHORTS);
        String read;
        T type;
        if (v != null && (a == null || g.r.nextInt(3) != 0)) {
            read = v.name();
            type = v.type();
        } else if (a != null) {
            read = a.name() + "[" + g.index(a.name()) + "]";
            type = a.type().element();
        } else {
            return false;
        }
        String n = "s" + g.fresh++;
        if (type == T.BOOLEAN) {
            sb.append(pad).append("boolean ").append(n).append(" = ").append(g.cond(1)).append(" ? !").append(read)
                    .append(" : !").append(read).append(";\n");
            g.scope.add(new Var(n, T.BOOLEAN, true));
            return true;
        }
        T to = g.pick(T.INT, T.LONG, T.DOUBLE, T.FLOAT, type);
        String arm = switch (g.r.nextInt(3)) {
            case 0 -> "(" + to.java + ") " + read;
            case 1 -> "(" + to.java + ") -" + read;
            default -> "(" + to.java + ") (" + read + " * " + g.lit(type) + ")";
        };
        Var target = g.r.nextBoolean() ? g.pickVar(Var::assignable, to) : null;
        if (target != null) {
            // if/else with identical arms, each assigning the target
            sb.append(pad).append("if (").append(g.cond(2)).append(") {\n").append(pad).append("    ").append(target.name())
                    .append(" += ").append(arm).append(";\n").append(pad).append("} else {\n").append(pad).append("    ")
                    .append(target.name()).append(" += ").append(arm).append(";\n").append(pad).append("}\n");
        } else {
            sb.append(pad).append(to.java).append(' ').append(n).append(" = ").append(g.cond(1)).append(" ? ").append(arm)
                    .append(" : ").append(arm).append(";\n");
            g.scope.add(new Var(n, to, true));
        }
        return true;
    }

    /** The kernel calling itself (on this, for a kernel object) a few levels deep, once per program, at top level. */
    private boolean selfCall(StringBuilder sb, int indent) {
        if (selfCalled || indent != 2 || kernelParams == null || g.kernelResult == null) return false;
        selfCalled = true;
        T res = g.kernelResult;
        List<String> args = new ArrayList<>();
        args.add("x - 1");
        boolean saved = g.branchFree;
        g.branchFree |= !fields.isEmpty(); // this on the operand stack: no branch in the arguments
        for (int k = 1; k < kernelParams.size(); k++) {
            Var p = kernelParams.get(k);
            if (p.type().scalar() && g.r.nextBoolean()) args.add(g.expr(p.type(), 1));
            else if (!p.type().scalar() && g.r.nextInt(4) == 0) args.add("null");
            else args.add(p.name());
        }
        g.branchFree = saved;
        String n = "rec" + g.fresh++;
        String otherwise = res.scalar() ? g.lit(res) : "null";
        sb.append("        ").append(res.java).append(' ').append(n).append(" = x > 0 && x < 6 ? k(")
                .append(String.join(", ", args)).append(") : ").append(otherwise).append(";\n");
        g.scope.add(new Var(n, res, res.scalar()));
        return true;
    }

    /** A local from a recursive allocating helper, given an array in scope, null or a fresh one. */
    private boolean arrayHelperCall(StringBuilder sb, String pad) {
        if (arrayHelpers.isEmpty()) return false;
        Var h = arrayHelpers.get(g.r.nextInt(arrayHelpers.size()));
        T arg = h.type().rows() ? h.type().element() : h.type();
        Var a = g.pickVar(v -> !g.statics.contains(v), arg);
        String given = a != null && g.r.nextBoolean() ? a.name() : g.pick("null", "new " + arg.elementJava() + "[2]");
        String n = "u" + g.fresh++;
        sb.append(pad).append(h.type().java).append(' ').append(n).append(" = ").append(h.name()).append("((")
                .append(g.expr(T.INT, 1)).append(") & 7, ").append(given).append(");\n");
        g.scope.add(new Var(n, h.type(), false));
        return true;
    }

    /** A helper writing into an array in scope: a field of this, a parameter (maybe the same array), a local. */
    private boolean arrayParamCall(StringBuilder sb, String pad) {
        if (arrayParamHelpers.isEmpty()) return false;
        Var h = arrayParamHelpers.get(g.r.nextInt(arrayParamHelpers.size()));
        Var a = g.pickVar(v -> !g.statics.contains(v), h.type());
        if (a == null) return false;
        T e = h.type().element();
        String n = "o" + g.fresh++;
        sb.append(pad).append(e.java).append(' ').append(n).append(" = ").append(h.name()).append('(').append(a.name())
                .append(", ").append(g.expr(T.INT, 1)).append(", ").append(g.expr(e, 1)).append(");\n");
        g.scope.add(new Var(n, e, true));
        return true;
    }

    // ---------------------------------------------------------------- results

    /** An array of arrays to return: one in scope, a helper's, or new rows of parameters, fields, tables, fresh, null. */
    String rowsResult(T t) {
        Var v = g.r.nextInt(4) == 0 ? g.pickVar(x -> !g.statics.contains(x), t) : null;
        if (v != null) return v.name();
        T row = t.element();
        String e = row.elementJava();
        List<String> rows = new ArrayList<>();
        int n = 1 + g.r.nextInt(4);
        for (int k = 0; k < n; k++) {
            Var r = g.r.nextInt(3) != 0 ? g.pickVar(x -> true, row) : null;
            rows.add(r != null ? r.name() : g.pick("null", "new " + e + "[" + g.ctl() + " & 3]",
                    "new " + e + "[] {" + (row == T.SHORTS ? "(short) " + g.lit(T.INT) : g.lit(row.element())) + "}"));
        }
        return "new " + e + "[][] {" + String.join(", ", rows) + "}";
    }
}
