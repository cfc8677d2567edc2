package main

// `gopeer bench`: the Go side of the whole-cluster benchmarks. Every result is
// printed as one JSON line on stdout.

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hashicorp/memberlist"
)

// processCPU is the user + system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverages is the 1, 5 and 15 minute load average, or nil.
func loadAverages() []float64 {
	b, err := ioutil.ReadFile("/proc/loadavg")
	if err != nil {
		return nil
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return nil
	}
	out := make([]float64, 0, 3)
	for _, x := range f[:3] {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// statusMB reads a kB field of /proc/self/status ("VmRSS", "VmHWM") as MB, or nil.
func statusMB(field string) interface{} {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, field+":") {
			fs := strings.Fields(line[len(field)+1:])
			if len(fs) == 0 {
				return nil
			}
			kb, err := strconv.ParseFloat(fs[0], 64)
			if err != nil {
				return nil
			}
			return float64(int64(kb/102.4+0.5)) / 10
		}
	}
	return nil
}

// stamp adds the load averages and this process's RSS (now and peak) to a result,
// as the Java side does, so no figure is read without the load it was measured under.
func stamp(res map[string]interface{}) map[string]interface{} {
	res["load"] = loadAverages()
	res["rss_mb"] = statusMB("VmRSS")
	res["peak_rss_mb"] = statusMB("VmHWM")
	return res
}

type benchOpts struct {
	n        int
	preset   string
	timeout  time.Duration
	idle     time.Duration
	settle   time.Duration
	sample   time.Duration
	compress bool
	keys     [][]byte
}

// benchCluster follows membership through each node's join and leave events (a
// count per node), never by reading the member lists: copying 1,024 lists of
// 1,024 members every 20 ms competes with the cluster being timed.
type benchCluster struct {
	o       benchOpts
	nodes   []*gnode
	alive   []int32 // 1 while the node runs (atomic: read by event callbacks)
	members []int32 // members each node lists, itself included (atomic)
	full    int32   // nodes that list all n (atomic)
	known   int64   // sum over nodes of members-1 (atomic)

	mu          sync.Mutex
	victim      string              // the member being removed, "" outside crash/leave
	left        []map[string]bool   // per node: members it saw leave (and not rejoin)
	falseDeaths map[string]bool     // observer>subject leave events about live members
}

func (c *benchCluster) isAlive(i int) bool { return atomic.LoadInt32(&c.alive[i]) == 1 }

func (c *benchCluster) onJoin(i int, self string, n *memberlist.Node) {
	if n.Name == self {
		return
	}
	c.mu.Lock()
	delete(c.left[i], n.Name)
	c.mu.Unlock()
	if atomic.AddInt32(&c.members[i], 1) == int32(c.o.n) {
		atomic.AddInt32(&c.full, 1)
	}
	atomic.AddInt64(&c.known, 1)
}

func (c *benchCluster) onLeave(i int, self string, n *memberlist.Node) {
	if n.Name == self {
		return
	}
	c.mu.Lock()
	c.left[i][n.Name] = true
	if c.victim != "" && n.Name != c.victim && c.isAlive(i) {
		c.falseDeaths[self+">"+n.Name] = true
	}
	c.mu.Unlock()
	if atomic.AddInt32(&c.members[i], -1) == int32(c.o.n-1) {
		atomic.AddInt32(&c.full, -1)
	}
	atomic.AddInt64(&c.known, -1)
}

func emitJSON(v interface{}) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func runBench(args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("bench needs a mode: converge | crash | leave | idle | all")
	}
	mode := args[0]
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	n := fs.Int("n", 64, "number of nodes")
	preset := fs.String("preset", "local", "local | lan")
	timeout := fs.Duration("timeout", 180*time.Second, "bound for each wait")
	idle := fs.Duration("idle", 10*time.Second, "idle traffic measurement window")
	settle := fs.Duration("settle", 0, "wait before the idle window (steady state)")
	sample := fs.Duration("sample", 500*time.Millisecond, "crash phase: suspect-state sampling period (0: off)")
	compress := fs.Bool("compress", false, "EnableCompression")
	var keys listFlag
	fs.Var(&keys, "key", "base64 key (repeatable, first primary)")
	fs.Parse(args[1:])
	if *n < 2 || *n > 4096 {
		return fmt.Errorf("-n must be 2..4096")
	}
	o := benchOpts{n: *n, preset: *preset, timeout: *timeout, idle: *idle, settle: *settle,
		sample: *sample, compress: *compress}
	for _, k := range keys {
		b, err := base64.StdEncoding.DecodeString(k)
		if err != nil {
			return err
		}
		o.keys = append(o.keys, b)
	}
	c := &benchCluster{o: o}
	defer c.shutdown()
	if err := c.start(); err != nil {
		return err
	}
	conv := c.converge()
	emitJSON(stamp(conv))
	if conv["converged"] != true {
		return fmt.Errorf("cluster did not converge within %s", o.timeout)
	}
	switch mode {
	case "converge":
	case "idle":
		emitJSON(stamp(c.idleBytes()))
	case "crash":
		emitJSON(stamp(c.removeOne(false)))
	case "leave":
		emitJSON(stamp(c.removeOne(true)))
	case "all":
		emitJSON(stamp(c.idleBytes()))
		emitJSON(stamp(c.removeOne(false)))
		emitJSON(stamp(c.removeOne(true)))
	default:
		return fmt.Errorf("unknown bench mode %q", mode)
	}
	return nil
}

func (c *benchCluster) start() error {
	c.alive = make([]int32, c.o.n)
	c.members = make([]int32, c.o.n)
	c.left = make([]map[string]bool, c.o.n)
	c.falseDeaths = map[string]bool{}
	for i := 0; i < c.o.n; i++ {
		i, name := i, fmt.Sprintf("go-%d", i)
		c.alive[i], c.members[i], c.left[i] = 1, 1, map[string]bool{}
		ev := &eventFuncs{
			join:  func(n *memberlist.Node) { c.onJoin(i, name, n) },
			leave: func(n *memberlist.Node) { c.onLeave(i, name, n) },
		}
		g, err := startNode(nodeOpts{name: name, preset: c.o.preset,
			keys: c.o.keys, compress: c.o.compress, events: ev})
		if err != nil {
			return fmt.Errorf("start node %d: %v", i, err)
		}
		c.nodes = append(c.nodes, g)
	}
	return nil
}

// shutdown stops every node at once. One after the other, a 512-node cluster
// that had not converged took minutes: each transport's Shutdown waits for its
// UDP reader goroutine to be scheduled among thousands of busy ones.
func (c *benchCluster) shutdown() {
	var wg sync.WaitGroup
	for i, g := range c.nodes {
		wg.Add(1)
		go func(i int, g *gnode) {
			defer wg.Done()
			if i < len(c.alive) && c.isAlive(i) {
				g.ml.Shutdown()
			}
			g.tr.Shutdown()
		}(i, g)
	}
	wg.Wait()
}

// converge: every node but the first joins the first one at the same time.
func (c *benchCluster) converge() map[string]interface{} {
	n := c.o.n
	seed := c.nodes[0].addr()
	var joinErrs int32
	start := time.Now()
	var wg sync.WaitGroup
	for _, g := range c.nodes[1:] {
		wg.Add(1)
		go func(g *gnode) {
			defer wg.Done()
			if _, err := g.ml.Join([]string{seed}); err != nil {
				atomic.AddInt32(&joinErrs, 1)
			}
		}(g)
	}
	total := int64(n) * int64(n-1)
	var t99, tAll time.Duration
	got99 := false
	verbose := os.Getenv("GOPEER_BENCH_VERBOSE") != ""
	lastLog := time.Now()
	ok := waitFor(c.o.timeout, func() bool {
		known := atomic.LoadInt64(&c.known)
		full := atomic.LoadInt32(&c.full)
		if verbose && time.Since(lastLog) > time.Second {
			lastLog = time.Now()
			fmt.Fprintf(os.Stderr, "t=%.1fs nodes-not-full=%d known=%d/%d join-errors=%d\n",
				time.Since(start).Seconds(), int32(n)-full, known, total, atomic.LoadInt32(&joinErrs))
		}
		if !got99 && float64(known) >= 0.99*float64(total) {
			got99, t99 = true, time.Since(start)
		}
		if full == int32(n) {
			tAll = time.Since(start)
			return true
		}
		return false
	})
	wg.Wait()
	res := map[string]interface{}{"bench": "converge", "impl": "go", "n": n, "preset": c.o.preset,
		"converged": ok, "join_errors": joinErrs, "t99_ms": nil, "t_all_ms": nil}
	if got99 {
		res["t99_ms"] = ms(t99)
	}
	if ok {
		res["t_all_ms"] = ms(tAll)
	}
	return res
}

func (c *benchCluster) idleBytes() map[string]interface{} {
	time.Sleep(c.o.settle)
	before := make([]uint64, len(c.nodes))
	pbefore := make([]uint64, len(c.nodes))
	for i, g := range c.nodes {
		before[i] = atomic.LoadUint64(&g.tr.bytesOut)
		pbefore[i] = atomic.LoadUint64(&g.tr.pktsOut)
	}
	cpu0 := processCPU()
	start := time.Now()
	time.Sleep(c.o.idle)
	el := time.Since(start).Seconds()
	cpu := processCPU() - cpu0
	var sum, psum uint64
	var max float64
	live := 0
	for i, g := range c.nodes {
		if !c.isAlive(i) {
			continue
		}
		live++
		d := atomic.LoadUint64(&g.tr.bytesOut) - before[i]
		sum += d
		psum += atomic.LoadUint64(&g.tr.pktsOut) - pbefore[i]
		if r := float64(d) / el; r > max {
			max = r
		}
	}
	return map[string]interface{}{"bench": "idle", "impl": "go", "n": live, "preset": c.o.preset,
		"settle_s": c.o.settle.Seconds(), "window_s": el, "bytes_per_s_per_node": float64(sum) / el / float64(live),
		"max_bytes_per_s_node": max, "packets_per_s_per_node": float64(psum) / el / float64(live),
		"cpu_ms_per_s_per_node": ms(cpu) / el / float64(live)}
}

// removeOne crashes (Shutdown) or gracefully removes (Leave then Shutdown)
// the last live node and waits until every other live node has seen it leave
// (it is dead or left in their view). A crash also reports false suspicions
// (live members some live node held suspect, sampled every -sample) and false
// deaths (leave events about live members).
func (c *benchCluster) removeOne(leave bool) map[string]interface{} {
	victim := -1
	for i := len(c.nodes) - 1; i > 0; i-- {
		if c.isAlive(i) {
			victim = i
			break
		}
	}
	kind := "crash"
	if leave {
		kind = "leave"
	}
	res := map[string]interface{}{"bench": kind, "impl": "go", "preset": c.o.preset}
	if victim < 0 {
		res["error"] = "no node left to remove"
		return res
	}
	v := c.nodes[victim]
	c.mu.Lock()
	c.victim = v.name
	c.falseDeaths = map[string]bool{}
	c.mu.Unlock()
	suspects := map[string]bool{}
	start := time.Now()
	if leave {
		if err := v.ml.Leave(c.o.timeout); err != nil {
			res["leave_error"] = err.Error()
		}
		res["leave_call_ms"] = ms(time.Since(start))
	}
	atomic.StoreInt32(&c.alive[victim], 0)
	v.ml.Shutdown()
	live := 0
	for i := range c.nodes {
		if c.isAlive(i) {
			live++
		}
	}
	res["n"] = live + 1
	nextSample := time.Now()
	ok := waitFor(c.o.timeout, func() bool {
		if !leave && c.o.sample > 0 && !time.Now().Before(nextSample) {
			c.sampleSuspects(v.name, suspects)
			nextSample = time.Now().Add(c.o.sample)
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for i := range c.nodes {
			if c.isAlive(i) && !c.left[i][v.name] {
				return false
			}
		}
		return true
	})
	c.mu.Lock()
	c.victim = ""
	falseDeaths := len(c.falseDeaths)
	c.mu.Unlock()
	res["detected"] = ok
	if ok {
		res["t_all_ms"] = ms(time.Since(start))
		states := map[string]int{}
		for i, g := range c.nodes {
			if c.isAlive(i) {
				states[stateOf(g.ml, v.name)]++
			}
		}
		res["final_states"] = states
	} else {
		res["t_all_ms"] = nil
	}
	if !leave {
		if c.o.sample > 0 {
			res["false_suspicions"] = len(suspects)
		} else {
			res["false_suspicions"] = nil
		}
		res["false_suspicion_sample_ms"] = ms(c.o.sample)
		res["false_deaths"] = falseDeaths
	}
	return res
}

// sampleSuspects adds every observer>subject pair where a live node holds a
// live member (not the victim) suspect.
func (c *benchCluster) sampleSuspects(victim string, out map[string]bool) {
	for i, g := range c.nodes {
		if !c.isAlive(i) {
			continue
		}
		for _, m := range allMembers(g.ml) {
			if m.State == "suspect" && m.Name != victim {
				out[g.name+">"+m.Name] = true
			}
		}
	}
}
