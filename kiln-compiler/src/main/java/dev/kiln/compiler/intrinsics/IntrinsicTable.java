package dev.kiln.compiler.intrinsics;

import dev.kiln.compiler.intrinsics.Intrinsic.FaultSpec;
import dev.kiln.model.JdkLeaves;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entries the families register, keyed {@code owner.name descriptor}, in registration order, and the one
 * declaration text of every function an entry may call. Each entry is checked as it is added: no unfilled placeholder,
 * a declaration for every callee, listed in {@link JdkLeaves} (which the cache key reads), not added twice.
 */
final class IntrinsicTable {
    /** Every function an intrinsic may call, with the one declaration text all intrinsics share. */
    private final Map<String, String> declarations = new LinkedHashMap<>();
    private final Map<String, Intrinsic> entries = new LinkedHashMap<>();
    private static final Pattern CALLEE = Pattern.compile("@([A-Za-z_][A-Za-z0-9_.]*)\\(");
    private static final Pattern DEFINED = Pattern.compile("define [^@\\n]*@([A-Za-z_][A-Za-z0-9_.]*)\\(");

    IntrinsicTable() {
        declareLlvm();
    }

    Map<String, Intrinsic> entries() {
        return entries;
    }

    void put(String owner, String name, String desc, String body, Optional<FaultSpec> fault) {
        put(owner, name, desc, body, "", fault);
    }

    /**
     * An entry whose function calls module-level {@code helpers} (functions and constants, defined with the entry
     * and once per module): the helpers' own callees need declarations like the body's.
     */
    void put(String owner, String name, String desc, String body, String helpers, Optional<FaultSpec> fault) {
        String key = owner + "." + name + desc;
        String symbol = "kiln." + owner.substring(owner.lastIndexOf('/') + 1) + "." + name + desc;
        String ret = irType(desc.charAt(desc.indexOf(')') + 1));
        if (fault.isPresent()) ret = "{" + ret + ", i1}";
        StringBuilder params = new StringBuilder();
        String args = desc.substring(1, desc.indexOf(')'));
        for (int k = 0; k < args.length(); k++) {
            if (k > 0) params.append(", ");
            params.append(irType(args.charAt(k))).append(" %").append((char) ('a' + k));
        }
        if (body.contains("$")) throw new IllegalStateException("unfilled placeholder in " + key + ":\n" + body);
        String definition = helpers + "define internal " + ret + " @\"" + symbol + "\"(" + params
                + ") nounwind {\nentry:\n" + body + "}\n";
        Set<String> decls = new LinkedHashSet<>();
        Set<String> defined = new LinkedHashSet<>();
        Matcher d = DEFINED.matcher(helpers);
        while (d.find()) defined.add(d.group(1));
        Matcher m = CALLEE.matcher(body + helpers);
        while (m.find()) {
            if (defined.contains(m.group(1))) continue;
            String decl = declarations.get(m.group(1));
            if (decl == null) throw new IllegalStateException("no declaration for @" + m.group(1) + " in " + key);
            decls.add(decl);
        }
        if (!JdkLeaves.contains(owner, name, desc)) {
            // The cache key is computed without the compiler: it must know this method is a leaf, not bytecode.
            throw new IllegalStateException("intrinsic " + key + " is missing from dev.kiln.model.JdkLeaves");
        }
        if (entries.put(key, new Intrinsic(symbol, definition, decls, fault)) != null) {
            throw new IllegalStateException("duplicate intrinsic " + key);
        }
    }

    private static String irType(char c) {
        return switch (c) {
            case 'Z', 'B', 'C', 'S', 'I' -> "i32";
            case 'J' -> "i64";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> throw new IllegalArgumentException("not a primitive descriptor: " + c);
        };
    }

    private void declare(String name, String ret, String... params) {
        declarations.put(name, "declare " + ret + " @" + name + "(" + String.join(", ", params) + ")");
    }

    private void declareLlvm() {
        for (String t : new String[] {"i32", "i64"}) {
            declare("llvm.abs." + t, t, t, "i1");
            declare("llvm.smin." + t, t, t, t);
            declare("llvm.smax." + t, t, t, t);
            declare("llvm.ctpop." + t, t, t);
            declare("llvm.ctlz." + t, t, t, "i1");
            declare("llvm.cttz." + t, t, t, "i1");
            declare("llvm.fshl." + t, t, t, t, t);
            declare("llvm.fshr." + t, t, t, t, t);
            declare("llvm.bitreverse." + t, t, t);
            declare("llvm.bswap." + t, t, t);
            for (String op : new String[] {"sadd", "ssub", "smul"}) {
                declare("llvm." + op + ".with.overflow." + t, "{" + t + ", i1}", t, t);
            }
        }
        for (String[] ft : new String[][] {{"float", "f32"}, {"double", "f64"}}) {
            String t = ft[0];
            String s = ft[1];
            declare("llvm.fabs." + s, t, t);
            declare("llvm.copysign." + s, t, t, t);
            declare("llvm.fma." + s, t, t, t, t);
            declare("llvm.floor." + s, t, t);
        }
        declare("llvm.sqrt.f64", "double", "double");
        declare("llvm.ceil.f64", "double", "double");
        declare("llvm.roundeven.f64", "double", "double");
        declare("llvm.fptosi.sat.i64.f64", "i64", "double");
        declare("llvm.fptosi.sat.i32.f32", "i32", "float");
        for (String f : new String[] {"exp", "expm1", "log", "log1p", "sin", "cos", "tan", "asin", "acos",
                "atan", "sinh", "cosh", "tanh", "cbrt"}) {
            declare(f, "double", "double");
        }
        declare("log10l", "x86_fp80", "x86_fp80");
        for (String[] g : VectorMath.declarations()) declarations.put(g[0], g[1]);
        for (String f : new String[] {"atan2", "hypot", "pow"}) {
            declare(f, "double", "double", "double");
        }
    }
}
