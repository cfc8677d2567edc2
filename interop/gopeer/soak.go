//go:build !memberlist_v02

package main

// `gopeer soak`: the Go twin of memberlist-bench's soak (io.memberlist.bench.soak,
// bench/soak.sh). N memberlist nodes in this process, each on its own UDP/TCP
// sockets on 127.0.0.1, every datagram dropped with probability -loss on the
// way out and again on the way in by a seeded wrapper (streams untouched),
// joined in waves, then sampled every -sample for -duration once every node
// sees all N. Each sample is one JSON line in OUT/soak.jsonl with the field
// names of the Java soak (SoakSample.java), so `bench/soak.sh -skip-build
// -judge OUT/soak.jsonl N` applies the same rules (SoakVerdict.java).
//
// Fields the Java soak writes that have no Go counterpart are left out, never
// written as zero: streams_* and stream_buffered_bytes_total (the Java node's
// stream table; Go runs one goroutine per connection, and leaked connections
// show in fds and goroutines), handoff_* (not exposed by the library) and
// loop_rtt_max_ms (there is no node loop). The verdict reports their rules as
// not applicable.
//
// Only for the v0.5+ builds: the library reports metrics through go-metrics,
// whose import path differs by release (v0.2.2: armon/go-metrics; v0.5.4:
// hashicorp/go-metrics/compat, which forwards to armon/go-metrics unless built
// with the hashicorpmetrics tag; v0.7.0: hashicorp/go-metrics). This file
// installs its sink in hashicorp/go-metrics, which is the one v0.7.0 uses; on
// a build whose library reports elsewhere the sink sees nothing and the
// metric-derived fields are left out (see soakSink.seen).

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	metrics "github.com/hashicorp/go-metrics"
	"github.com/hashicorp/memberlist"
)

const (
	soakJoinWave     = 25 // nodes joining at once, as SoakCluster.JOIN_WAVE
	soakJoinAttempts = 5  // tries per node, as SoakCluster.JOIN_ATTEMPTS
	soakJoinSeeds    = 3  // earlier members each join goes through
)

type soakOptions struct {
	n           int
	preset      string
	loss        float64
	seed        uint64
	duration    time.Duration
	settle      time.Duration
	sample      time.Duration
	joinTimeout time.Duration
	out         string
}

// soakSink is the go-metrics sink shared by every node (go-metrics keeps one
// global sink): the suspect and degraded-timeout counters summed over the
// cluster, and the largest memberlist.queue.broadcasts sample any node
// reported since the last read, as the Java soak's SoakMetrics.
type soakSink struct {
	seen     atomic.Uint64 // every call: zero means the library reports elsewhere
	suspects atomic.Uint64
	degraded atomic.Uint64
	queueMax atomic.Uint64
}

func keyIs(key []string, want ...string) bool {
	if len(key) != len(want) {
		return false
	}
	for i := range key {
		if key[i] != want[i] {
			return false
		}
	}
	return true
}

func (s *soakSink) SetGauge(key []string, val float32) { s.seen.Add(1) }
func (s *soakSink) SetGaugeWithLabels(key []string, val float32, labels []metrics.Label) {
	s.seen.Add(1)
}
func (s *soakSink) EmitKey(key []string, val float32)     { s.seen.Add(1) }
func (s *soakSink) IncrCounter(key []string, val float32) { s.IncrCounterWithLabels(key, val, nil) }
func (s *soakSink) IncrCounterWithLabels(key []string, val float32, labels []metrics.Label) {
	s.seen.Add(1)
	switch {
	case keyIs(key, "memberlist", "msg", "suspect"):
		s.suspects.Add(uint64(val))
	case keyIs(key, "memberlist", "degraded", "timeout"):
		s.degraded.Add(uint64(val))
	}
}
func (s *soakSink) AddSample(key []string, val float32) { s.AddSampleWithLabels(key, val, nil) }
func (s *soakSink) AddSampleWithLabels(key []string, val float32, labels []metrics.Label) {
	s.seen.Add(1)
	if !keyIs(key, "memberlist", "queue", "broadcasts") {
		return
	}
	v := uint64(val)
	for {
		old := s.queueMax.Load()
		if v <= old || s.queueMax.CompareAndSwap(old, v) {
			return
		}
	}
}

// install makes this sink the process-wide go-metrics sink, with no hostname
// prefix, no service prefix and no runtime-statistics goroutine, so the keys
// arrive as the library writes them.
func (s *soakSink) install() error {
	cfg := metrics.DefaultConfig("")
	cfg.EnableHostname = false
	cfg.EnableHostnameLabel = false
	cfg.EnableRuntimeMetrics = false
	_, err := metrics.NewGlobal(cfg, s)
	return err
}

// lossyTransport drops each datagram with probability loss, independently,
// once in WriteTo and once between the socket and the library's PacketCh, as
// the Java soak's LossyTransport; streams pass through. It embeds the shared
// wrapTransport (transport.go), which still counts bytes. Each direction has
// its own PCG stream seeded from -seed; WriteTo is called from several of the
// library's goroutines, so the outbound draws are serialised by a mutex (the
// decisions are reproducible per draw, their assignment to datagrams depends
// on scheduling, as any real network's would).
type lossyTransport struct {
	*wrapTransport
	loss     float64
	outMu    sync.Mutex
	outRand  *rand.Rand
	inRand   *rand.Rand // used by the forwarding goroutine only
	packetCh chan *memberlist.Packet

	sent, droppedOut, received, droppedIn atomic.Uint64
}

func newLossyTransport(w *wrapTransport, loss float64, seed uint64) *lossyTransport {
	l := &lossyTransport{wrapTransport: w, loss: loss,
		outRand:  rand.New(rand.NewPCG(seed, 1)),
		inRand:   rand.New(rand.NewPCG(seed, 2)),
		packetCh: make(chan *memberlist.Packet)}
	go l.forwardPackets()
	return l
}

func (l *lossyTransport) WriteTo(b []byte, addr string) (time.Time, error) {
	l.outMu.Lock()
	drop := l.loss > 0 && l.outRand.Float64() < l.loss
	l.outMu.Unlock()
	if drop {
		l.droppedOut.Add(1)
		return time.Now(), nil
	}
	l.sent.Add(1)
	return l.wrapTransport.WriteTo(b, addr)
}

func (l *lossyTransport) PacketCh() <-chan *memberlist.Packet { return l.packetCh }

// forwardPackets hands received datagrams on, minus the dropped ones, until
// the inner transport has shut down. While it shuts down, datagrams are
// discarded rather than handed on: the inner UDP listener must not block on
// its unbuffered channel (its Shutdown waits for it).
func (l *lossyTransport) forwardPackets() {
	in := l.wrapTransport.PacketCh()
	for {
		select {
		case <-l.done:
			return
		case p := <-in:
			if l.loss > 0 && l.inRand.Float64() < l.loss {
				l.droppedIn.Add(1)
				continue
			}
			l.received.Add(1)
			select {
			case l.packetCh <- p:
			case <-l.draining:
			}
		}
	}
}

// internals reads what the public API does not show, by reflection on the
// library's unexported fields (as inspect.go does): the member table's length
// (dead and left entries included until reaped, as the Java NodeStats
// memberTable), the node's own incarnation as it holds it in its table, and
// its broadcast queue depth (TransmitLimitedQueue.NumQueued, which takes the
// queue's own lock). ok is false when the library's layout differs.
func internals(ml *memberlist.Memberlist, self string) (table int, incarnation uint64, queued int, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	v := reflect.ValueOf(ml).Elem()
	lock := (*sync.RWMutex)(unsafe.Pointer(v.FieldByName("nodeLock").UnsafeAddr()))
	func() {
		lock.RLock()
		defer lock.RUnlock()
		table = v.FieldByName("nodes").Len()
		if me := v.FieldByName("nodeMap").MapIndex(reflect.ValueOf(self)); me.IsValid() {
			incarnation = me.Elem().FieldByName("Incarnation").Uint()
		}
	}()
	q := *(**memberlist.TransmitLimitedQueue)(unsafe.Pointer(v.FieldByName("broadcasts").UnsafeAddr()))
	queued = q.NumQueued()
	// A node holds itself alive with incarnation >= 1 from its start.
	return table, incarnation, queued, incarnation > 0
}

type soakDeath struct {
	Observer string `json:"observer"`
	Subject  string `json:"subject"`
	AtMs     int64  `json:"at_ms"`
}

type soakCluster struct {
	o       soakOptions
	sink    *soakSink
	nodes   []*gnode
	lossy   []*lossyTransport
	baseInc []uint64

	watching     atomic.Bool
	converged    atomic.Bool
	rejoins      atomic.Int64
	joinFailures atomic.Int64

	mu     sync.Mutex
	deaths []soakDeath
}

func (c *soakCluster) start() error {
	seeds := rand.New(rand.NewPCG(c.o.seed, 0))
	c.watching.Store(true)
	for i := 0; i < c.o.n; i++ {
		name := fmt.Sprintf("soak-%d", i)
		var lt *lossyTransport
		ev := &eventFuncs{
			join: func(n *memberlist.Node) {
				if c.watching.Load() && c.converged.Load() { // before convergence joins are expected
					c.rejoins.Add(1)
				}
			},
			// No node ever stops during the soak: every leave event is a false
			// death. (Whether dead or left is not recorded: the Node passed
			// here does not carry it, and the callback runs under the
			// library's table lock, so the table cannot be read.)
			leave: func(n *memberlist.Node) {
				if !c.watching.Load() {
					return
				}
				c.mu.Lock()
				c.deaths = append(c.deaths, soakDeath{Observer: name, Subject: n.Name, AtMs: time.Now().UnixMilli()})
				c.mu.Unlock()
			},
		}
		nodeSeed := seeds.Uint64()
		g, err := startNode(nodeOpts{name: name, preset: c.o.preset, events: ev,
			tweak: func(cfg *memberlist.Config) {
				// As the Java soak: the queue depth is reported every 10 s, not every 30 s.
				cfg.QueueCheckInterval = 10 * time.Second
				lt = newLossyTransport(cfg.Transport.(*wrapTransport), c.o.loss, nodeSeed)
				cfg.Transport = lt
			}})
		if err != nil {
			return fmt.Errorf("start node %d: %v", i, err)
		}
		c.nodes = append(c.nodes, g)
		c.lossy = append(c.lossy, lt)
	}
	c.baseInc = make([]uint64, c.o.n)
	return nil
}

// joinAndConverge joins the nodes in waves of soakJoinWave, each node through
// up to three random members of the earlier waves, a failed join retried
// after a second (up to soakJoinAttempts tries), then waits until every node
// sees all N. Returns the time taken, or false when the join timeout passed.
func (c *soakCluster) joinAndConverge() (time.Duration, bool) {
	start := time.Now()
	deadline := start.Add(c.o.joinTimeout)
	pick := rand.New(rand.NewPCG(c.o.seed^0x5eed, 0))
	joined := []string{c.nodes[0].addr()}
	for first := 1; first < len(c.nodes) && time.Now().Before(deadline); first += soakJoinWave {
		var wave []int
		for i := first; i < min(len(c.nodes), first+soakJoinWave); i++ {
			wave = append(wave, i)
		}
		for attempt := 0; len(wave) > 0 && attempt < soakJoinAttempts; attempt++ {
			if attempt > 0 {
				time.Sleep(time.Second)
			}
			ok := make([]bool, len(wave))
			var wg sync.WaitGroup
			for k, i := range wave {
				seeds := pickSeeds(joined, pick)
				wg.Add(1)
				go func(k, i int) {
					defer wg.Done()
					if n, err := c.nodes[i].ml.Join(seeds); err == nil && n > 0 {
						ok[k] = true
					} else {
						c.joinFailures.Add(1)
					}
				}(k, i)
			}
			wg.Wait()
			var failed []int
			for k, i := range wave {
				if ok[k] {
					joined = append(joined, c.nodes[i].addr())
				} else {
					failed = append(failed, i)
				}
			}
			wave = failed
		}
	}
	soakLog("soak: joins returned after %d ms (%d of %d nodes joined); waiting until every view has all %d",
		time.Since(start).Milliseconds(), len(joined), len(c.nodes), len(c.nodes))
	nextLog := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		incomplete, missing := 0, 0
		for _, g := range c.nodes {
			if k := g.ml.NumMembers(); k != len(c.nodes) {
				incomplete++
				missing += len(c.nodes) - k
			}
		}
		// Progress: a mass join can leave a few views short of some members
		// until a push/pull repairs them (its interval scales with N).
		if incomplete > 0 && time.Now().After(nextLog) {
			soakLog("soak: t=%.0fs since the first join: %d views incomplete, %d entries missing",
				time.Since(start).Seconds(), incomplete, missing)
			nextLog = nextLog.Add(10 * time.Second)
		}
		if incomplete == 0 {
			for i, g := range c.nodes {
				_, inc, _, _ := internals(g.ml, g.name)
				c.baseInc[i] = inc
			}
			c.converged.Store(true)
			return time.Since(start), true
		}
		time.Sleep(500 * time.Millisecond)
	}
	return time.Since(start), false
}

func pickSeeds(joined []string, r *rand.Rand) []string {
	pool := append([]string(nil), joined...)
	k := min(soakJoinSeeds, len(pool))
	out := make([]string, 0, k)
	for j := 0; j < k; j++ {
		x := r.IntN(len(pool))
		out = append(out, pool[x])
		pool = append(pool[:x], pool[x+1:]...)
	}
	return out
}

// heapAfterGC runs a full collection and reads the heap right after it.
//
// heap_after_gc_bytes is MemStats.HeapAlloc: the bytes of heap objects not
// yet freed. runtime.GC returns only after the mark and the sweep of the
// collection it ran, so right after it HeapAlloc is what that collection
// found live plus what the running nodes allocated in the microseconds since:
// what the process holds on to, the figure the Java soak reads as heap used
// after System.gc(). HeapInuse is not used: it counts whole spans, so a span
// with one live object counts fully, and it moves with how the allocator
// reuses spans rather than with what is held. heap_committed_bytes is
// HeapSys - HeapReleased: heap memory obtained from the OS and not returned,
// the counterpart of the JVM's committed heap.
func heapAfterGC() (used, committed uint64, gcMs float64) {
	t0 := time.Now()
	runtime.GC()
	gcMs = float64(time.Since(t0).Microseconds()) / 1000
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, ms.HeapSys - ms.HeapReleased, gcMs
}

// openFds counts the entries of /proc/self/fd, less the descriptor the
// listing itself holds open (as the Java soak), or -1 without /proc.
func openFds() int {
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(es) - 1
}

func soakLoad1() float64 {
	if l := loadAverages(); len(l) > 0 {
		return l[0]
	}
	return -1
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }

// sample is one line of the series; keys as SoakSample.java ("goroutines" is
// Go's own).
func (c *soakCluster) sample(t float64, settled bool) map[string]interface{} {
	s := map[string]interface{}{"t_s": round1(t), "settled": settled, "load1": soakLoad1()}
	used, committed, gcMs := heapAfterGC()
	s["heap_after_gc_bytes"] = used
	s["heap_committed_bytes"] = committed
	s["gc_ms"] = round1(gcMs)
	// threads: the OS threads of the process (/proc/self/status Threads), the
	// threads that run the nodes' goroutines. The Java soak counts the JVM's
	// live threads (ThreadMXBean), which leaves out the JVM's own GC and
	// compiler threads; both are what the runtime holds, neither is goroutines.
	s["threads"] = procStatus()["Threads"]
	s["goroutines"] = runtime.NumGoroutine()
	s["fds"] = openFds()

	membersMin, tableMax, queueTotal, queueMax, health := int(^uint(0)>>1), 0, 0, 0, 0
	var refutations uint64
	internalOK := true
	for i, g := range c.nodes {
		membersMin = min(membersMin, g.ml.NumMembers())
		health = max(health, g.ml.GetHealthScore())
		table, inc, queued, ok := internals(g.ml, g.name)
		if !ok {
			internalOK = false
			continue
		}
		tableMax = max(tableMax, table)
		queueTotal += queued
		queueMax = max(queueMax, queued)
		if c.converged.Load() && inc > c.baseInc[i] {
			refutations += inc - c.baseInc[i]
		}
	}
	s["members_min"] = membersMin
	if internalOK {
		s["member_table_max"] = tableMax
		s["broadcast_queue_total"] = queueTotal
		s["broadcast_queue_max"] = queueMax
	}
	// Metric-derived fields only when the library reports to our sink.
	metricsOK := c.sink.seen.Load() > 0
	if metricsOK {
		s["broadcast_queue_metric_max"] = c.sink.queueMax.Swap(0)
	}
	s["health_max"] = health
	if metricsOK {
		s["suspicions"] = c.sink.suspects.Load()
	}
	c.mu.Lock()
	s["false_deaths"] = len(c.deaths)
	c.mu.Unlock()
	if internalOK {
		// Incarnations the nodes raised since convergence: the library has no
		// refutation counter, and a node raises its incarnation only to refute
		// (it never changes its meta here), as the Java soak counts them.
		s["refutations"] = refutations
	}
	if metricsOK {
		s["degraded_timeouts"] = c.sink.degraded.Load()
	}
	var sent, out, recv, in uint64
	for _, l := range c.lossy {
		sent += l.sent.Load()
		out += l.droppedOut.Load()
		recv += l.received.Load()
		in += l.droppedIn.Load()
	}
	s["datagrams_sent"] = sent
	s["datagrams_dropped_out"] = out
	s["datagrams_received"] = recv
	s["datagrams_dropped_in"] = in
	return s
}

// shutdown stops every node at once (see benchCluster.shutdown), after
// which leave events are no longer counted.
func (c *soakCluster) shutdown() {
	c.watching.Store(false)
	var wg sync.WaitGroup
	for _, g := range c.nodes {
		wg.Add(1)
		go func(g *gnode) {
			defer wg.Done()
			g.ml.Shutdown()
			g.tr.Shutdown()
		}(g)
	}
	wg.Wait()
}

// soakLine writes one sample in the Java soak's key order, so the two series
// read alike.
var soakKeyOrder = []string{"t_s", "settled", "load1", "heap_after_gc_bytes", "heap_committed_bytes", "gc_ms",
	"threads", "goroutines", "fds", "members_min", "member_table_max", "broadcast_queue_total",
	"broadcast_queue_max", "broadcast_queue_metric_max", "health_max", "suspicions", "false_deaths",
	"refutations", "degraded_timeouts", "datagrams_sent", "datagrams_dropped_out", "datagrams_received",
	"datagrams_dropped_in"}

func soakLine(s map[string]interface{}) ([]byte, error) {
	buf := []byte{'{'}
	for _, k := range soakKeyOrder {
		v, ok := s[k]
		if !ok {
			continue
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		buf = append(append(append(buf, kb...), ':'), vb...)
	}
	return append(buf, '}', '\n'), nil
}

func soakLog(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

func runSoak(args []string) error {
	fs := flag.NewFlagSet("soak", flag.ExitOnError)
	o := soakOptions{}
	fs.IntVar(&o.n, "n", 200, "nodes, all in this process on 127.0.0.1 (automatic ports)")
	fs.StringVar(&o.preset, "preset", "lan", "config preset: lan (DefaultLANConfig) | local")
	fs.Float64Var(&o.loss, "loss", 0.01, "probability of dropping a datagram, in each direction")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the loss and of the join order")
	fs.DurationVar(&o.duration, "duration", 30*time.Minute, "how long to watch the cluster once it has converged")
	fs.DurationVar(&o.settle, "settle", 5*time.Minute, "samples before this time are shown but not judged")
	fs.DurationVar(&o.sample, "sample", 30*time.Second, "sampling period (each sample runs a full GC)")
	fs.DurationVar(&o.joinTimeout, "join-timeout", 180*time.Second, "bound for the joins and convergence")
	fs.StringVar(&o.out, "out", filepath.Join("target", "soak-go"), "where to write soak.jsonl and summary.json")
	fs.Parse(args)
	if o.n < 2 || o.n > 4096 {
		return fmt.Errorf("-n must be 2..4096")
	}
	if o.preset != "lan" && o.preset != "local" {
		return fmt.Errorf("-preset must be lan or local")
	}
	if !(o.loss >= 0 && o.loss < 1) {
		return fmt.Errorf("-loss must be in [0, 1)")
	}
	if o.sample <= 0 || o.settle >= o.duration {
		return fmt.Errorf("need -sample > 0 and -settle < -duration")
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(o.out, "soak.jsonl"))
	if err != nil {
		return err
	}
	defer f.Close()
	jsonl := bufio.NewWriter(f)

	started := time.Now()
	loadStart := soakLoad1()
	soakLog("soak (go, memberlist %s): n=%d preset=%s loss=%.3f/direction seed=%d duration=%s settle=%s sample=%s gomaxprocs=%d load=%.2f",
		libVersion(), o.n, o.preset, o.loss, o.seed, o.duration, o.settle, o.sample, runtime.GOMAXPROCS(0), loadStart)

	sink := &soakSink{}
	if err := sink.install(); err != nil {
		return err
	}
	c := &soakCluster{o: o, sink: sink}
	defer c.shutdown()
	if err := c.start(); err != nil {
		return err
	}
	converge, ok := c.joinAndConverge()
	if ok {
		soakLog("soak: converged in %d ms (%d join attempts failed and were retried)", converge.Milliseconds(), c.joinFailures.Load())
	} else {
		soakLog("soak: did not converge within %s (%d join attempts failed)", o.joinTimeout, c.joinFailures.Load())
	}

	samples := 0
	t0 := time.Now()
	end := t0.Add(o.duration)
	for due := t0; ; {
		time.Sleep(time.Until(due))
		t := time.Since(t0).Seconds()
		s := c.sample(t, t >= o.settle.Seconds())
		line, err := soakLine(s)
		if err != nil {
			return err
		}
		if _, err := jsonl.Write(line); err != nil {
			return err
		}
		if err := jsonl.Flush(); err != nil {
			return err
		}
		samples++
		soakLog("soak: t=%.0fs heap=%.1fMB gc=%.1fms threads=%v goroutines=%v fds=%v members_min=%v bq=%v suspicions=%v false_deaths=%v load=%v",
			t, float64(s["heap_after_gc_bytes"].(uint64))/1e6, s["gc_ms"], s["threads"], s["goroutines"], s["fds"],
			s["members_min"], s["broadcast_queue_total"], s["suspicions"], s["false_deaths"], s["load1"])
		if due.Add(o.sample).After(end) {
			break
		}
		// A sample that overran a period skips the slots it missed, as the Java soak.
		late := time.Since(due)
		due = due.Add(o.sample * time.Duration(max(1, int64(late/o.sample)+1)))
		if due.After(end) {
			due = end
		}
	}
	if sink.seen.Load() == 0 {
		soakLog("soak: the library reported no metrics to the hashicorp/go-metrics sink (memberlist %s): suspicions, degraded_timeouts and broadcast_queue_metric_max left out", libVersion())
	}

	c.mu.Lock()
	deaths := append([]soakDeath(nil), c.deaths...)
	c.mu.Unlock()
	summary := map[string]interface{}{
		"impl": "go", "build": buildInfo(), "n": o.n, "preset": o.preset, "loss": o.loss, "seed": o.seed,
		"duration_s": o.duration.Seconds(), "settle_s": o.settle.Seconds(), "sample_s": o.sample.Seconds(),
		"join_timeout_s": o.joinTimeout.Seconds(), "gomaxprocs": runtime.GOMAXPROCS(0),
		"converged": ok, "converge_ms": nil, "join_failures": c.joinFailures.Load(), "rejoins": c.rejoins.Load(),
		"false_deaths": len(deaths), "false_death_events": deaths, "samples": samples,
		"load_start": loadStart, "load_end": soakLoad1(),
		"started": started.UTC().Format(time.RFC3339), "ended": time.Now().UTC().Format(time.RFC3339),
		"not_measured": []string{"streams_open_total", "streams_pending_total", "streams_waiting_total",
			"stream_buffered_bytes_total", "handoff_queued_total", "handoff_dropped_total", "loop_rtt_max_ms"},
	}
	if ok {
		summary["converge_ms"] = converge.Milliseconds()
	}
	if len(deaths) > 1000 {
		summary["false_death_events"] = deaths[:1000]
	}
	b, err := json.MarshalIndent(summary, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(o.out, "summary.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	soakLog("soak: wrote %s (%d samples) and summary.json; %d false deaths, %d rejoins",
		filepath.Join(o.out, "soak.jsonl"), samples, len(deaths), c.rejoins.Load())
	if !ok {
		return fmt.Errorf("cluster did not converge within %s", o.joinTimeout)
	}
	return nil
}
