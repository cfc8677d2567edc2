package io.memberlist.codec;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our decoded messages seen as the Go peer writes them in the golden indexes: Go field names,
 * byte strings as lowercase hex (null for nil), numbers as {@code Long}.
 */
final class GoFields {
    private GoFields() {}

    static Map<String, Object> of(Message m) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (m instanceof Ping p) {
            f.put("SeqNo", p.seqNo());
            f.put("Node", p.node());
            f.put("SourceAddr", hex(p.sourceAddr()));
            f.put("SourcePort", (long) p.sourcePort());
            f.put("SourceNode", p.sourceNode());
        } else if (m instanceof IndirectPingReq p) {
            f.put("SeqNo", p.seqNo());
            f.put("Target", hex(p.target()));
            f.put("Port", (long) p.port());
            f.put("Node", p.node());
            f.put("Nack", p.nack());
            f.put("SourceAddr", hex(p.sourceAddr()));
            f.put("SourcePort", (long) p.sourcePort());
            f.put("SourceNode", p.sourceNode());
        } else if (m instanceof AckResp a) {
            f.put("SeqNo", a.seqNo());
            f.put("Payload", hex(a.payload()));
        } else if (m instanceof NackResp n) {
            f.put("SeqNo", n.seqNo());
        } else if (m instanceof Suspect s) {
            f.put("Incarnation", s.incarnation());
            f.put("Node", s.node());
            f.put("From", s.from());
        } else if (m instanceof Dead d) {
            f.put("Incarnation", d.incarnation());
            f.put("Node", d.node());
            f.put("From", d.from());
        } else if (m instanceof Alive a) {
            f.put("Incarnation", a.incarnation());
            f.put("Node", a.node());
            f.put("Addr", hex(a.addr()));
            f.put("Port", (long) a.port());
            f.put("Meta", hex(a.meta()));
            f.put("Vsn", hex(a.vsn()));
        } else if (m instanceof UserMessage u) {
            f.put("Payload", hex(u.payload()));
        } else if (m instanceof PushPull pp) {
            f.put("Join", pp.join());
            f.put("Nodes", (long) pp.states().size());
            f.put("UserStateLen", (long) (pp.userState() == null ? 0 : pp.userState().length));
            List<Object> states = new ArrayList<>();
            for (PushNodeState s : pp.states()) {
                states.add(of(s));
            }
            f.put("States", states);
        } else if (m instanceof ErrResp e) {
            f.put("Error", e.error());
        }
        return f;
    }

    static Map<String, Object> of(PushNodeState s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Name", s.name());
        f.put("Addr", hex(s.addr()));
        f.put("Port", (long) s.port());
        f.put("Meta", hex(s.meta()));
        f.put("Incarnation", s.incarnation());
        f.put("State", (long) s.state());
        f.put("Vsn", hex(s.vsn()));
        return f;
    }

    static String hex(byte[] b) {
        return b == null ? null : HexFormat.of().formatHex(b);
    }
}
