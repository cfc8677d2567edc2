package main

// One Go memberlist node with our delegates and wrapped transport. Shared by
// the recorder, the interop node and the benchmarks.

import (
	"io/ioutil"
	"log"
	"net"
	"sync"
	"time"

	"github.com/hashicorp/memberlist"
)

func discardLogger() *log.Logger { return log.New(ioutil.Discard, "", 0) }

// simpleBroadcast is a user broadcast that never invalidates another one.
type simpleBroadcast []byte

func (b simpleBroadcast) Invalidates(memberlist.Broadcast) bool { return false }
func (b simpleBroadcast) Message() []byte                       { return []byte(b) }
func (b simpleBroadcast) Finished()                             {}

type nodeDelegate struct {
	mu       sync.Mutex
	meta     []byte
	state    []byte
	queue    *memberlist.TransmitLimitedQueue
	onMsg    func([]byte)
	onMerge  func(buf []byte, join bool)
	msgCount int
}

func (d *nodeDelegate) NodeMeta(limit int) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.meta == nil {
		return nil
	}
	m := d.meta
	if len(m) > limit {
		m = m[:limit]
	}
	return append([]byte(nil), m...)
}

func (d *nodeDelegate) NotifyMsg(b []byte) {
	cp := append([]byte(nil), b...)
	d.mu.Lock()
	d.msgCount++
	f := d.onMsg
	d.mu.Unlock()
	if f != nil {
		f(cp)
	}
}

func (d *nodeDelegate) GetBroadcasts(overhead, limit int) [][]byte {
	if d.queue == nil {
		return nil
	}
	return d.queue.GetBroadcasts(overhead, limit)
}

func (d *nodeDelegate) LocalState(join bool) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.state == nil {
		return nil
	}
	return append([]byte(nil), d.state...)
}

func (d *nodeDelegate) MergeRemoteState(buf []byte, join bool) {
	d.mu.Lock()
	f := d.onMerge
	d.mu.Unlock()
	if f != nil {
		f(append([]byte(nil), buf...), join)
	}
}

func (d *nodeDelegate) setMeta(b []byte) {
	d.mu.Lock()
	d.meta = b
	d.mu.Unlock()
}

func (d *nodeDelegate) setState(b []byte) {
	d.mu.Lock()
	d.state = b
	d.mu.Unlock()
}

type eventFuncs struct {
	join, leave, update func(*memberlist.Node)
}

func (e *eventFuncs) NotifyJoin(n *memberlist.Node) {
	if e.join != nil {
		e.join(n)
	}
}
func (e *eventFuncs) NotifyLeave(n *memberlist.Node) {
	if e.leave != nil {
		e.leave(n)
	}
}
func (e *eventFuncs) NotifyUpdate(n *memberlist.Node) {
	if e.update != nil {
		e.update(n)
	}
}

type gnode struct {
	name string
	ml   *memberlist.Memberlist
	tr   *wrapTransport
	del  *nodeDelegate
	ev   *eventFuncs
	kr   *memberlist.Keyring // nil when started without keys (recorder)
}

type nodeOpts struct {
	name     string
	bind     string
	port     int
	preset   string // local | lan
	keys     [][]byte
	compress bool
	rec      *recorder
	meta     []byte
	state    []byte
	events   *eventFuncs
	tweak    func(*memberlist.Config)
	// emptyKeyring installs an (empty) keyring even without keys, so keys
	// can be added at run time.
	emptyKeyring bool
	// label / skipLabelCheck: Config.Label and SkipInboundLabelCheck
	// (releases with labels only, see compat_*.go).
	label          string
	skipLabelCheck bool
	// cidrs: Config.CIDRsAllowed (nil = allow all).
	cidrs []net.IPNet
	// requireNodeNames: Config.RequireNodeNames.
	requireNodeNames bool
}

func startNode(o nodeOpts) (*gnode, error) {
	if o.bind == "" {
		o.bind = "127.0.0.1"
	}
	tr, err := newWrapTransport(o.name, o.bind, o.port, o.rec)
	if err != nil {
		return nil, err
	}
	var cfg *memberlist.Config
	if o.preset == "lan" {
		cfg = memberlist.DefaultLANConfig()
	} else {
		cfg = memberlist.DefaultLocalConfig()
	}
	cfg.Name = o.name
	cfg.BindAddr = o.bind
	cfg.BindPort = tr.port()
	cfg.AdvertisePort = tr.port()
	cfg.Transport = tr
	cfg.EnableCompression = o.compress
	cfg.LogOutput = ioutil.Discard
	cfg.Logger = nil
	var kr *memberlist.Keyring
	if len(o.keys) > 0 {
		kr, err = memberlist.NewKeyring(o.keys, o.keys[0])
	} else if o.emptyKeyring {
		kr, err = memberlist.NewKeyring(nil, nil)
	}
	if err != nil {
		tr.Shutdown()
		return nil, err
	}
	cfg.Keyring = kr
	cfg.CIDRsAllowed = o.cidrs
	cfg.RequireNodeNames = o.requireNodeNames
	if err := applyLabel(cfg, o.label, o.skipLabelCheck); err != nil {
		tr.Shutdown()
		return nil, err
	}
	del := &nodeDelegate{meta: o.meta, state: o.state}
	g := &gnode{name: o.name, tr: tr, del: del, ev: o.events, kr: kr}
	del.queue = &memberlist.TransmitLimitedQueue{
		NumNodes: func() int {
			if g.ml == nil {
				return 1
			}
			return g.ml.NumMembers()
		},
		RetransmitMult: cfg.RetransmitMult,
	}
	cfg.Delegate = del
	if o.events != nil {
		cfg.Events = o.events
	}
	if o.tweak != nil {
		o.tweak(cfg)
	}
	ml, err := memberlist.Create(cfg)
	if err != nil {
		tr.Shutdown()
		return nil, err
	}
	g.ml = ml
	return g, nil
}

func (g *gnode) addr() string {
	n := g.ml.LocalNode()
	return n.Address()
}

// waitFor polls cond every 20ms until it holds or the timeout expires.
func waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for i := 0; i < 1000000; i++ {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}
