package dev.kiln.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a stats JSON file (what a process writes to {@code KILN_STATS_FILE} on exit) as a readable table.
 * It follows the file's structure rather than a fixed schema, so fields added later still show: objects become
 * indented sections (with a total when all their values are numbers), arrays of objects become tables, and numbers
 * whose name ends in {@code Nanos} or {@code Bytes} are shown as durations or sizes.
 */
public final class StatsTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatsTable() {
    }

    public static JsonNode read(Path file) {
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw CliException.input(file + " is not a Kiln stats file (expected a JSON object)");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw CliException.input("cannot read stats file " + file + ": no such file");
        } catch (JsonProcessingException e) {
            throw CliException.input(file + " is not a Kiln stats file: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw CliException.input("cannot read stats file " + file + ": " + e, e);
        }
    }

    public static String render(JsonNode root) {
        List<String[]> rows = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        section(root, 0, rows, tables);
        int w = 0;
        for (String[] r : rows) w = Math.max(w, r[0].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            if (r[1] == null) sb.append(r[0]).append('\n');
            else sb.append(String.format(Locale.ROOT, "%-" + w + "s  %s%n", r[0], r[1]));
        }
        for (String t : tables) sb.append('\n').append(t);
        return sb.toString();
    }

    private static void section(JsonNode obj, int depth, List<String[]> rows, List<String> tables) {
        String indent = "  ".repeat(depth);
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                // A breakdown (hits by tier, misses by reason) has a total; "remote" is a record of unlike counters.
                boolean breakdown = allNumbers(v) && !key.equals("remote");
                rows.add(new String[]{indent + label(key), breakdown ? total(key, v) : null});
                if (v.isEmpty()) rows.set(rows.size() - 1, new String[]{indent + label(key), allNumbers(v) ? total(key, v) : "-"});
                section(v, depth + 1, rows, tables);
            } else if (v.isArray() && !v.isEmpty() && v.get(0).isObject()) {
                rows.add(new String[]{indent + label(key), v.size() + " (table below)"});
                tables.add(table(label(key), v));
            } else if (v.isArray() && v.size() > 1) {
                // A list (compiled keys, miss log): one item per line under its count.
                rows.add(new String[]{indent + label(key), Integer.toString(v.size())});
                for (JsonNode x : v) rows.add(new String[]{indent + "  " + (x.isValueNode() ? x.asText() : x.toString()), null});
            } else {
                rows.add(new String[]{indent + label(key), value(key, v)});
            }
        }
    }

    private static String table(String title, JsonNode array) {
        Set<String> cols = new LinkedHashSet<>();
        for (JsonNode row : array) row.fieldNames().forEachRemaining(cols::add);
        List<String> names = new ArrayList<>(cols);
        List<String[]> cells = new ArrayList<>();
        cells.add(names.stream().map(StatsTable::label).toArray(String[]::new));
        for (JsonNode row : array) {
            String[] r = new String[names.size()];
            for (int i = 0; i < r.length; i++) {
                JsonNode v = row.get(names.get(i));
                r[i] = v == null || v.isNull() ? "-" : value(names.get(i), v);
            }
            cells.add(r);
        }
        return title + ":\n" + Table.format(cells);
    }

    private static boolean allNumbers(JsonNode obj) {
        for (JsonNode v : obj) if (!v.isNumber()) return false;
        return true;
    }

    private static String total(String key, JsonNode obj) {
        double sum = 0;
        boolean integral = true;
        for (JsonNode v : obj) {
            sum += v.asDouble();
            integral &= v.isIntegralNumber();
        }
        String unitKey = key.endsWith("Nanos") || key.endsWith("Bytes") ? key : "";
        if (!unitKey.isEmpty()) return number(unitKey, sum);
        return integral ? Long.toString((long) sum) : String.format(Locale.ROOT, "%.3f", sum);
    }

    static String value(String key, JsonNode v) {
        if (v.isNumber()) return number(key, v.asDouble());
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode x : v) parts.add(x.isValueNode() ? x.asText() : x.toString());
            return parts.isEmpty() ? "-" : String.join(", ", parts);
        }
        if (v.isNull()) return "-";
        return v.asText();
    }

    private static String number(String key, double d) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith("nanos")) return Sizes.duration((long) d);
        if (k.endsWith("millis")) return Sizes.duration((long) (d * 1e6));
        if (k.endsWith("bytes") || k.equals("size")) return Sizes.bytes((long) d);
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return String.format(Locale.ROOT, "%.3f", d);
    }

    /** {@code compileNanos} → {@code compile time}, {@code missesByReason} → {@code misses by reason}. */
    static String label(String key) {
        String k = key;
        if (k.endsWith("Nanos") && k.length() > 5) k = k.substring(0, k.length() - 5) + "Time";
        else if (k.endsWith("Millis") && k.length() > 6) k = k.substring(0, k.length() - 6) + "Time";
        if (k.contains("/") || k.contains(".") || k.contains("-") || k.contains(" ")) return key; // a path or a reason
        return k.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
