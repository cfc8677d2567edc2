package io.memberlist.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Talks to a running agent's status endpoint ({@link StatusServer}) for {@code members}, {@code join}, {@code leave}. */
final class AgentClient {
    private final HostPort agent;
    private final HttpClient http;
    private final Duration timeout;

    AgentClient(HostPort agent, Duration timeout) {
        this.agent = agent;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The members the agent knows, optionally only those in one state. */
    List<MemberInfo> members(String status) {
        Object json = call("GET", "/v1/members" + (status == null ? "" : "?status=" + status), null);
        if (!(json instanceof List<?> list)) {
            throw new CliException("unexpected answer from " + base() + "/v1/members: not a JSON list");
        }
        List<MemberInfo> out = new ArrayList<>();
        for (Object o : list) {
            out.add(MemberInfo.fromJson(o));
        }
        return out;
    }

    /** The raw JSON text of {@code /v1/members}, for {@code --json}. */
    String membersJson(String status) {
        return JsonCodec.writePretty(call("GET", "/v1/members" + (status == null ? "" : "?status=" + status), null));
    }

    /** Asks the agent to join these addresses; returns how many were reached. */
    int join(List<String> addresses) {
        Object json = call("POST", "/v1/join", JsonCodec.write(Map.of("addrs", addresses)));
        return json instanceof Map<?, ?> m && m.get("joined") instanceof Number n ? n.intValue() : 0;
    }

    /**
     * Follows the agent's event stream ({@code GET /v1/events}), handing each event to
     * {@code onEvent}, until the agent ends it; then throws, since a watcher never stops on its own.
     */
    void watch(Consumer<SseParser.Event> onEvent) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base() + "/v1/events")).timeout(timeout)
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> resp = send(req, "GET", "/v1/events", HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = resp.body()) {
            if (resp.statusCode() != 200) {
                String body = lines.collect(Collectors.joining("\n"));
                throw new CliException("GET /v1/events failed (HTTP " + resp.statusCode() + "): " + errorOf(body));
            }
            SseParser parser = new SseParser(onEvent);
            lines.forEach(parser::line);
        } catch (java.io.UncheckedIOException e) {
            throw new CliException("lost the event stream of the agent at " + base() + ": " + e.getCause());
        }
        throw new CliException("the agent at " + base() + " closed the event stream");
    }

    /** Asks the agent to leave the cluster and shut down. */
    void leave() {
        call("POST", "/v1/leave", "");
    }

    String base() {
        return "http://" + agent;
    }

    private Object call(String method, String path, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base() + path)).timeout(timeout);
        req = body == null ? req.method(method, HttpRequest.BodyPublishers.noBody())
                : req.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> resp = send(req.build(), method, path, HttpResponse.BodyHandlers.ofString());
        Object json;
        try {
            json = JsonCodec.parse(resp.body());
        } catch (IllegalArgumentException e) {
            throw new CliException("the agent at " + base() + " answered " + method + " " + path
                    + " with HTTP " + resp.statusCode() + " and no JSON: " + e.getMessage());
        }
        if (resp.statusCode() / 100 != 2) {
            throw new CliException(method + " " + path + " failed (HTTP " + resp.statusCode() + "): "
                    + errorOf(resp.body()));
        }
        return json;
    }

    /** The {@code "error"} of a JSON error body, else the body itself. */
    private static String errorOf(String body) {
        try {
            if (JsonCodec.parse(body) instanceof Map<?, ?> m && m.get("error") != null) {
                return String.valueOf(m.get("error"));
            }
        } catch (IllegalArgumentException e) {
            // not JSON: show it as it is
        }
        return body;
    }

    private <T> HttpResponse<T> send(HttpRequest req, String method, String path, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(req, body);
        } catch (ConnectException e) {
            throw new CliException("cannot reach the agent at " + base()
                    + " (connection refused); is 'memberlist agent' running with --http " + agent + "?");
        } catch (HttpTimeoutException e) {
            throw new CliException("the agent at " + base() + " did not answer " + method + " " + path
                    + " within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new CliException("cannot talk to the agent at " + base() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
