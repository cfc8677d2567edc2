package io.memberlist.codec;

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
 * compress messages into leaf messages. Failures of the outer layers lose the whole datagram
 * and throw; failures inside the body are counted per message in {@link Decoded}.
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
     * @param messages leaf messages, each {@code [type][body]}, in wire order
     * @param dropped messages lost inside the body (broken parts, cut-off compound parts,
     *     empty messages, failed decompressions)
     * @param problems why they were dropped, for logs
     * @param crcPresent whether the packet had a (valid) CRC header
     * @param label the label the packet was accepted under ("" for none)
     */
    public record Decoded(List<byte[]> messages, int dropped, List<CodecException> problems,
            boolean crcPresent, String label) {
        public Decoded {
            messages = List.copyOf(messages);
            problems = List.copyOf(problems);
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
     * Decodes the first {@code len} bytes of {@code datagram}.
     *
     * @throws CodecException when the whole datagram must be dropped: empty, bad or unexpected
     *     label, decryption failure while {@code verifyIncoming}, CRC header short or wrong
     */
    public Decoded decode(byte[] datagram, int len) throws CodecException {
        Objects.checkFromIndexSize(0, len, datagram.length);
        if (len == 0) {
            throw CodecException.malformed("packet: empty datagram");
        }
        Label.Stripped stripped = Label.strip(datagram, 0, len);
        byte[] label = Label.accept(stripped, options.labelBytesShared(), options.skipInboundLabelCheck());
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
                    throw e;
                }
                // Migration mode: the sender may not encrypt yet; read the bytes as they are.
            }
        }
        if (plain == null) {
            plain = PacketSplitter.copy(datagram, off, rest);
        }
        boolean crc = Crc.isPresent(plain, 0, plain.length);
        if (crc) {
            plain = Crc.verifyAndStrip(plain, 0, plain.length);
        }
        if (plain.length == 0) {
            throw CodecException.malformed("packet: empty message");
        }
        PacketSplitter splitter = new PacketSplitter();
        splitter.split(plain, 0);
        return new Decoded(splitter.leaves, splitter.dropped, splitter.problems, crc, options.label());
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
