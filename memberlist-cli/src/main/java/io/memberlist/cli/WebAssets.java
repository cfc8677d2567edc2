package io.memberlist.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The live view's files, read once from the jar ({@code io/memberlist/cli/web/}): a fixed list,
 * so no request path ever reaches the class path. Plain HTML, CSS and one script, no build step.
 *
 * <p>Every file goes out with a content security policy that allows only this origin's script,
 * style and connections: the page shows names and metadata that other members chose, and the
 * policy keeps a mistake in escaping them from running anything.
 */
final class WebAssets {
    private static final String BASE = "/io/memberlist/cli/web/";
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    /** One file as served. */
    record Asset(String type, byte[] body, Map<String, String> headers) {}

    private final Map<String, Asset> byPath;

    private WebAssets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    static WebAssets load() {
        return new WebAssets(Map.of(
                "/", asset("index.html", "text/html; charset=utf-8"),
                "/index.html", asset("index.html", "text/html; charset=utf-8"),
                "/assets/app.js", asset("app.js", "text/javascript; charset=utf-8"),
                "/assets/style.css", asset("style.css", "text/css; charset=utf-8")));
    }

    /** The file served at {@code path}, or {@code null}. */
    Asset get(String path) {
        return byPath.get(path);
    }

    private static Asset asset(String file, String type) {
        try (InputStream in = WebAssets.class.getResourceAsStream(BASE + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + BASE + file);
            }
            return new Asset(type, in.readAllBytes(), HEADERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
