package dev.kiln.compiler.diff;

import dev.kiln.compiler.diff.ProgramTypes.T;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random small, valid, terminating Java kernels as source, from a seed: one class with computed static finals,
 * constant tables, helpers (recursive ones that allocate among them) and one kernel {@code k}. The constructs are
 * those Kiln claims to compile: arithmetic of the four computational types and conversions, bounded loops carrying
 * locals, branches (some with identical arms), arrays allocated, read and written, arrays of arrays with null rows and
 * null arrays of arrays behind guards, calls, recursion, and exceptions both implicit (division by zero, bounds, null,
 * negative sizes) and thrown with a message built from values. Some programs are kernel objects (an instance kernel
 * over fields set by a constructor); {@link ProgramShapes} has those and the other shapes of recently fixed bugs.
 */
final class ProgramGenerator {
    /** A generated kernel: its class's source, and the kernel's parameter and return types. */
    record Program(long seed, String className, String source, List<T> params, T result, List<T> fields) {
        /** A kernel object: an instance method {@code k}, fields {@code f0, f1, ...} set by the one constructor. */
        boolean object() {
            return !fields.isEmpty();
        }
    }

    record Var(String name, T type, boolean assignable) {
    }

    final Random r;
    private final long seed;
    private final String className;
    final StringBuilder members = new StringBuilder();
    final List<Var> statics = new ArrayList<>();
    private final List<String> helpers = new ArrayList<>(); // "name:returnType:paramTypes" signatures usable in expressions
    private final List<T> helperResults = new ArrayList<>();
    private final List<List<T>> helperParams = new ArrayList<>();
    List<Var> scope;
    int fresh;
    int loopDepth;
    private final ProgramShapes shapes = new ProgramShapes(this);
    private int stmtBudget;
    boolean branchFree;
    T kernelResult; // while the kernel's body is generated

    private ProgramGenerator(long seed) {
        this.seed = seed;
        this.r = new Random(seed);
        this.className = "Gen" + Long.toUnsignedString(seed, 36);
    }

    static Program generate(long seed) {
        return new ProgramGenerator(seed).program();
    }

    private Program program() {
        boolean object = r.nextInt(5) < 2;
        int finals = r.nextInt(3);
        for (int k = 0; k < finals; k++) shapes.computedFinal();
        if (r.nextInt(3) == 0) shapes.table();
        String objectMembers = object ? shapes.fields(className) : "";
        if (r.nextBoolean()) shapes.arrayHelper(); // static: before the helpers, which may be instance methods
        if (r.nextInt(3) == 0) shapes.arrayParamHelper();
        int nHelpers = r.nextInt(3);
        for (int k = 0; k < nHelpers; k++) helper();

        List<T> params = new ArrayList<>();
        params.add(T.INT); // x: drives sizes, depths, guards
        int more = r.nextInt(3);
        for (int k = 0; k < more; k++) {
            // a kernel object's parameters are often of a field's type: the test may pass the field itself
            List<Var> arrays = shapes.fields.stream().filter(v -> v.type.array()).toList();
            Var f = !arrays.isEmpty() && r.nextBoolean() ? arrays.get(r.nextInt(arrays.size())) : null;
            params.add(f != null ? f.type : pick(T.INT, T.LONG, T.DOUBLE, T.FLOAT, T.INTS, T.DOUBLES, T.LONGS,
                    T.INT_ROWS, T.DOUBLE_ROWS, T.SHORTS, T.LONG_ROWS));
        }
        T result = pick(T.INT, T.LONG, T.DOUBLE, T.FLOAT, T.INT, T.DOUBLE, T.INTS, T.DOUBLES, T.INT_ROWS, T.DOUBLE_ROWS,
                T.LONG_ROWS);
        scope = new ArrayList<>(statics);
        scope.addAll(shapes.fields);
        List<String> decl = new ArrayList<>();
        List<Var> kernelParams = new ArrayList<>();
        for (int k = 0; k < params.size(); k++) {
            String n = k == 0 ? "x" : "p" + k;
            kernelParams.add(new Var(n, params.get(k), true));
            decl.add(params.get(k).java + " " + n);
        }
        scope.addAll(kernelParams);
        shapes.kernelParams = kernelParams;
        StringBuilder body = new StringBuilder();
        kernelResult = result;
        stmtBudget = 14;
        statements(body, 2, 2 + r.nextInt(5));
        body.append("        return ").append(result.scalar() ? expr(result, 3) : arrayResult(result)).append(";\n");
        String source = "public final class " + className + " {\n" + members + objectMembers
                + "    public " + (object ? "" : "static ") + result.java + " k(" + String.join(", ", decl) + ") {\n"
                + body + "    }\n}\n";
        List<T> fieldTypes = shapes.fields.stream().map(Var::type).toList();
        return new Program(seed, className, source, params, result, fieldTypes);
    }

    // ---------------------------------------------------------------- class members

    /**
     * A helper: recursive (depth bounded by its int parameter, often allocating on each level), or mutually
     * recursive with a second one, or a plain function.
     */
    private void helper() {
        int id = helpers.size();
        String name = "h" + id;
        T ret = pick(T.INT, T.LONG, T.DOUBLE, T.FLOAT);
        T acc = pick(T.INT, T.LONG, T.DOUBLE);
        List<Var> saved = scope;
        scope = new ArrayList<>(statics);
        scope.addAll(shapes.fields); // a kernel object's helpers are its instance methods
        scope.add(new Var("d", T.INT, true));
        scope.add(new Var("a", acc, true));
        StringBuilder body = new StringBuilder();
        String modifier = shapes.fields.isEmpty() ? "    static " : "    ";
        int kind = r.nextInt(3);
        stmtBudget = 5;
        String self = "h" + id;
        if (kind == 2) {
            // Mutual recursion: hN calls hN_b which calls hN back.
            String other = name + "_b";
            body.append("        if (d <= 0) return ").append(castTo(ret, "a")).append(";\n");
            allocation(body, 2);
            statements(body, 2, 1 + r.nextInt(2));
            body.append("        return ").append(other).append("(d - 1, ").append(argument(acc)).append(");\n");
            StringBuilder b2 = new StringBuilder();
            List<Var> s2 = scope;
            scope = new ArrayList<>(statics);
            scope.addAll(shapes.fields);
            scope.add(new Var("d", T.INT, true));
            scope.add(new Var("a", acc, true));
            stmtBudget = 3;
            if (r.nextBoolean()) allocation(b2, 2);
            b2.append("        return ").append(castTo(ret, "(" + expr(acc, 2) + ")")).append(" + ").append(self)
                    .append("(d - 1, a);\n");
            scope = s2;
            members.append(modifier).append(ret.java).append(' ').append(other).append("(int d, ").append(acc.java)
                    .append(" a) {\n").append(b2).append("    }\n");
        } else if (kind == 1) {
            body.append("        if (d <= 0) return ").append(castTo(ret, "a")).append(";\n");
            if (r.nextInt(4) != 0) allocation(body, 2);
            statements(body, 2, r.nextInt(3));
            body.append("        return ").append(castTo(ret, "(" + expr(acc, 2) + ")")).append(" + ").append(self)
                    .append("(d - 1, ").append(argument(acc)).append(");\n");
        } else {
            statements(body, 2, 1 + r.nextInt(3));
            body.append("        return ").append(expr(ret, 3)).append(";\n");
        }
        scope = saved;
        members.append(modifier).append(ret.java).append(' ').append(name).append("(int d, ").append(acc.java)
                .append(" a) {\n").append(body).append("    }\n");
        helpers.add(name);
        helperResults.add(ret);
        helperParams.add(List.of(T.INT, acc));
    }

    /** An argument of a helper's call: branch-free for a kernel object's, called on this (see {@link #call}). */
    private String argument(T t) {
        boolean saved = branchFree;
        branchFree |= !shapes.fields.isEmpty();
        String e = expr(t, 2);
        branchFree = saved;
        return e;
    }

    private static String castTo(T t, String e) {
        return "((" + t.java + ") " + e + ")";
    }

    // ---------------------------------------------------------------- statements

    void statements(StringBuilder sb, int indent, int n) {
        for (int k = 0; k < n && stmtBudget > 0; k++) {
            stmtBudget--;
            statement(sb, indent);
        }
    }

    private void statement(StringBuilder sb, int indent) {
        String pad = "    ".repeat(indent);
        int choice = r.nextInt(indent > 4 ? 6 : 21);
        if (choice >= 15 && shapes.statement(sb, indent, choice - 15)) return;
        switch (choice) {
            case 0, 1 -> declare(sb, pad);
            case 2, 3 -> assign(sb, pad);
            case 4 -> arrayWrite(sb, pad);
            case 5 -> throwIf(sb, pad);
            case 6 -> ifElse(sb, indent);
            case 7 -> loop(sb, indent);
            case 8 -> allocation(sb, indent);
            case 9 -> rows(sb, indent);
            case 10 -> nullRowsGuard(sb, indent);
            case 12 -> switchStatement(sb, indent);
            case 13 -> referenceMerge(sb, pad);
            case 14 -> earlyReturn(sb, pad);
            case 11 -> identicalArms(sb, indent);
            default -> declare(sb, pad);
        }
    }

    private void declare(StringBuilder sb, String pad) {
        T t = pick(T.INT, T.LONG, T.DOUBLE, T.FLOAT, T.INT, T.BOOLEAN);
        String n = "v" + fresh++;
        sb.append(pad).append(t.java).append(' ').append(n).append(" = ").append(expr(t, 3)).append(";\n");
        scope.add(new Var(n, t, true));
    }

    void assign(StringBuilder sb, String pad) {
        Var v = pickVar(Var::assignable, T.INT, T.LONG, T.DOUBLE, T.FLOAT, T.BOOLEAN);
        if (v == null) {
            declare(sb, pad);
            return;
        }
        if (v.type != T.BOOLEAN && r.nextBoolean()) {
            String op = pick("+=", "-=", "*=", v.type == T.DOUBLE || v.type == T.FLOAT ? "/=" : "^=");
            sb.append(pad).append(v.name).append(' ').append(op).append(' ').append(expr(v.type, 2)).append(";\n");
        } else {
            sb.append(pad).append(v.name).append(" = ").append(expr(v.type, 3)).append(";\n");
        }
    }

    private void arrayWrite(StringBuilder sb, String pad) {
        // Not the static tables: HotSpot's run and Kiln's would see each other's writes.
        Var a = pickVar(v -> !statics.contains(v), T.INTS, T.LONGS, T.DOUBLES, T.SHORTS, T.INT_ROWS, T.DOUBLE_ROWS, T.SHORT_ROWS);
        if (a == null) return;
        T arrayType = a.type.rows() ? a.type.element() : a.type;
        // A cell of an array of arrays: its row may be null, shorter than the index, or shared with another row.
        String target = a.type.rows() ? a.name + "[" + index(a.name) + "]" : a.name;
        String value = arrayType == T.SHORTS ? "(short) (" + expr(T.INT, 2) + ")" : expr(arrayType.element(), 2);
        sb.append(pad).append(target).append('[').append(index(target)).append("] = ").append(value).append(";\n");
    }

    private void throwIf(StringBuilder sb, String pad) {
        T t = pick(T.INT, T.LONG, T.DOUBLE);
        String ex = pick("IllegalArgumentException", "IllegalStateException", "ArithmeticException");
        String c = cond(2);
        branchFree = true;
        String value = expr(t, 1);
        branchFree = false;
        sb.append(pad).append("if (").append(c).append(") throw new ").append(ex).append("(\"bad ")
                .append(fresh++).append(": \" + ").append(value).append(");\n");
    }

    private void ifElse(StringBuilder sb, int indent) {
        String pad = "    ".repeat(indent);
        sb.append(pad).append("if (").append(cond(3)).append(") {\n");
        block(sb, indent + 1, 1 + r.nextInt(3));
        if (r.nextBoolean()) {
            sb.append(pad).append("} else {\n");
            block(sb, indent + 1, 1 + r.nextInt(2));
        }
        sb.append(pad).append("}\n");
    }

    /** Both arms the same code: javac keeps both; merges see the same values from two sides. */
    private void identicalArms(StringBuilder sb, int indent) {
        String pad = "    ".repeat(indent);
        StringBuilder arm = new StringBuilder();
        block(arm, indent + 1, 1 + r.nextInt(2));
        sb.append(pad).append("if (").append(cond(2)).append(") {\n").append(arm).append(pad).append("} else {\n")
                .append(arm).append(pad).append("}\n");
        Var v = pickVar(Var::assignable, T.INT, T.DOUBLE, T.LONG);
        if (v != null) {
            String e = expr(v.type, 2);
            sb.append(pad).append(v.name).append(" = ").append(cond(1)).append(" ? ").append(e).append(" : ").append(e).append(";\n");
        }
    }

    /** A switch over a small int (tableswitch or lookupswitch), with fall-through into the next case sometimes. */
    private void switchStatement(StringBuilder sb, int indent) {
        String pad = "    ".repeat(indent);
        boolean sparse = r.nextBoolean();
        sb.append(pad).append("switch (").append(expr(T.INT, 1)).append(sparse ? ")" : " & 7)").append(" {\n");
        int cases = 1 + r.nextInt(4);
        java.util.Set<Integer> keys = new java.util.TreeSet<>();
        while (keys.size() < cases) keys.add(sparse ? r.nextInt(2001) - 1000 : r.nextInt(8));
        for (int key : keys) {
            sb.append(pad).append("    case ").append(key < 0 ? "(" + key + ")" : key).append(": {\n");
            block(sb, indent + 2, 1 + r.nextInt(2));
            sb.append(pad).append("    }\n");
            if (r.nextInt(3) != 0) sb.append(pad).append("    break;\n");
        }
        sb.append(pad).append("    default: {\n");
        block(sb, indent + 2, 1);
        sb.append(pad).append("    }\n").append(pad).append("}\n");
    }

    /** An array reference chosen at run time, possibly null: a merge of references (and of null with an array). */
    private void referenceMerge(StringBuilder sb, String pad) {
        Var a = pickVar(v -> !statics.contains(v), T.INTS, T.LONGS, T.DOUBLES, T.SHORTS);
        if (a == null) return;
        Var b = pickVar(v -> !statics.contains(v), a.type);
        String n = "q" + fresh++;
        String other = r.nextBoolean() || b == null ? "null" : b.name;
        sb.append(pad).append(a.type.java).append(' ').append(n).append(" = ").append(cond(1)).append(" ? ")
                .append(a.name).append(" : ").append(other).append(";\n");
        scope.add(new Var(n, a.type, false));
        if (r.nextBoolean()) sb.append(pad).append("if (").append(n).append(" != null) ");
        else sb.append(pad);
        String value = a.type == T.SHORTS ? "(short) (" + expr(T.INT, 1) + ")" : expr(a.type.element(), 1);
        sb.append(n).append('[').append(index(n)).append("] = ").append(value).append(";\n");
    }

    /** {@code if (c) return e;} in the kernel (a helper's statements have another result type). */
    private void earlyReturn(StringBuilder sb, String pad) {
        if (kernelResult == null || !ctl().equals("x")) return;
        String value = kernelResult.scalar() ? expr(kernelResult, 2) : arrayResult(kernelResult);
        sb.append(pad).append("if (").append(cond(2)).append(") return ").append(value).append(";\n");
    }

    /** A block in its own scope: what it declares is not visible after it. */
    void block(StringBuilder sb, int indent, int n) {
        int mark = scope.size();
        statements(sb, indent, n);
        while (scope.size() > mark) scope.removeLast();
    }

    private void loop(StringBuilder sb, int indent) {
        if (loopDepth >= 2) {
            assign(sb, "    ".repeat(indent));
            return;
        }
        String pad = "    ".repeat(indent);
        String i = "i" + fresh++;
        Var arr = pickVar(v -> true, T.INTS, T.LONGS, T.DOUBLES, T.SHORTS);
        String bound = switch (r.nextInt(4)) {
            case 0 -> Integer.toString(r.nextInt(7));
            case 1 -> "(" + ctl() + " & 7)";
            case 2 -> arr != null ? arr.name + ".length" : "3";
            default -> "Math.min(" + ctl() + ", 5)";
        };
        // Locals assigned in the body are carried around the loop.
        sb.append(pad).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(bound).append("; ")
                .append(i).append("++) {\n");
        int mark = scope.size();
        scope.add(new Var(i, T.INT, false));
        loopDepth++;
        statements(sb, indent + 1, 1 + r.nextInt(3));
        Var carried = pickVar(Var::assignable, T.INT, T.LONG, T.DOUBLE, T.FLOAT);
        if (carried != null) {
            sb.append(pad).append("    ").append(carried.name).append(" = ").append(expr(carried.type, 2)).append(";\n");
        }
        if (r.nextInt(4) == 0) sb.append(pad).append("    if (").append(cond(1)).append(") break;\n");
        loopDepth--;
        while (scope.size() > mark) scope.removeLast();
        sb.append(pad).append("}\n");
    }

    /** A new primitive array of a size that may be negative, filled and read. */
    void allocation(StringBuilder sb, int indent) {
        String pad = "    ".repeat(indent);
        T t = pick(T.INTS, T.LONGS, T.DOUBLES, T.SHORTS);
        String n = "a" + fresh++;
        String size = pick("(x & 7)", "(x & 3) + 1", "x % 5", "2").replace("x", ctl());
        sb.append(pad).append(t.java).append(' ').append(n).append(" = new ").append(t.elementJava()).append('[')
                .append(size).append("];\n");
        scope.add(new Var(n, t, false));
        if (r.nextBoolean()) {
            String value = t == T.SHORTS ? "(short) (" + expr(T.INT, 1) + ")" : expr(t.element(), 1);
            sb.append(pad).append("if (").append(n).append(".length > 0) ").append(n).append("[0] = ").append(value).append(";\n");
        }
    }

    /** An array of arrays with some null rows, rows written and read behind null checks, or not. */
    private void rows(StringBuilder sb, int indent) {
        String pad = "    ".repeat(indent);
        T t = pick(T.INT_ROWS, T.DOUBLE_ROWS, T.SHORT_ROWS);
        String n = "m" + fresh++;
        String rowT = t.element().elementJava();
        if (r.nextBoolean()) {
            sb.append(pad).append(t.java).append(' ').append(n).append(" = new ").append(rowT).append("[(").append(ctl()).append(" & 3) + 1][];\n");
            sb.append(pad).append("for (int j = 0; j < ").append(n).append(".length; j += 2) ").append(n)
                    .append("[j] = new ").append(rowT).append("[j + 1];\n");
        } else {
            sb.append(pad).append(t.java).append(' ').append(n).append(" = new ").append(rowT).append("[2][")
                    .append(pick("3", "(x & 3)", "x % 3").replace("x", ctl())).append("];\n");
            if (r.nextBoolean()) sb.append(pad).append(n).append("[1] = null;\n");
        }
        scope.add(new Var(n, t, false));
        String cell = t == T.SHORT_ROWS ? "(short) (" + expr(T.INT, 1) + ")" : expr(t.element().element(), 1);
        String j = "(" + expr(T.INT, 1) + " & 1)";
        if (r.nextBoolean()) {
            sb.append(pad).append("if (").append(n).append('[').append(j).append("] != null && ").append(n)
                    .append("[0] != null && ").append(n).append("[0].length > 0) ").append(n).append("[0][0] = ").append(cell).append(";\n");
        } else {
            sb.append(pad).append(n).append('[').append(j).append("][").append(index(n + "[0]")).append("] = ").append(cell).append(";\n");
        }
    }

    /** Issue 19, bug 5c: an array of arrays known to be null, behind a guard that may or may not hold. */
    private void nullRowsGuard(StringBuilder sb, int indent) {
        String pad = "    ".repeat(indent);
        T t = pick(T.INT_ROWS, T.DOUBLE_ROWS, T.SHORT_ROWS);
        String n = "z" + fresh++;
        sb.append(pad).append(t.java).append(' ').append(n).append(" = null;\n");
        if (r.nextBoolean()) {
            sb.append(pad).append("if (").append(ctl()).append(" > 3) ").append(n).append(" = new ").append(t.element().elementJava()).append("[2][2];\n");
        }
        Var target = pickVar(Var::assignable, T.INT);
        String lhs = target != null ? target.name : ctl();
        String guard = r.nextBoolean() ? n + " != null && " : (r.nextBoolean() ? cond(1) + " && " : "");
        String read = t == T.DOUBLE_ROWS ? "(int) " + n + "[0][1]" : n + "[0][1]";
        sb.append(pad).append("if (").append(guard).append(n).append("[0] != null) ").append(lhs).append(" += ")
                .append(read).append(";\n");
    }

    // ---------------------------------------------------------------- expressions

    String expr(T t, int depth) {
        if (depth <= 0 || r.nextInt(4) == 0) return leaf(t);
        return switch (t) {
            case INT -> intExpr(depth);
            case LONG -> longExpr(depth);
            case DOUBLE -> doubleExpr(depth);
            case FLOAT -> floatExpr(depth);
            case BOOLEAN -> cond(depth);
            default -> throw new IllegalArgumentException(t.name());
        };
    }

    String leaf(T t) {
        if (t == T.BOOLEAN) return cond(0);
        Var v = r.nextInt(3) != 0 ? pickVar(x -> true, t) : null;
        if (v != null) return v.name;
        Var a = r.nextInt(3) == 0 ? pickVar(x -> x.type.array() && x.type.element() == t) : null;
        if (a != null) return a.name + "[" + index(a.name) + "]";
        return lit(t);
    }

    private String intExpr(int d) {
        return switch (r.nextInt(14)) {
            case 0, 1 -> bin(T.INT, d, "+", "-", "*", "&", "|", "^");
            case 2 -> bin(T.INT, d, "/", "%");
            case 3 -> "(" + expr(T.INT, d - 1) + " " + pick("<<", ">>", ">>>") + " " + expr(T.INT, d - 1) + ")";
            case 4 -> "(int) " + paren(expr(pick(T.LONG, T.DOUBLE, T.FLOAT), d - 1));
            case 5 -> lengthOf();
            case 6 -> math(T.INT, d, "abs", "min", "max");
            case 7 -> ternary(T.INT, d);
            case 8 -> "Integer.bitCount(" + expr(T.INT, d - 1) + ")";
            case 9 -> "Double.compare(" + expr(T.DOUBLE, d - 1) + ", " + expr(T.DOUBLE, d - 1) + ")";
            case 10 -> call(T.INT, d);
            case 11 -> rowRead(T.INT);
            case 12 -> "(-" + expr(T.INT, d - 1) + ")";
            default -> "(short) " + paren(expr(T.INT, d - 1));
        };
    }

    private String longExpr(int d) {
        return switch (r.nextInt(9)) {
            case 0, 1 -> bin(T.LONG, d, "+", "-", "*", "&", "|", "^");
            case 2 -> bin(T.LONG, d, "/", "%");
            case 3 -> "(" + expr(T.LONG, d - 1) + " " + pick("<<", ">>", ">>>") + " " + expr(T.INT, d - 1) + ")";
            case 4 -> "(long) " + paren(expr(pick(T.INT, T.DOUBLE, T.FLOAT), d - 1));
            case 5 -> math(T.LONG, d, "abs", "min", "max");
            case 6 -> "Double.doubleToLongBits(" + expr(T.DOUBLE, d - 1) + ")";
            case 7 -> call(T.LONG, d);
            default -> ternary(T.LONG, d);
        };
    }

    private String doubleExpr(int d) {
        return switch (r.nextInt(9)) {
            case 0, 1, 2 -> bin(T.DOUBLE, d, "+", "-", "*", "/", "%");
            case 3 -> "(double) " + paren(expr(pick(T.INT, T.LONG, T.FLOAT), d - 1));
            case 4 -> "Math." + pick("sqrt", "floor", "ceil", "rint", "abs") + "(" + expr(T.DOUBLE, d - 1) + ")";
            case 5 -> math(T.DOUBLE, d, "min", "max");
            case 6 -> call(T.DOUBLE, d);
            case 7 -> rowRead(T.DOUBLE);
            default -> ternary(T.DOUBLE, d);
        };
    }

    private String floatExpr(int d) {
        return switch (r.nextInt(5)) {
            case 0, 1 -> bin(T.FLOAT, d, "+", "-", "*", "/", "%");
            case 2 -> "(float) " + paren(expr(pick(T.INT, T.LONG, T.DOUBLE), d - 1));
            case 3 -> math(T.FLOAT, d, "abs", "min", "max");
            default -> call(T.FLOAT, d);
        };
    }

    /** {@code Math.abs(e)} or {@code Math.min(e, f)} ...: the exactly specified Math methods of {@code t}. */
    private String math(T t, int d, String... names) {
        String n = pick(names);
        String args = n.equals("min") || n.equals("max") ? expr(t, d - 1) + ", " + expr(t, d - 1) : expr(t, d - 1);
        return "Math." + n + "(" + args + ")";
    }

    /**
     * {@code c ? a : b}; not inside a thrown message, where the exception under construction would be on the operand
     * stack at the branch (refused, docs/coverage.md).
     */
    private String ternary(T t, int d) {
        if (branchFree) return leaf(t);
        return "(" + cond(d - 1) + " ? " + expr(t, d - 1) + " : " + expr(t, d - 1) + ")";
    }

    private String bin(T t, int d, String... ops) {
        return "(" + expr(t, d - 1) + " " + pick(ops) + " " + expr(t, d - 1) + ")";
    }

    private static String paren(String e) {
        return e.startsWith("(") && e.endsWith(")") ? e : "(" + e + ")";
    }

    String cond(int d) {
        if (d <= 0 || r.nextInt(3) == 0) {
            T t = pick(T.INT, T.LONG, T.DOUBLE, T.FLOAT, T.INT);
            Var ref = r.nextInt(5) == 0 ? pickVar(v -> !v.type.scalar()) : null;
            if (ref != null) return "(" + ref.name + pick(" == null", " != null") + ")";
            Var b = r.nextInt(4) == 0 ? pickVar(v -> true, T.BOOLEAN) : null;
            if (b != null) return b.name;
            return "(" + leaf(t) + " " + pick("<", "<=", ">", ">=", "==", "!=") + " " + leaf(t) + ")";
        }
        return switch (r.nextInt(4)) {
            case 0 -> "(" + cond(d - 1) + " && " + cond(d - 1) + ")";
            case 1 -> "(" + cond(d - 1) + " || " + cond(d - 1) + ")";
            case 2 -> "!" + cond(d - 1);
            default -> {
                T t = pick(T.INT, T.LONG, T.DOUBLE, T.FLOAT);
                yield "(" + expr(t, d - 1) + " " + pick("<", "<=", ">", ">=", "==", "!=") + " " + expr(t, d - 1) + ")";
            }
        };
    }

    private String arrayResult(T t) {
        if (t.rows()) return shapes.rowsResult(t);
        Var v = r.nextInt(4) != 0 ? pickVar(x -> !statics.contains(x), t) : null;
        if (v != null) return v.name;
        return r.nextInt(5) == 0 ? "null" : "new " + t.elementJava() + "[] {" + expr(t.element(), 2) + ", " + leaf(t.element()) + "}";
    }

    private String lengthOf() {
        Var a = pickVar(v -> !v.type.scalar());
        return a == null ? lit(T.INT) : a.name + ".length";
    }

    /** {@code m[i][j]} of an array of arrays in scope (may throw: null row, bounds), or a leaf. */
    private String rowRead(T t) {
        Var m = pickVar(v -> v.type.rows() && (v.type.element().element() == t));
        if (m == null) return leaf(t);
        return m.name + "[" + index(m.name) + "][" + index(m.name + "[0]") + "]";
    }

    /** An index into {@code array}: usually in range (when the array is long enough), sometimes not. */
    String index(String array) {
        return switch (r.nextInt(5)) {
            case 0 -> lit(T.INT);
            case 1 -> "(" + expr(T.INT, 1) + " & 3)";
            default -> "(" + expr(T.INT, 1) + " & 0x7fffffff) % Math.max(1, " + array + ".length)";
        };
    }

    private String call(T t, int d) {
        List<Integer> fit = new ArrayList<>();
        for (int k = 0; k < helpers.size(); k++) if (helperResults.get(k) == t) fit.add(k);
        if (fit.isEmpty()) return leaf(t);
        int k = fit.get(r.nextInt(fit.size()));
        // A kernel object's helpers are called on this, which is on the operand stack while the arguments are
        // computed: no branch there (refused, docs/coverage.md).
        boolean saved = branchFree;
        branchFree |= !shapes.fields.isEmpty();
        // Depth bounded small so recursion stays shallow; the sign of x may make it 0 or negative.
        String args = "((" + expr(T.INT, d - 1) + ") & 7, " + expr(helperParams.get(k).get(1), d - 1) + ")";
        branchFree = saved;
        return helpers.get(k) + args;
    }

    // ---------------------------------------------------------------- leaves

    String lit(T t) {
        return ProgramTypes.literal(t, r);
    }

    // ---------------------------------------------------------------- choice

    /** The int that drives sizes and bounds: the kernel's x, a helper's depth d. */
    String ctl() {
        for (Var v : scope) if (v.name.equals("x")) return "x";
        return "d";
    }

    Var pickVar(java.util.function.Predicate<Var> ok, T... types) {
        List<Var> fit = new ArrayList<>();
        for (Var v : scope) {
            if (!ok.test(v)) continue;
            if (types.length == 0) fit.add(v);
            else for (T t : types) if (v.type == t) fit.add(v);
        }
        return fit.isEmpty() ? null : fit.get(r.nextInt(fit.size()));
    }

    @SafeVarargs
    final <X> X pick(X... xs) {
        return xs[r.nextInt(xs.length)];
    }
}
