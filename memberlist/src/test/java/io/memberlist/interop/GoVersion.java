package io.memberlist.interop;

import java.util.List;
import java.util.stream.Stream;

/**
 * The Go memberlist releases the Go peer ({@code interop/gopeer}) is built against, each from
 * the Go module proxy with the versions pinned in its module file (see
 * {@code interop/gopeer/README.md}). Interop test classes run once per value.
 */
public enum GoVersion {
    /** v0.2.2 (2020; Debian's package): no labels, go-msgpack v0.5 (unsigned int forms). */
    V0_2_2("v022", "v0.2.2", false),
    /** v0.5.4, the newest v0.5.x: labels, go-msgpack/v2 (signed int forms). */
    V0_5_4("v054", "v0.5.4", true),
    /** v0.7.0, the newest release. */
    V0_7_0("v070", "v0.7.0", true);

    /**
     * System property: {@code debian} builds {@link #V0_2_2} from Debian's
     * golang-github-hashicorp-memberlist-dev in GOPATH mode (no network) instead of the proxy.
     */
    public static final String V022_SOURCE_PROPERTY = "gopeer.v022";

    /** The {@code interop/gopeer/build.sh} target. */
    final String buildTarget;
    /** What {@code gopeer version} reports as {@code memberlist} for this build. */
    final String release;
    /** Whether the release has {@code Config.Label} (v0.3.0+). */
    final boolean labels;

    GoVersion(String buildTarget, String release, boolean labels) {
        this.buildTarget = buildTarget;
        this.release = release;
        this.labels = labels;
    }

    /** build.sh target, honouring {@link #V022_SOURCE_PROPERTY}. */
    String target() {
        return this == V0_2_2 && "debian".equals(System.getProperty(V022_SOURCE_PROPERTY)) ? "debian" : buildTarget;
    }

    /** The {@code memberlist} field {@code gopeer version} must report for {@link #target()}. */
    String expectedRelease() {
        return target().equals("debian") ? "gopath" : release;
    }

    public String release() {
        return release;
    }

    public boolean hasLabels() {
        return labels;
    }

    /** Releases with labels, for test classes parameterized over them only. */
    static Stream<GoVersion> withLabels() {
        return Stream.of(values()).filter(v -> v.labels);
    }

    /** The newest release. */
    static GoVersion newest() {
        List<GoVersion> all = List.of(values());
        return all.get(all.size() - 1);
    }

    @Override
    public String toString() {
        return "memberlist " + release;
    }
}
