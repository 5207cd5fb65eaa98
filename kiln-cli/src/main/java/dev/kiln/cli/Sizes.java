package dev.kiln.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes and durations, read and written the way people type them: {@code 500M}, {@code 2G}, {@code 1.5 s}. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?\\s*");

    private Sizes() {
    }

    /** Parses {@code 1048576}, {@code 512K}, {@code 500M}, {@code 2G}, {@code 1.5GiB} (powers of 1024). */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw CliException.usage("bad size '" + text + "': expected a number of bytes with an optional K, M, G or T suffix, e.g. 500M");
        }
        double n = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        double bytes = n * (1L << shift);
        if (bytes > Long.MAX_VALUE / 2) throw CliException.usage("bad size '" + text + "': too large");
        return (long) bytes;
    }

    public static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    public static String duration(long nanos) {
        if (nanos < 1_000) return nanos + " ns";
        if (nanos < 1_000_000) return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
        if (nanos < 1_000_000_000) return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        if (nanos < 120_000_000_000L) return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        long s = nanos / 1_000_000_000L;
        return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
