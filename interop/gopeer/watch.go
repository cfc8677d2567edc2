package main

// `gopeer node -watch-ms N`: report every change of a member's state as this
// node sees it. The library tells its EventDelegate about joins, leaves and
// updates but not about suspicion, so a goroutine per node reads the member
// table (allMembers) every N ms and emits the differences. The Java agent's
// event stream samples its table every 250 ms the same way, so both sides miss
// the same short-lived states (a suspicion refuted within one period).

import (
	"time"
)

// watchStates emits {"event":"state","self","node","state","previous","incarnation"}
// for each member whose state or incarnation changed since the last sample
// ("gone" when the library removed a dead or left member), until stop closes.
func (h *nodeHost) watchStates(g *gnode, every time.Duration, stop <-chan struct{}) {
	type seen struct {
		state string
		inc   uint64
	}
	last := map[string]seen{}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		now := map[string]seen{}
		for _, m := range allMembers(g.ml) {
			if m.Name == g.name {
				continue
			}
			s := seen{m.State, m.Incarnation}
			now[m.Name] = s
			if p, ok := last[m.Name]; !ok || p != s {
				prev := ""
				if ok {
					prev = p.state
				}
				h.out.emit(map[string]interface{}{"event": "state", "self": g.name, "node": m.Name,
					"state": m.State, "previous": prev, "incarnation": m.Incarnation})
			}
		}
		for name, p := range last {
			if _, ok := now[name]; !ok {
				h.out.emit(map[string]interface{}{"event": "state", "self": g.name, "node": name,
					"state": "gone", "previous": p.state, "incarnation": p.inc})
			}
		}
		last = now
	}
}
