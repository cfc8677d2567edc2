package io.memberlist.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Where {@code demo} draws: redrawn in place on a terminal, or plain lines for a pipe or a file. */
abstract sealed class Screen permits Screen.Ansi, Screen.Plain {
    final PrintWriter out;

    Screen(PrintWriter out) {
        this.out = out;
    }

    /** A new event line. */
    abstract void event(String line);

    /** A step finished: show the table. */
    abstract void step(List<String> table, List<String> events);

    /** Time passed: refresh the table if this screen can. */
    abstract void tick(List<String> table, List<String> events);

    /** Redraws the table and the events below it, over what was drawn before. */
    static final class Ansi extends Screen {
        private static final String UP_TO_LINE_START = "\u001b[%dF";
        private static final String CLEAR_TO_END = "\u001b[J";
        private int drawn;

        Ansi(PrintWriter out) {
            super(out);
        }

        @Override
        void event(String line) {
            // drawn with the next table
        }

        @Override
        void step(List<String> table, List<String> events) {
            tick(table, events);
        }

        @Override
        void tick(List<String> table, List<String> events) {
            List<String> lines = new ArrayList<>(table);
            lines.add("");
            lines.addAll(events);
            StringBuilder sb = new StringBuilder();
            if (drawn > 0) {
                sb.append(String.format(UP_TO_LINE_START, drawn));
            }
            sb.append(CLEAR_TO_END);
            for (String l : lines) {
                sb.append(l).append('\n');
            }
            out.print(sb);
            out.flush();
            drawn = lines.size();
        }
    }

    /** Events as they happen, and the table after each step. */
    static final class Plain extends Screen {
        Plain(PrintWriter out) {
            super(out);
        }

        @Override
        void event(String line) {
            out.println(line);
            out.flush();
        }

        @Override
        void step(List<String> table, List<String> events) {
            for (String l : table) {
                out.println("  " + l);
            }
            out.flush();
        }

        @Override
        void tick(List<String> table, List<String> events) {
            // a pipe gets the table at each step only
        }
    }
}
