package io.memberlist.codec;

import java.util.Objects;

/**
 * The settings shared by {@link PacketCodec} and {@link StreamCodec}, validated once when
 * built. Immutable, except that the {@link Keyring} is the live ring: keys added or rotated
 * later apply to the next message, as in Go.
 *
 * <p>Defaults match Go's: no label, no keyring, encryption version 1 (protocol 2..5), both
 * verify flags on, compression on, inbound label check on.
 */
public final class CodecOptions {
    private final String label;
    private final byte[] labelBytes;
    private final Keyring keyring;
    private final int encryptionVersion;
    private final boolean verifyIncoming;
    private final boolean verifyOutgoing;
    private final boolean compression;
    private final boolean skipInboundLabelCheck;

    private CodecOptions(Builder b) {
        this.label = b.label;
        this.labelBytes = Label.validate(b.label);
        this.keyring = b.keyring;
        this.encryptionVersion = b.encryptionVersion;
        this.verifyIncoming = b.verifyIncoming;
        this.verifyOutgoing = b.verifyOutgoing;
        this.compression = b.compression;
        this.skipInboundLabelCheck = b.skipInboundLabelCheck;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: no label, no encryption, compression on. */
    public static CodecOptions defaults() {
        return builder().build();
    }

    /** The configured label, "" for none. */
    public String label() {
        return label;
    }

    /** The label's UTF-8 bytes (a copy). */
    public byte[] labelBytes() {
        return labelBytes.clone();
    }

    byte[] labelBytesShared() {
        return labelBytes;
    }

    /** The keyring, or null when none is configured. */
    public Keyring keyring() {
        return keyring;
    }

    /** 0 or 1, see {@link Encryption#versionFor(int)}. */
    public int encryptionVersion() {
        return encryptionVersion;
    }

    public boolean verifyIncoming() {
        return verifyIncoming;
    }

    public boolean verifyOutgoing() {
        return verifyOutgoing;
    }

    public boolean compression() {
        return compression;
    }

    public boolean skipInboundLabelCheck() {
        return skipInboundLabelCheck;
    }

    /** Whether encryption is on right now: a keyring with at least one key. */
    public boolean encryptionEnabled() {
        return keyring != null && !keyring.isEmpty();
    }

    /** Builder; every setter has Go's default. */
    public static final class Builder {
        private String label = "";
        private Keyring keyring;
        private int encryptionVersion = Encryption.VERSION_1;
        private boolean verifyIncoming = true;
        private boolean verifyOutgoing = true;
        private boolean compression = true;
        private boolean skipInboundLabelCheck;

        private Builder() {}

        /** At most 255 bytes in UTF-8; "" disables the label header. */
        public Builder label(String label) {
            this.label = Objects.requireNonNull(label, "label");
            return this;
        }

        /** The shared keyring; null or empty means no encryption. */
        public Builder keyring(Keyring keyring) {
            this.keyring = keyring;
            return this;
        }

        /** Derives the encryption version from the node's own protocol version (1..5). */
        public Builder protocolVersion(int protocolVersion) {
            if (protocolVersion < 1 || protocolVersion > 5) {
                throw new IllegalArgumentException("protocolVersion must be 1..5, got " + protocolVersion);
            }
            this.encryptionVersion = Encryption.versionFor(protocolVersion);
            return this;
        }

        /** {@code GossipVerifyIncoming}: refuse unencrypted input when keys exist. */
        public Builder verifyIncoming(boolean verifyIncoming) {
            this.verifyIncoming = verifyIncoming;
            return this;
        }

        /** {@code GossipVerifyOutgoing}: encrypt output when keys exist. */
        public Builder verifyOutgoing(boolean verifyOutgoing) {
            this.verifyOutgoing = verifyOutgoing;
            return this;
        }

        /** {@code EnableCompression}. */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /** {@code SkipInboundLabelCheck}: refuse labelled input, assume the configured label. */
        public Builder skipInboundLabelCheck(boolean skip) {
            this.skipInboundLabelCheck = skip;
            return this;
        }

        /** @throws IllegalArgumentException if the label is longer than 255 bytes */
        public CodecOptions build() {
            return new CodecOptions(this);
        }
    }
}
