package io.memberlist.cli;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables with aligned columns, as {@code members} and {@code demo} print them. */
final class MemberTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MemberTable(String... header) {
        this.header = List.of(header);
    }

    MemberTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "-" : c.toString());
        }
        rows.add(r);
        return this;
    }

    /** The table's lines, without line terminators. */
    List<String> lines() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < width.length && i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        List<String> out = new ArrayList<>();
        out.add(line(header, width));
        for (List<String> r : rows) {
            out.add(line(r, width));
        }
        return out;
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            sb.append(c);
            if (i < width.length - 1) {
                sb.append(" ".repeat(width[i] - c.length() + 2));
            }
        }
        return sb.toString().stripTrailing();
    }

    /** The table {@code members} prints. */
    static List<String> of(List<MemberInfo> members) {
        MemberTable t = new MemberTable("NAME", "ADDRESS", "STATE", "INCARNATION", "PROTOCOL", "META");
        for (MemberInfo m : members) {
            String meta = m.meta().length == 0 ? "" : m.metaText() != null ? m.metaText()
                    : "(" + m.meta().length + " bytes)";
            t.row(m.name(), m.hostPort(), m.stateName(), m.incarnation(), m.pCur() + " [" + m.pMin() + "-" + m.pMax() + "]",
                    meta);
        }
        return t.lines();
    }
}
