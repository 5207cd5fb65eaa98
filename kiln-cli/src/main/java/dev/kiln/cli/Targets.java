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
}
