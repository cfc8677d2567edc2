package io.memberlist.cli;

import java.util.function.Consumer;

/**
 * Reads the {@code text/event-stream} format line by line, as {@code members --watch} receives
 * {@code GET /v1/events}: {@code event:} names the next event, {@code data:} lines (joined with
 * newlines) carry it, a blank line delivers it; comments ({@code :...}), {@code id:} and
 * {@code retry:} are skipped. An event without data is not delivered.
 */
final class SseParser {
    /** One delivered event: its name ({@code message} when none was given) and its data. */
    record Event(String name, String data) {}

    private final Consumer<Event> sink;
    private String name = "";
    private StringBuilder data;

    SseParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    /** One line, without its terminator. */
    void line(String line) {
        if (line.isEmpty()) {
            if (data != null) {
                sink.accept(new Event(name.isEmpty() ? "message" : name, data.toString()));
            }
            name = "";
            data = null;
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> { } // id, retry and unknown fields
        }
    }
}
