package io.memberlist.bench.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rows of an experiment's results, written as CSV (RFC 4180 quoting) next to its picture. */
public final class CsvTable {
    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();

    public CsvTable(String... header) {
        this.header = List.of(header);
    }

    public CsvTable row(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException(values.length + " values for " + header.size() + " columns");
        }
        rows.add(java.util.Arrays.asList(values.clone()));
        return this;
    }

    public int size() {
        return rows.size();
    }

    public void write(Path file) throws IOException {
        StringBuilder s = new StringBuilder();
        line(s, new ArrayList<>(header));
        for (List<Object> r : rows) {
            line(s, r);
        }
        Files.writeString(file, s, StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder s, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(cell(values.get(i)));
        }
        s.append('\n');
    }

    static String cell(Object v) {
        String t;
        if (v == null) {
            t = "";
        } else if (v instanceof Double d) {
            t = Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6g", d);
        } else {
            t = v.toString();
        }
        if (t.contains(",") || t.contains("\"") || t.contains("\n")) {
            t = "\"" + t.replace("\"", "\"\"") + "\"";
        }
        return t;
    }
}
