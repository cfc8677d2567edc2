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
        return Json.writePretty(call("GET", "/v1/members" + (status == null ? "" : "?status=" + status), null));
    }

    /** Asks the agent to join these addresses; returns how many were reached. */
    int join(List<String> addresses) {
        Object json = call("POST", "/v1/join", Json.write(Map.of("addrs", addresses)));
        return json instanceof Map<?, ?> m && m.get("joined") instanceof Number n ? n.intValue() : 0;
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
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
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
        Object json;
        try {
            json = Json.parse(resp.body());
        } catch (IllegalArgumentException e) {
            throw new CliException("the agent at " + base() + " answered " + method + " " + path
                    + " with HTTP " + resp.statusCode() + " and no JSON: " + e.getMessage());
        }
        if (resp.statusCode() / 100 != 2) {
            String msg = json instanceof Map<?, ?> m && m.get("error") != null ? String.valueOf(m.get("error"))
                    : resp.body();
            throw new CliException(method + " " + path + " failed (HTTP " + resp.statusCode() + "): " + msg);
        }
        return json;
    }
}
