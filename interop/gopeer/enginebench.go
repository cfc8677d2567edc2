package main

// `gopeer enginebench`: the Go twin of memberlist-bench's engine benchmarks
// (io.memberlist.bench.engine). The library's handlers are unexported, so
// every operation goes in through the public Transport interface, as packets
// and streams from the network do: datagrams on PacketCh (then Go's own
// packet listener and handler goroutines), connections on StreamCh (then its
// stream listener). What marks an operation as done is the one signal the
// public API gives for it (an update event, a user message, the close of the
// connection, a packet written). Each result is one JSON line on stdout.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"
)

const (
	ebMembers      = 1000
	ebIncarnation0 = 1 << 24
)

var (
	ebVsn  = []uint8{1, 5, 2, 0, 0, 0}
	ebPeer = &net.UDPAddr{IP: net.IPv4(10, 0, 0, 2).To4(), Port: 7946}
)

func ebName(i int) string    { return fmt.Sprintf("node-%04d.dc1.example", i) }
func ebAddr(i int) []byte    { return []byte{10, 1, byte(i >> 8), byte(i)} }
func ebMeta(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

func ebAlive(i int, inc, meta uint32) []byte {
	return mpEncode(tAlive, &wAlive{Incarnation: inc, Node: ebName(i), Addr: ebAddr(i), Port: 7946,
		Meta: ebMeta(meta), Vsn: ebVsn})
}

// ebPushPull is the request stream: [pushPull][header][1,000 states].
func ebPushPull(inc uint32) []byte {
	var buf bytes.Buffer
	buf.WriteByte(tPushPull)
	if err := mpEncodeTo(&buf, &wPushPullHeader{Nodes: ebMembers}); err != nil {
		panic(err)
	}
	for i := 0; i < ebMembers; i++ {
		if err := mpEncodeTo(&buf, &wPushNodeState{Name: ebName(i), Addr: ebAddr(i), Port: 7946,
			Meta: ebMeta(0), Incarnation: inc, State: 0, Vsn: ebVsn}); err != nil {
			panic(err)
		}
	}
	return buf.Bytes()
}

func ebCompound(parts [][]byte) []byte {
	out := []byte{tCompound, byte(len(parts))}
	for _, p := range parts {
		out = binary.BigEndian.AppendUint16(out, uint16(len(p)))
	}
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// ebSuspects: [user marker][suspect from j+3][from j+2][from j+1], as the Java benchmark.
func ebSuspects(j int, inc uint32) []byte {
	s := func(from int) []byte {
		return mpEncode(tSuspect, &wSuspect{Incarnation: inc, Node: ebName(j), From: ebName(from % ebMembers)})
	}
	return ebCompound([][]byte{{tUser, 1}, s(j + 3), s(j + 2), s(j + 1)})
}

// withCrc returns a new buffer [hasCrc][crc32 BE][payload].
func withCrc(payload []byte) []byte {
	out := make([]byte, 5+len(payload))
	out[0] = tCrc
	binary.BigEndian.PutUint32(out[1:], crc32.ChecksumIEEE(payload))
	copy(out[5:], payload)
	return out
}

// patch: the offsets of 4-byte fields found by encoding twice with values
// that differ in every byte (see FieldPatch.java).
type patch []int

func findPatch(a, b []byte) patch {
	if len(a) != len(b) {
		panic("encodings differ in length")
	}
	var p patch
	for i := 0; i < len(a); {
		if a[i] == b[i] {
			i++
			continue
		}
		for k := 0; k < 4; k++ {
			if i+k >= len(a) || a[i+k] == b[i+k] {
				panic(fmt.Sprintf("differing run at %d is not 4 bytes", i))
			}
		}
		p = append(p, i)
		i += 4
	}
	return p
}

func (p patch) write(buf []byte, v uint32) {
	for _, off := range p {
		binary.BigEndian.PutUint32(buf[off:], v)
	}
}

// ---- transport, connections, delegates ----

type ebTransport struct {
	packets   chan *memberlist.Packet
	streams   chan net.Conn
	sent      uint64
	sentBytes uint64
}

func newEbTransport() *ebTransport {
	return &ebTransport{packets: make(chan *memberlist.Packet, 4096), streams: make(chan net.Conn)}
}

func (t *ebTransport) FinalAdvertiseAddr(string, int) (net.IP, int, error) {
	return net.IPv4(10, 0, 0, 1).To4(), 7946, nil
}

func (t *ebTransport) WriteTo(b []byte, addr string) (time.Time, error) {
	atomic.AddUint64(&t.sent, 1)
	atomic.AddUint64(&t.sentBytes, uint64(len(b)))
	return time.Now(), nil
}

func (t *ebTransport) PacketCh() <-chan *memberlist.Packet { return t.packets }
func (t *ebTransport) DialTimeout(string, time.Duration) (net.Conn, error) {
	return nil, errors.New("no dialing in the engine benchmarks")
}
func (t *ebTransport) StreamCh() <-chan net.Conn { return t.streams }
func (t *ebTransport) Shutdown() error           { return nil }

func (t *ebTransport) inject(buf []byte) {
	t.packets <- &memberlist.Packet{Buf: buf, From: ebPeer, Timestamp: time.Now()}
}

// ebConn is an in-memory connection holding one request; the reply is
// counted and dropped; Close signals the end of the exchange.
type ebConn struct {
	r      *bytes.Reader
	wrote  int
	closed chan struct{}
	once   sync.Once
}

func newEbConn(req []byte) *ebConn {
	return &ebConn{r: bytes.NewReader(req), closed: make(chan struct{})}
}

func (c *ebConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *ebConn) Write(p []byte) (int, error) { c.wrote += len(p); return len(p), nil }
func (c *ebConn) Close() error                { c.once.Do(func() { close(c.closed) }); return nil }
func (c *ebConn) LocalAddr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(10, 0, 0, 1).To4(), Port: 7946}
}
func (c *ebConn) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(10, 0, 0, 2).To4(), Port: 40000}
}
func (c *ebConn) SetDeadline(time.Time) error      { return nil }
func (c *ebConn) SetReadDeadline(time.Time) error  { return nil }
func (c *ebConn) SetWriteDeadline(time.Time) error { return nil }

// counter counts callbacks; a waiter is woken once the count reaches the
// target it announced with expect (a missed or stale signal only costs one
// more look at the count).
type counter struct {
	n      int64
	target int64
	ch     chan struct{}
}

func newCounter() *counter { return &counter{target: 1 << 62, ch: make(chan struct{}, 1)} }

func (c *counter) inc() {
	if atomic.AddInt64(&c.n, 1) >= atomic.LoadInt64(&c.target) {
		select {
		case c.ch <- struct{}{}:
		default:
		}
	}
}

// expect announces the count the next await waits for; call it before the work is injected.
func (c *counter) expect(target int64) { atomic.StoreInt64(&c.target, target) }

func (c *counter) await(target int64) {
	for atomic.LoadInt64(&c.n) < target {
		<-c.ch
	}
}

type ebEvents struct{ joins, updates *counter }

func (e *ebEvents) NotifyJoin(*memberlist.Node)   { e.joins.inc() }
func (e *ebEvents) NotifyLeave(*memberlist.Node)  {}
func (e *ebEvents) NotifyUpdate(*memberlist.Node) { e.updates.inc() }

type ebDelegate struct{ msgs *counter }

func (d *ebDelegate) NodeMeta(int) []byte                    { return nil }
func (d *ebDelegate) NotifyMsg([]byte)                       { d.msgs.inc() }
func (d *ebDelegate) GetBroadcasts(int, int) [][]byte        { return nil }
func (d *ebDelegate) LocalState(bool) []byte                 { return nil }
func (d *ebDelegate) MergeRemoteState(buf []byte, join bool) {}

type ebNode struct {
	ml                   *memberlist.Memberlist
	tr                   *ebTransport
	joins, updates, msgs *counter
}

// newEbNode starts a node like EngineFixture: LAN defaults without
// compression, no gossip or push/pull unless tweak enables them, probing 24 h apart;
// learn: it first learns the 1,000 members from framed alive datagrams.
func newEbNode(learn bool, tweak func(*memberlist.Config)) (*ebNode, error) {
	n := &ebNode{tr: newEbTransport(), joins: newCounter(), updates: newCounter(), msgs: newCounter()}
	c := memberlist.DefaultLANConfig()
	c.Name = "bench"
	c.Transport = n.tr
	c.Logger = discardLogger()
	// Not 0: Go scales suspicion timeouts with it. The first probe falls
	// somewhere in the next 24 h, as in EngineFixture.
	c.ProbeInterval = 24 * time.Hour
	c.GossipInterval = 0
	c.PushPullInterval = 0
	c.EnableCompression = false
	c.HandoffQueueDepth = 1 << 20
	c.Events = &ebEvents{joins: n.joins, updates: n.updates}
	c.Delegate = &ebDelegate{msgs: n.msgs}
	if tweak != nil {
		tweak(c)
	}
	ml, err := memberlist.Create(c)
	if err != nil {
		return nil, err
	}
	n.ml = ml
	if learn {
		want := atomic.LoadInt64(&n.joins.n) + ebMembers
		n.joins.expect(want)
		for i := 0; i < ebMembers; i++ {
			n.tr.inject(withCrc(ebAlive(i, ebIncarnation0, 0)))
		}
		n.joins.await(want)
		if got := n.ml.NumMembers(); got != ebMembers+1 {
			return nil, fmt.Errorf("learned %d members", got)
		}
	}
	return n, nil
}

func (n *ebNode) exchange(req []byte) int {
	c := newEbConn(req)
	n.tr.streams <- c
	<-c.closed
	return c.wrote
}

// ---- measurement ----

type ebResult struct {
	Bench      string  `json:"bench"`
	Impl       string  `json:"impl"`
	Memberlist string  `json:"memberlist"`
	Ops        int64   `json:"ops"`
	WallNs     float64 `json:"wall_ns_per_op"`
	CpuNs      float64 `json:"cpu_ns_per_op"`
	Procs      int     `json:"gomaxprocs"`
	Load1      string  `json:"load1"`
	Note       string  `json:"note,omitempty"`
}

func load1() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return strings.Fields(string(b))[0]
}

// timed runs op (which does `batch` operations per call) repeatedly for at
// least d of wall time after a warm-up of d/2, and reports per operation.
func timed(name string, d time.Duration, batch int64, op func()) ebResult {
	for w := time.Now(); time.Since(w) < d/2; {
		op()
	}
	runtime.GC()
	var ops int64
	cpu0 := processCPU()
	start := time.Now()
	for time.Since(start) < d {
		op()
		ops += batch
	}
	wall := time.Since(start)
	cpu := processCPU() - cpu0
	return ebResult{Bench: name, Impl: "go", Memberlist: libVersion(), Ops: ops,
		WallNs: float64(wall.Nanoseconds()) / float64(ops), CpuNs: float64(cpu.Nanoseconds()) / float64(ops),
		Procs: runtime.GOMAXPROCS(0), Load1: load1()}
}

func benchAlive(d time.Duration) (ebResult, error) {
	n, err := newEbNode(true, nil)
	if err != nil {
		return ebResult{}, err
	}
	defer n.ml.Shutdown()
	inc := findPatch(ebAlive(0, 0x11111111, 0), ebAlive(0, 0x22222222, 0))
	meta := findPatch(ebAlive(0, ebIncarnation0, 0x11111111), ebAlive(0, ebIncarnation0, 0x22222222))
	templates := make([][]byte, ebMembers)
	for i := range templates {
		templates[i] = ebAlive(i, ebIncarnation0, 0)
	}
	seq := 0
	const batch = 1000
	r := timed("alive", d, batch, func() {
		want := atomic.LoadInt64(&n.updates.n) + batch
		n.updates.expect(want)
		for k := 0; k < batch; k++ {
			j, round := seq%ebMembers, uint32(seq/ebMembers+1)
			seq++
			p := append([]byte(nil), templates[j]...)
			inc.write(p, ebIncarnation0+round)
			meta.write(p, round)
			n.tr.inject(withCrc(p))
		}
		n.updates.await(want)
	})
	r.Note = "framed alive datagrams injected on PacketCh in batches of 1,000, until 1,000 NotifyUpdate"
	return r, nil
}

func benchSuspect(d time.Duration) (ebResult, error) {
	n, err := newEbNode(true, nil)
	if err != nil {
		return ebResult{}, err
	}
	defer n.ml.Shutdown()
	sInc := findPatch(ebSuspects(0, 0x11111111), ebSuspects(0, 0x22222222))
	aInc := findPatch(ebAlive(0, 0x11111111, 0), ebAlive(0, 0x22222222, 0))
	aMeta := findPatch(ebAlive(0, ebIncarnation0, 0x11111111), ebAlive(0, ebIncarnation0, 0x22222222))
	suspects := make([][]byte, ebMembers)
	alives := make([][]byte, ebMembers)
	incs := make([]uint32, ebMembers)
	for j := range suspects {
		suspects[j] = ebSuspects(j, ebIncarnation0)
		alives[j] = ebAlive(j, ebIncarnation0, 0)
		incs[j] = ebIncarnation0
	}
	seq := 0
	cycle := func(check bool) error {
		j := seq % ebMembers
		seq++
		p := append([]byte(nil), suspects[j]...)
		sInc.write(p, incs[j])
		want := atomic.LoadInt64(&n.msgs.n) + 1
		n.msgs.expect(want)
		n.tr.inject(withCrc(p))
		n.msgs.await(want)
		if check {
			if s := stateOf(n.ml, ebName(j)); s != "suspect" {
				return fmt.Errorf("after the suspects %s is %q, not suspect", ebName(j), s)
			}
		}
		incs[j]++
		a := append([]byte(nil), alives[j]...)
		aInc.write(a, incs[j])
		aMeta.write(a, incs[j])
		want = atomic.LoadInt64(&n.updates.n) + 1
		n.updates.expect(want)
		n.tr.inject(withCrc(a))
		n.updates.await(want)
		if check {
			if s := stateOf(n.ml, ebName(j)); s != "alive" {
				return fmt.Errorf("after the refutation %s is %q, not alive", ebName(j), s)
			}
		}
		return nil
	}
	if err := cycle(true); err != nil {
		return ebResult{}, err
	}
	r := timed("suspect", d, 1, func() { _ = cycle(false) })
	r.Note = "per cycle: compound [user, 3 suspects] until NotifyMsg, then the refuting alive until NotifyUpdate"
	return r, nil
}

func benchPushPull(d time.Duration, mode string) (ebResult, error) {
	req := ebPushPull(ebIncarnation0)
	name := "pushpull_" + mode
	if mode == "fresh" {
		// A new node per operation: only the exchange itself is timed.
		var total, cpuTotal time.Duration
		var ops int64
		for w := 0; ops == 0 || total < d; w++ {
			n, err := newEbNode(false, nil)
			if err != nil {
				return ebResult{}, err
			}
			runtime.GC()
			c0 := processCPU()
			t0 := time.Now()
			wrote := n.exchange(req)
			el := time.Since(t0)
			cpu := processCPU() - c0
			n.ml.Shutdown()
			if wrote < 50 || n.ml.NumMembers() != ebMembers+1 {
				return ebResult{}, fmt.Errorf("fresh push/pull: wrote %d, %d members", wrote, n.ml.NumMembers())
			}
			if w >= 3 { // warm-up
				total += el
				cpuTotal += cpu
				ops++
			}
		}
		return ebResult{Bench: name, Impl: "go", Memberlist: libVersion(), Ops: ops,
			WallNs: float64(total.Nanoseconds()) / float64(ops), CpuNs: float64(cpuTotal.Nanoseconds()) / float64(ops),
			Procs: runtime.GOMAXPROCS(0), Load1: load1(), Note: "new node per exchange (not timed), GC before each"}, nil
	}
	n, err := newEbNode(true, nil)
	if err != nil {
		return ebResult{}, err
	}
	defer n.ml.Shutdown()
	if wrote := n.exchange(req); wrote < 50000 {
		return ebResult{}, fmt.Errorf("push/pull reply was %d bytes", wrote)
	}
	incs := findPatch(ebPushPull(0x11111111), ebPushPull(0x22222222))
	if len(incs) != ebMembers {
		return ebResult{}, fmt.Errorf("found %d incarnations in the request", len(incs))
	}
	round := uint32(0)
	r := timed(name, d, 1, func() {
		if mode == "update" {
			round++
			p := append([]byte(nil), req...)
			incs.write(p, ebIncarnation0+round)
			n.exchange(p)
		} else {
			n.exchange(req)
		}
	})
	r.Note = "request on StreamCh until the library closes the connection (reply written, state merged)"
	return r, nil
}

func benchGossip(d time.Duration, compress bool) (ebResult, error) {
	n, err := newEbNode(true, func(c *memberlist.Config) {
		c.GossipInterval = 10 * time.Microsecond // back to back: a tick is always pending
		c.RetransmitMult = 10000
		c.EnableCompression = compress
	})
	if err != nil {
		return ebResult{}, err
	}
	defer n.ml.Shutdown()
	name := "gossip"
	if compress {
		name = "gossip_compress"
	}
	time.Sleep(d / 2) // warm-up
	runtime.GC()
	p0 := atomic.LoadUint64(&n.tr.sent)
	cpu0 := processCPU()
	start := time.Now()
	time.Sleep(d)
	wall := time.Since(start)
	cpu := processCPU() - cpu0
	ticks := int64(atomic.LoadUint64(&n.tr.sent)-p0) / 3
	if ticks == 0 {
		return ebResult{}, errors.New("no gossip sent")
	}
	return ebResult{Bench: name, Impl: "go", Memberlist: libVersion(), Ops: ticks,
		WallNs: float64(wall.Nanoseconds()) / float64(ticks), CpuNs: float64(cpu.Nanoseconds()) / float64(ticks),
		Procs: runtime.GOMAXPROCS(0), Load1: load1(),
		Note: "gossip loop back to back (10 us ticker), ticks = packets written / 3"}, nil
}

func benchLzw(name string, in []byte, compress bool, d time.Duration) ebResult {
	packed := lzwCompress(in)
	r := timed(name, d, 1, func() {
		if compress {
			lzwCompress(in)
		} else if _, err := lzwDecompress(packed); err != nil {
			panic(err)
		}
	})
	r.Note = fmt.Sprintf("compress/lzw LSB 8 (bytes.Buffer writer, io.ReadAll reader); input %d bytes crc32 %08x",
		len(in), crc32.ChecksumIEEE(in))
	return r
}

// lzwCompoundInput: alives of members 0, 1, ... within 1,400 bytes.
func lzwCompoundInput() []byte {
	var parts [][]byte
	size := 2
	for i := 0; ; i++ {
		a := ebAlive(i, ebIncarnation0, 0)
		if size+len(a)+2 > 1400 {
			return ebCompound(parts)
		}
		size += len(a) + 2
		parts = append(parts, a)
	}
}

func runEngineBench(args []string) error {
	fs := flag.NewFlagSet("enginebench", flag.ExitOnError)
	secs := fs.Duration("time", 2*time.Second, "measurement time per benchmark (plus half of it to warm up)")
	procs := fs.Int("procs", 1, "GOMAXPROCS (1: the library's goroutines share one core, like the single-threaded Java node)")
	only := fs.String("bench", "", "comma list of benchmarks (default all): alive,suspect,pushpull_steady,pushpull_update,pushpull_fresh,gossip,gossip_compress,lzw")
	fs.Parse(args)
	runtime.GOMAXPROCS(*procs)
	want := map[string]bool{}
	for _, b := range strings.Split(*only, ",") {
		if b != "" {
			want[b] = true
		}
	}
	on := func(b string) bool { return len(want) == 0 || want[b] }
	type bench struct {
		name string
		run  func() (ebResult, error)
	}
	benches := []bench{
		{"alive", func() (ebResult, error) { return benchAlive(*secs) }},
		{"suspect", func() (ebResult, error) { return benchSuspect(*secs) }},
		{"pushpull_steady", func() (ebResult, error) { return benchPushPull(*secs, "steady") }},
		{"pushpull_update", func() (ebResult, error) { return benchPushPull(*secs, "update") }},
		{"pushpull_fresh", func() (ebResult, error) { return benchPushPull(*secs, "fresh") }},
		{"gossip", func() (ebResult, error) { return benchGossip(*secs, false) }},
		{"gossip_compress", func() (ebResult, error) { return benchGossip(*secs, true) }},
	}
	for _, b := range benches {
		if !on(b.name) {
			continue
		}
		r, err := b.run()
		if err != nil {
			return fmt.Errorf("%s: %v", b.name, err)
		}
		emitJSON(r)
	}
	if on("lzw") {
		pp, cp := ebPushPull(ebIncarnation0), lzwCompoundInput()
		emitJSON(benchLzw("lzw_compress_pushpull", pp, true, *secs))
		emitJSON(benchLzw("lzw_decompress_pushpull", pp, false, *secs))
		emitJSON(benchLzw("lzw_compress_compound", cp, true, *secs))
		emitJSON(benchLzw("lzw_decompress_compound", cp, false, *secs))
	}
	return nil
}
