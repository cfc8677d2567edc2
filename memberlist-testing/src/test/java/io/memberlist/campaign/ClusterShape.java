package io.memberlist.campaign;

import io.memberlist.Config;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The cluster one seed runs: how many members, which timing preset, whether datagrams and streams
 * are encrypted and labelled, and the background loss that stays on for the whole run (faults
 * included, quiet phase included). Drawn from the seed before the fault schedule.
 *
 * @param key the cluster's AES key (16, 24 or 32 bytes), or null for none
 * @param label the cluster's label, or "" for none
 */
record ClusterShape(int size, Preset preset, byte[] key, String label, double baselineLoss) {
    /** Smallest and largest cluster a seed draws. */
    static final int MIN_SIZE = 5;
    static final int MAX_SIZE = 40;
    /** Background loss levels, all well under every loss threshold of {@link Bounds}. */
    static final double[] BASELINE_LOSS = {0, 0.005, 0.01};

    /** The timing presets the campaign covers (Go's DefaultLANConfig and DefaultLocalConfig). */
    enum Preset {
        LAN(Config::lan), LOCAL(Config::local);

        private final Supplier<Config.Builder> builder;

        Preset(Supplier<Config.Builder> builder) {
            this.builder = builder;
        }

        Config.Builder builder() {
            return builder.get();
        }
    }

    static ClusterShape draw(SplittableRandom r) {
        int size = MIN_SIZE + r.nextInt(MAX_SIZE - MIN_SIZE + 1);
        Preset preset = r.nextBoolean() ? Preset.LAN : Preset.LOCAL;
        byte[] key = null;
        if (r.nextBoolean()) {
            key = new byte[new int[] {16, 24, 32}[r.nextInt(3)]];
            r.nextBytes(key);
        }
        String label = r.nextBoolean() ? "campaign-" + Integer.toHexString(r.nextInt(1 << 16)) : "";
        double loss = BASELINE_LOSS[r.nextInt(BASELINE_LOSS.length)];
        return new ClusterShape(size, preset, key, label, loss);
    }

    /** A builder with this shape's preset, key and label (the caller adds delegate and metrics). */
    Config.Builder config() {
        Config.Builder b = preset.builder().label(label);
        if (key != null) {
            b.secretKey(key);
        }
        return b;
    }

    /** The preset's settings with this shape's key and label, as every member runs them. */
    Config sample() {
        return config().name("sample").build();
    }

    @Override
    public String toString() {
        return size + " members, " + preset + ", " + (key == null ? "no encryption" : "AES-" + key.length * 8)
                + ", " + (label.isEmpty() ? "no label" : "label " + label) + ", background loss "
                + baselineLoss * 100 + "%" + (key == null ? "" : " (key " + HexFormat.of().formatHex(key) + ")");
    }
}
