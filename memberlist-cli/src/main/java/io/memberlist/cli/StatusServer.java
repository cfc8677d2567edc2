package io.memberlist.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's HTTP status endpoint, on the JDK's {@code com.sun.net.httpserver}. It listens on
 * loopback by default: it can make the node join or leave, so exposing it is the operator's
 * choice.
 *
 * <pre>
 * GET  /                                              the live cluster view (HTML, script and CSS from the jar)
 * GET  /v1/events                                     server-sent events: snapshot, member, stats ({@link ClusterWatch})
 * GET  /v1/members[?status=alive|suspect|dead|left]   JSON array of members ({@link MemberInfo#toJson})
 * GET  /v1/self                                       this member, plus "health_score"
 * POST /v1/join    body ["host:port", ...] or {"addrs": [...]}  → {"joined": n}
 * POST /v1/leave                                      → {"left": true}; then the agent shuts down
 * GET  /metrics                                       Prometheus text format
 * </pre>
 *
 * Errors are JSON objects {@code {"error": "..."}} with status 400 (bad request), 403, 404, 405,
 * 500 or 503 (too many event streams). A {@code POST} that a browser sends from a page of
 * another origin is refused (403), so that a web site cannot make a local agent join or leave.
 */
final class StatusServer implements AutoCloseable {
    static final int DEFAULT_PORT = 7947;
    private static final int MAX_BODY = 64 * 1024;

    /**
     * The live view's bounds.
     *
     * @param poll how often the member table is read for changes
     * @param samplePolls polls per sample of counts, health and metrics (the chart's resolution)
     * @param maxStreams event streams open at once
     * @param streamBuffer events queued for one stream before its reader counts as too slow
     */
    record Limits(Duration poll, int samplePolls, int maxStreams, int streamBuffer) {
        static final Limits DEFAULT = new Limits(ClusterWatch.DEFAULT_POLL, ClusterWatch.DEFAULT_SAMPLE_POLLS, 16, 256);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AgentNode node;
    private final Runnable afterLeave;
    private final WebAssets assets;
    private final EventStreams streams;
    private final ClusterWatch watch;
    private final int maxStreams;

    /**
     * Starts serving on {@code address} (port 0 picks a free port; see {@link #address()}).
     *
     * @param afterLeave run once a {@code POST /v1/leave} has been answered
     */
    StatusServer(InetSocketAddress address, AgentNode node, Runnable afterLeave) throws IOException {
        this(address, node, afterLeave, Limits.DEFAULT);
    }

    StatusServer(InetSocketAddress address, AgentNode node, Runnable afterLeave, Limits limits) throws IOException {
        this.node = node;
        this.afterLeave = afterLeave;
        this.assets = WebAssets.load();
        this.maxStreams = limits.maxStreams();
        this.streams = new EventStreams(limits.maxStreams(), limits.streamBuffer());
        this.watch = new ClusterWatch(node, streams, limits.poll(), limits.samplePolls());
        this.server = HttpServer.create(address, 16);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "memberlist-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        watch.start();
        server.start();
    }

    /** Where it listens, with the real port. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** The open event streams (for tests). */
    EventStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        watch.close();
        streams.close();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        if (ex.getRequestURI().getPath().equals("/v1/events") && ex.getRequestMethod().equals("GET")) {
            events(ex); // the exchange stays open: the stream's writer closes it
            return;
        }
        try {
            route(ex);
        } catch (BadRequest e) {
            sendError(ex, 400, e.getMessage());
        } catch (Exception e) {
            sendError(ex, 500, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws Exception {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        if (method.equals("POST") && !sameOrigin(ex)) {
            sendError(ex, 403, "cross-origin request refused");
            return;
        }
        WebAssets.Asset asset = assets.get(path);
        if (asset != null) {
            if (allow(ex, method, "GET")) {
                asset.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                send(ex, 200, asset.type(), asset.body());
            }
            return;
        }
        switch (path) {
            case "/v1/events" -> { // GET is handled before this; HEAD gets the headers
                if (allow(ex, method, "GET")) {
                    send(ex, 200, "text/event-stream; charset=utf-8", "");
                }
            }
            case "/v1/members" -> {
                if (allow(ex, method, "GET")) {
                    members(ex);
                }
            }
            case "/v1/self" -> {
                if (allow(ex, method, "GET")) {
                    Map<String, Object> self = new LinkedHashMap<>(node.self().toJson());
                    self.put("health_score", node.healthScore());
                    sendJson(ex, 200, self);
                }
            }
            case "/v1/join" -> {
                if (allow(ex, method, "POST")) {
                    join(ex);
                }
            }
            case "/v1/leave" -> {
                if (allow(ex, method, "POST")) {
                    node.leave();
                    sendJson(ex, 200, Map.of("left", true));
                    afterLeave.run();
                }
            }
            case "/metrics" -> {
                if (allow(ex, method, "GET")) {
                    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", node.prometheusText());
                }
            }
            default -> sendError(ex, 404, "no such endpoint: " + path);
        }
    }

    /**
     * Opens a server-sent-event stream: refused with 503 when {@link Limits#maxStreams} are open,
     * else answered with the headers, subscribed and handed to its own writer thread, so that the
     * HTTP server's two threads stay free for the other endpoints.
     */
    private void events(HttpExchange ex) throws IOException {
        EventStreams.Client c = streams.reserve(ex);
        if (c == null) {
            try {
                sendError(ex, 503, "too many event streams open (at most " + maxStreams + ")");
            } finally {
                ex.close();
            }
            return;
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
        } catch (IOException | RuntimeException e) {
            streams.release(c);
            ex.close();
            throw e;
        }
        watch.subscribe(c);
        streams.start(c);
    }

    /**
     * Browsers send {@code Origin} with a cross-site {@code POST}; other clients (the CLI, curl)
     * send none. Same origin means the same scheme, host and port as this request was sent to.
     */
    private static boolean sameOrigin(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String host = ex.getRequestHeaders().getFirst("Host");
        return origin == null || (host != null && origin.equals("http://" + host));
    }

    private void members(HttpExchange ex) throws IOException {
        String status = query(ex).get("status");
        if (status != null && !List.of("alive", "suspect", "dead", "left").contains(status)) {
            throw new BadRequest("status must be one of alive, suspect, dead, left; was '" + status + "'");
        }
        List<Object> out = new ArrayList<>();
        for (MemberInfo m : node.members()) {
            if (status == null || m.stateName().equals(status)) {
                out.add(m.toJson());
            }
        }
        sendJson(ex, 200, out);
    }

    private void join(HttpExchange ex) throws IOException {
        List<String> addrs = joinAddresses(readBody(ex));
        AgentNode.JoinResult r = node.join(addrs);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("joined", r.joined());
        if (r.error() != null) {
            body.put("error", r.error());
        }
        sendJson(ex, r.joined() > 0 ? 200 : 500, body);
    }

    /** {@code ["a:1", ...]} or {@code {"addrs": [...]}}; every entry checked as {@code [name/]host[:port]}. */
    static List<String> joinAddresses(String body) {
        Object json;
        try {
            json = JsonCodec.parse(body);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        if (json instanceof Map<?, ?> m) {
            json = m.get("addrs");
        }
        if (!(json instanceof List<?> list) || list.isEmpty()) {
            throw new BadRequest("expected a non-empty JSON list of addresses, or {\"addrs\": [...]}");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new BadRequest("addresses must be strings, got " + JsonCodec.write(o));
            }
            String hostPart = s.substring(s.indexOf('/') + 1);
            try {
                HostPort.parse(hostPart, AddressConverters.DEFAULT_GOSSIP_PORT);
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
            out.add(s.strip());
        }
        return out;
    }

    private static boolean allow(HttpExchange ex, String method, String allowed) throws IOException {
        if (method.equals(allowed) || (allowed.equals("GET") && method.equals("HEAD"))) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", allowed);
        sendError(ex, 405, "method " + method + " not allowed; use " + allowed);
        return false;
    }

    private static String readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new BadRequest("request body larger than " + MAX_BODY + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JsonCodec.write(body) + "\n");
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        sendJson(ex, status, Map.of("error", message));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A request the client got wrong: answered with 400 and the message. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
