package dev.kiln.cli;

import java.util.List;

/** Plain-text tables: the first row is the header, columns are left-aligned and two spaces apart. */
final class Table {
    private Table() {
    }

    static String format(List<String[]> rows) {
        if (rows.isEmpty()) return "";
        int n = rows.get(0).length;
        int[] w = new int[n];
        for (String[] r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.append(r[i]);
                if (i < n - 1) line.append(" ".repeat(w[i] - r[i].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
