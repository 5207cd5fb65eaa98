package dev.kiln.cli;

import dev.kiln.Target;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** {@code --target LIST}: comma-separated target names ({@code x86-64-v3}, {@code x86-64-v4+avx512vnni}, {@code host}). */
final class Targets {
    private Targets() {
    }

    static List<Target> parse(String list) {
        LinkedHashSet<Target> out = new LinkedHashSet<>();
        for (String t : list.split(",")) {
            String s = t.strip();
            if (s.isEmpty()) continue;
            if (s.equals("host")) {
                out.add(CacheGateway.hostTarget());
                continue;
            }
            try {
                out.add(Target.parse(s));
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
        }
        if (out.isEmpty()) throw CliException.usage("no targets in '" + list + "'");
        return new ArrayList<>(out);
    }

    /**
     * A target as people read it in a table: {@code x86-64-v4 (cascadelake)} for a CPU's target (its tens of
     * LLVM features are what that CPU has), {@code x86-64-v3+avx512f+avx512vl} for a few extras, else
     * {@code x86-64-v3+12 features}. The full text is in {@code ls --verbose}, {@code --json} and explain.
     */
    static String shortForm(String text) {
        Target t;
        try {
            t = Target.parse(text);
        } catch (IllegalArgumentException e) {
            return text;
        }
        boolean tuned = !t.tuneCpu().equals(t.level());
        String extras = t.features().isEmpty() ? ""
                : t.features().size() <= 3 ? "+" + String.join("+", t.features())
                : tuned ? "" : "+" + t.features().size() + " features";
        return t.level() + extras + (tuned ? " (" + t.tuneCpu() + ")" : "");
    }
}
