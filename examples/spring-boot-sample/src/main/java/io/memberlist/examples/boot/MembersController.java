package io.memberlist.examples.boot;

import io.memberlist.Member;
import io.memberlist.Memberlist;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The cluster as this instance sees it: the starter's {@link Memberlist} bean, injected. */
@RestController
class MembersController {
    private final Memberlist memberlist;

    MembersController(Memberlist memberlist) {
        this.memberlist = memberlist;
    }

    /** One entry per member this instance knows to be alive or suspect, itself included. */
    @GetMapping("/members")
    List<Peer> members() {
        return memberlist.members().stream().map(Peer::of).toList();
    }

    /** What the endpoint shows of a member; Jackson writes the record's fields as JSON. */
    record Peer(String name, String address, String state) {
        static Peer of(Member m) {
            return new Peer(m.name(), m.address(), m.state().name().toLowerCase(Locale.ROOT));
        }
    }
}
