package io.memberlist.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code memberlist.*} properties: the few settings a service sets per deployment. Everything
 * else keeps the preset's value; change it in code with a {@link MemberlistConfigCustomizer}.
 *
 * <pre>{@code
 * memberlist:
 *   name: orders-1                 # unique in the cluster; default: the host name
 *   bind: 0.0.0.0:7946             # UDP and TCP on the same port; port 0 picks a free one
 *   advertise: 10.0.0.5:7946       # what the others dial, when not the bound address (NAT, pods)
 *   join: [orders.internal:7946]   # a DNS name joins every address it resolves to
 *   preset: lan                    # lan, wan or local
 *   keys: [<base64>]               # first one encrypts, all decrypt; 16/24/32 bytes
 *   label: orders                  # keeps logical clusters on one network apart
 * }</pre>
 */
@ConfigurationProperties(prefix = "memberlist")
public class MemberlistProperties {
    // The fields' comments become the descriptions IDEs show (spring-configuration-metadata.json):
    // plain text, no Javadoc tags.

    /** Whether to start a member at all. */
    private boolean enabled = true;

    /** This member's name, unique in the cluster. Default: the host name. */
    private String name;

    /** Address for gossip, "HOST[:PORT]" (port 7946 when left out; 0 picks a free one). */
    private String bind = "0.0.0.0:7946";

    /**
     * Address the others should use to reach this member, "IP[:PORT]", when not the bound
     * one (behind NAT, in a pod). The port defaults to the bound port.
     */
    private String advertise;

    /**
     * Members to join through at start, "[name/]HOST[:PORT]"; a DNS name joins every address
     * it resolves to. Empty: start alone and wait to be joined.
     */
    private List<String> join = new ArrayList<>();

    /** How many times to try the join at start before giving up (the others may join us later). */
    private int joinAttempts = 5;

    /** Pause before the second join attempt; it doubles for each further one. */
    private Duration joinRetryPause = Duration.ofSeconds(1);

    /** Timings: "lan" (one data centre), "wan" (across data centres), "local" (one host). */
    private Preset preset = Preset.LAN;

    /**
     * Gossip encryption keys, standard base64 of 16, 24 or 32 bytes (AES-128/192/256). The first one
     * encrypts; all of them decrypt (for key rotation). Empty: no encryption.
     */
    private List<String> keys = new ArrayList<>();

    /** Cluster label: packets and streams with another label are refused (at most 255 bytes). */
    private String label = "";

    /** How long a graceful leave at shutdown may wait for the news to go out. */
    private Duration leaveTimeout = Duration.ofSeconds(5);

    /** The three timing presets of memberlist. */
    public enum Preset {
        /** One data centre (Go's "DefaultLANConfig"). */
        LAN,
        /** Across data centres: slower probes, more tolerance. */
        WAN,
        /** One host (loopback): fast timeouts, for tests and demos. */
        LOCAL
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getBind() { return bind; }
    public void setBind(String bind) { this.bind = bind; }
    public String getAdvertise() { return advertise; }
    public void setAdvertise(String advertise) { this.advertise = advertise; }
    public List<String> getJoin() { return join; }
    public void setJoin(List<String> join) { this.join = join; }
    public int getJoinAttempts() { return joinAttempts; }
    public void setJoinAttempts(int joinAttempts) { this.joinAttempts = joinAttempts; }
    public Duration getJoinRetryPause() { return joinRetryPause; }
    public void setJoinRetryPause(Duration joinRetryPause) { this.joinRetryPause = joinRetryPause; }
    public Preset getPreset() { return preset; }
    public void setPreset(Preset preset) { this.preset = preset; }
    public List<String> getKeys() { return keys; }
    public void setKeys(List<String> keys) { this.keys = keys; }
    public String getLabel() { return label; }
    public void setLabel(String label) { this.label = label; }
    public Duration getLeaveTimeout() { return leaveTimeout; }
    public void setLeaveTimeout(Duration leaveTimeout) { this.leaveTimeout = leaveTimeout; }
}
