package dev.kiln.runtime.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Why a lookup missed, in one line: the nearest entry of the same kernel compared with the key this process computed
 * (another compiler, changed code or computed constants, other options, a CPU that lacks the entries' features).
 */
final class MissExplainer {
    private MissExplainer() {
    }

    /** Whether an entry was made from the same code, compiler and options as {@code spec} (any target). */
    static boolean sameSpec(KernelKey spec, EntryMeta m) {
        return m.inputs().equals(spec.inputs()) && m.compiler().equals(spec.compiler())
                && m.options().equals(spec.options().toString());
    }

    /** One line comparing with the nearest entry of the same kernel. */
    static Verdict explain(KernelKey spec, List<KilnCache.Cand> all, Set<String> features, String featuresText,
                           boolean runnableCorrupt, String corruptDetail, List<Tier> searched) {
        String kernel = KernelKey.displayMethod(spec.identity());
        // A corrupt entry of this kernel may well be the one that would have served: say so (once; it is moved).
        if (runnableCorrupt || corruptDetail != null) return Verdict.miss(MissReason.CORRUPT, corruptDetail);
        // Or another process met it first and moved it aside: the miss is still about corruption.
        String quarantined = Quarantined.explain(searched, spec, features);
        if (quarantined != null) return Verdict.miss(MissReason.CORRUPT, quarantined);
        if (all.isEmpty()) {
            return Verdict.miss(MissReason.NO_ENTRY, "no entry for " + kernel + " in " + searched);
        }
        KilnCache.Cand nearest = all.stream().max(Comparator.<KilnCache.Cand>comparingInt(c -> score(spec, c.meta()))
                .thenComparingInt(c -> sameMethods(spec, c.meta()))
                .thenComparing(c -> c.meta().created())).orElseThrow();
        EntryMeta m = nearest.meta();
        if (!m.compiler().equals(spec.compiler())) {
            Set<String> others = new TreeSet<>();
            all.forEach(c -> others.add(c.meta().compiler()));
            return Verdict.miss(MissReason.OTHER_COMPILER, "entries were made by " + String.join(", ", others)
                    + "; this is " + spec.compiler());
        }
        if (!m.inputs().equals(spec.inputs())) {
            return Verdict.miss(MissReason.INPUTS_CHANGED, diffMethods(spec, m));
        }
        if (!m.options().equals(spec.options().toString())) {
            return Verdict.miss(MissReason.OPTIONS_CHANGED, diffOptions(m.options(), spec.options().toString()));
        }
        // Same code, compiler and options: every such entry needs something this CPU lacks.
        Map<String, SortedSet<String>> missing = new LinkedHashMap<>();
        all.stream().filter(c -> sameSpec(spec, c.meta())).forEach(c -> {
            TreeSet<String> lack = new TreeSet<>(c.meta().requiredFeatures());
            lack.removeAll(features);
            missing.putIfAbsent(c.meta().target(), lack);
        });
        for (var e : missing.entrySet()) {
            if (e.getValue().isEmpty()) { // runnable, yet not served: it went away while this process read it
                return Verdict.miss(MissReason.NO_ENTRY, "entry for " + KilnCache.shortTarget(e.getKey())
                        + " was removed while being read (evicted or replaced by another process)");
            }
        }
        List<String> parts = new ArrayList<>();
        missing.forEach((t, lack) -> parts.add(KilnCache.shortTarget(t) + " (needs " + abbreviate(lack, 4) + ")"));
        return Verdict.miss(MissReason.TARGET_NOT_RUNNABLE, "no entry for " + featuresText
                + "; entries exist for " + String.join(", ", parts));
    }

    private static int score(KernelKey spec, EntryMeta m) {
        return (m.compiler().equals(spec.compiler()) ? 4 : 0) + (m.inputs().equals(spec.inputs()) ? 2 : 0)
                + (m.options().equals(spec.options().toString()) ? 1 : 0);
    }

    private static int sameMethods(KernelKey spec, EntryMeta m) {
        int n = 0;
        for (var e : spec.methodDigests().entrySet()) if (e.getValue().equals(m.methodDigests().get(e.getKey()))) n++;
        return n;
    }

    static String diffMethods(KernelKey spec, EntryMeta m) {
        List<String> parts = new ArrayList<>();
        String root = spec.identity();
        for (var e : spec.methodDigests().entrySet()) {
            String role = e.getKey().equals(root) ? "kernel " : "callee ";
            String was = m.methodDigests().get(e.getKey());
            if (was == null) parts.add(role + KernelKey.displayMethod(e.getKey()) + " added");
            else if (!was.equals(e.getValue())) parts.add(role + KernelKey.displayMethod(e.getKey()) + " changed");
        }
        for (String old : m.methodDigests().keySet()) {
            if (!spec.methodDigests().containsKey(old)) {
                parts.add("callee " + KernelKey.displayMethod(old) + " no longer called");
            }
        }
        if (parts.isEmpty()) return "code changed";
        if (parts.size() > 3) {
            int more = parts.size() - 3;
            parts = new ArrayList<>(parts.subList(0, 3));
            parts.add("and " + more + " more");
        }
        // The code may be the same and a computed constant or assertion status differ: name what this process has.
        String values = spec.keyed().describe();
        return String.join(", ", parts) + (values.isEmpty() ? "" : " (compiled here with " + values + ")");
    }

    static String diffOptions(String cached, String now) {
        Map<String, String> a = optionMap(cached);
        Map<String, String> b = optionMap(now);
        List<String> parts = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(b.keySet());
        names.addAll(a.keySet());
        for (String n : names) {
            if (!String.valueOf(a.get(n)).equals(String.valueOf(b.get(n)))) {
                parts.add(n + " differs (cached " + a.get(n) + ", now " + b.get(n) + ")");
            }
        }
        return parts.isEmpty() ? "options differ" : String.join(", ", parts);
    }

    private static Map<String, String> optionMap(String options) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String tok : options.trim().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq > 0) m.put(tok.substring(0, eq), tok.substring(eq + 1));
            else if (tok.matches("O\\d")) m.put("optLevel", tok.substring(1));
            else m.put(tok, "");
        }
        return m;
    }

    private static String abbreviate(Set<String> s, int max) {
        List<String> l = new ArrayList<>(s);
        if (l.size() <= max) return String.join(", ", l);
        return String.join(", ", l.subList(0, max)) + ", … (" + l.size() + " features)";
    }
}
