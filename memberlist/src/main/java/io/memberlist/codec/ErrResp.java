package io.memberlist.codec;

/** {@code errResp} (type 13, streams only): the listener's error text. */
public record ErrResp(String error) implements Message {

    public ErrResp {
        ByteStrings.checkString(error, "error");
    }

    @Override
    public int type() {
        return MessageType.ERR;
    }
}
