package main

// memberlist 0.2.2 does not expose a member's state or incarnation (Node.State
// is never updated; the real values live in the unexported nodeState). For the
// interop tests we read them through reflection, under the library's own lock.

import (
	"net"
	"reflect"
	"sync"
	"unsafe"

	"github.com/hashicorp/memberlist"
)

type memberInfo struct {
	Name        string `json:"name"`
	Addr        string `json:"addr"`
	Port        int    `json:"port"`
	State       string `json:"state"`
	Incarnation uint64 `json:"incarnation"`
	Meta        string `json:"meta"`
}

var stateNames = []string{"alive", "suspect", "dead", "left"}

func stateName(s int64) string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// allMembers lists every known node including dead and left ones.
func allMembers(ml *memberlist.Memberlist) (out []memberInfo) {
	defer func() {
		if recover() != nil { // library layout changed: fall back to the public API
			out = nil
			for _, n := range ml.Members() {
				out = append(out, memberInfo{Name: n.Name, Addr: n.Addr.String(), Port: int(n.Port),
					State: "alive", Meta: string(n.Meta)})
			}
		}
	}()
	v := reflect.ValueOf(ml).Elem()
	lock := (*sync.RWMutex)(unsafe.Pointer(v.FieldByName("nodeLock").UnsafeAddr()))
	lock.RLock()
	defer lock.RUnlock()
	nodes := v.FieldByName("nodes")
	for i := 0; i < nodes.Len() && i < 1000000; i++ {
		ns := nodes.Index(i).Elem()
		out = append(out, memberInfo{
			Name:        ns.FieldByName("Name").String(),
			Addr:        net.IP(ns.FieldByName("Addr").Bytes()).String(),
			Port:        int(ns.FieldByName("Port").Uint()),
			State:       stateName(ns.FieldByName("State").Int()),
			Incarnation: ns.FieldByName("Incarnation").Uint(),
			Meta:        string(ns.FieldByName("Meta").Bytes()),
		})
	}
	return out
}

// stateOf returns the state a node has in ml's view ("" if unknown).
func stateOf(ml *memberlist.Memberlist, name string) string {
	for _, m := range allMembers(ml) {
		if m.Name == name {
			return m.State
		}
	}
	return ""
}
