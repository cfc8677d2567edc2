package io.memberlist.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The UDP pipeline (PROTOCOL.md §4.1): one logical payload in, one datagram out, and back.
 *
 * <pre>
 * on the wire:  [label header]? [encryption envelope( [CRC header]? body )]
 *           or  [label header]? [CRC header]? body
 * body       =  compress message | compound message | single message
 * </pre>
 *
 * <p>Sending applies compress-if-smaller, CRC, encryption (AAD = label), label, in that order.
 * Receiving undoes them: label check, decryption (falling back to plaintext when
 * {@code verifyIncoming} is off), CRC check, then {@link PacketSplitter} flattens compound and
 * compress messages into leaf messages and decodes them. Failures of the outer layers lose the
 * whole datagram and throw; failures inside the body are listed, by {@link DropReason} and with
 * the number of leaves lost, in {@link Decoded#drops()}. A caller counting one drop per
 * datagram thrown and {@link Decoded#dropped()} per datagram decoded counts every message lost
 * exactly once.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PacketCodec {
    private final CodecOptions options;

    public PacketCodec(CodecOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public CodecOptions options() {
        return options;
    }

    /**
     * What a datagram carried.
     *
     * @param messages the leaf messages that decoded, each {@code [type][body]}, in wire order
     * @param decoded the same leaves decoded, index for index
     * @param drops what was lost inside the body, one entry per rule broken (each with the
     *     number of leaves it cost); empty when every part got through
     * @param crcPresent whether the packet had a (valid) CRC header
     * @param label the label the packet was accepted under ("" for none)
     */
    public record Decoded(List<byte[]> messages, List<Message> decoded, List<Drop> drops,
            boolean crcPresent, String label) {
        public Decoded {
            messages = List.copyOf(messages);
            decoded = List.copyOf(decoded);
            drops = List.copyOf(drops);
            if (messages.size() != decoded.size()) {
                throw new IllegalArgumentException("messages and decoded differ in size");
            }
        }

        /** Leaves lost inside the body: the sum of the drops' counts. */
        public int dropped() {
            int n = 0;
            for (Drop d : drops) {
                n += d.count();
            }
            return n;
        }

        /** Leaves lost for {@code reason}. */
        public int dropped(DropReason reason) {
            int n = 0;
            for (Drop d : drops) {
                if (d.reason() == reason) {
                    n += d.count();
                }
            }
            return n;
        }

        /** Why leaves were dropped, for logs: each drop's exception. */
        public List<CodecException> problems() {
            List<CodecException> out = new ArrayList<>(drops.size());
            for (Drop d : drops) {
                out.add(d.cause());
            }
            return out;
        }
    }

    /**
     * Leaf messages lost inside a datagram for one reason.
     *
     * @param reason the rule broken
     * @param count leaves lost (a compound cut short loses every part after the cut)
     * @param cause the details, for logs (its {@link CodecException#dropReason()} is {@code reason})
     */
    public record Drop(DropReason reason, int count, CodecException cause) {
        public Drop {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cause, "cause");
            if (count < 1) {
                throw new IllegalArgumentException("count must be >= 1, got " + count);
            }
        }
    }

    /**
     * Builds the datagram for {@code payload} (a single message or a compound).
     *
     * @param addCrc whether the destination is known to speak protocol 5 (§4.4)
     * @param nonceSource randomness for the encryption nonce (production: SecureRandom)
     * @throws IllegalArgumentException if {@code payload} is empty
     */
    public byte[] encode(byte[] payload, boolean addCrc, RandomGenerator nonceSource) {
        if (payload.length == 0) {
            throw new IllegalArgumentException("refusing to send an empty packet payload");
        }
        byte[] out = payload;
        if (options.compression()) {
            byte[] compressed = Compression.compress(payload);
            if (compressed.length < payload.length) {
                out = compressed;
            }
        }
        if (addCrc) {
            out = Crc.add(out);
        }
        byte[] label = options.labelBytesShared();
        Keyring.Snapshot keys = options.keyring() == null ? Keyring.Snapshot.EMPTY : options.keyring().snapshot();
        if (!keys.keys().isEmpty() && options.verifyOutgoing()) {
            int version = options.encryptionVersion();
            byte[] sealed = new byte[Encryption.encryptedLength(version, out.length)];
            Encryption.encryptInto(version, keys.specs().get(0), out, label, nonceSource, sealed, 0);
            out = sealed;
        }
        return Label.add(label, out);
    }

    /**
     * Decodes the first {@code len} bytes of {@code datagram}: removes the framing, splits the
     * body into leaves and decodes each leaf. Cost is bounded whatever the input: one pass over
     * the datagram, at most {@link Limits#MAX_PACKET_DECOMPRESSED_BYTES} of LZW output and at
     * most {@link Limits#MAX_PACKET_LEAVES} leaf decodes.
     *
     * @throws CodecException when the whole datagram must be dropped, with its
     *     {@link CodecException#dropReason()}: empty ({@code MALFORMED}), bad or unexpected label
     *     ({@code LABEL}), decryption failure while {@code verifyIncoming} ({@code AUTH}), CRC
     *     header short or wrong ({@code CRC})
     */
    public Decoded decode(byte[] datagram, int len) throws CodecException {
        Objects.checkFromIndexSize(0, len, datagram.length);
        if (len == 0) {
            throw CodecException.malformed("packet: empty datagram");
        }
        byte[] label;
        Label.Stripped stripped;
        try {
            stripped = Label.strip(datagram, 0, len);
            label = Label.accept(stripped, options.labelBytesShared(), options.skipInboundLabelCheck());
        } catch (CodecException e) {
            throw e.withReason(DropReason.LABEL);
        }
        int off = stripped.headerLength();
        int rest = len - off;
        if (rest == 0) {
            throw CodecException.malformed("packet: nothing after the label header");
        }
        byte[] plain = null;
        if (options.encryptionEnabled()) {
            try {
                plain = Encryption.decrypt(options.keyring(), datagram, off, rest, label);
            } catch (CodecException e) {
                if (options.verifyIncoming()) {
                    throw e.withReason(DropReason.AUTH);
                }
                // Migration mode: the sender may not encrypt yet; read the bytes as they are.
            }
        }
        if (plain == null) {
            plain = PacketSplitter.copy(datagram, off, rest);
        }
        boolean crc = Crc.isPresent(plain, 0, plain.length);
        if (crc) {
            try {
                plain = Crc.verifyAndStrip(plain, 0, plain.length);
            } catch (CodecException e) {
                throw e.withReason(DropReason.CRC);
            }
        }
        if (plain.length == 0) {
            throw CodecException.malformed("packet: empty message");
        }
        PacketSplitter splitter = new PacketSplitter();
        splitter.split(plain);
        return new Decoded(splitter.leaves, splitter.decoded, splitter.drops, crc, options.label());
    }

    /** Label overhead in size budgets (§4.6): {@code 2 + len(label)}, 0 without label. */
    public static int labelOverhead(CodecOptions options) {
        return Label.overhead(options.labelBytesShared());
    }

    /** Encryption overhead in size budgets (§4.6): 29 for version 1, 45 for version 0. */
    public static int encryptionOverhead(int encryptionVersion) {
        return Encryption.overhead(encryptionVersion);
    }
}
