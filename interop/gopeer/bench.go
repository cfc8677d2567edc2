package main

// `gopeer bench`: the Go side of the whole-cluster benchmarks. Every result is
// printed as one JSON line on stdout.

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// processCPU is the user + system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type benchOpts struct {
	n        int
	preset   string
	timeout  time.Duration
	idle     time.Duration
	compress bool
	keys     [][]byte
}

type benchCluster struct {
	o     benchOpts
	nodes []*gnode
	alive []bool
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
	compress := fs.Bool("compress", false, "EnableCompression")
	var keys listFlag
	fs.Var(&keys, "key", "base64 key (repeatable, first primary)")
	fs.Parse(args[1:])
	if *n < 2 || *n > 4096 {
		return fmt.Errorf("-n must be 2..4096")
	}
	o := benchOpts{n: *n, preset: *preset, timeout: *timeout, idle: *idle, compress: *compress}
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
	emitJSON(conv)
	if conv["converged"] != true {
		return fmt.Errorf("cluster did not converge within %s", o.timeout)
	}
	switch mode {
	case "converge":
	case "idle":
		emitJSON(c.idleBytes())
	case "crash":
		emitJSON(c.removeOne(false))
	case "leave":
		emitJSON(c.removeOne(true))
	case "all":
		emitJSON(c.idleBytes())
		emitJSON(c.removeOne(false))
		emitJSON(c.removeOne(true))
	default:
		return fmt.Errorf("unknown bench mode %q", mode)
	}
	return nil
}

func (c *benchCluster) start() error {
	for i := 0; i < c.o.n; i++ {
		g, err := startNode(nodeOpts{name: fmt.Sprintf("go-%d", i), preset: c.o.preset,
			keys: c.o.keys, compress: c.o.compress})
		if err != nil {
			return fmt.Errorf("start node %d: %v", i, err)
		}
		c.nodes = append(c.nodes, g)
		c.alive = append(c.alive, true)
	}
	return nil
}

func (c *benchCluster) shutdown() {
	for i, g := range c.nodes {
		if c.alive[i] {
			g.ml.Shutdown()
		}
		g.tr.Shutdown()
	}
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
	total := n * (n - 1)
	var t99, tAll time.Duration
	got99 := false
	verbose := os.Getenv("GOPEER_BENCH_VERBOSE") != ""
	lastLog := time.Now()
	ok := waitFor(c.o.timeout, func() bool {
		if verbose && time.Since(lastLog) > time.Second {
			lastLog = time.Now()
			short, st := 0, map[string]int{}
			for _, g := range c.nodes {
				if g.ml.NumMembers() != n {
					short++
				}
				for _, m := range allMembers(g.ml) {
					st[m.State]++
				}
			}
			fmt.Fprintf(os.Stderr, "t=%.1fs nodes-not-full=%d states=%v\n", time.Since(start).Seconds(), short, st)
		}
		known, full := 0, true
		for _, g := range c.nodes {
			k := len(g.ml.Members()) - 1
			known += k
			if g.ml.NumMembers() != n {
				full = false
			}
		}
		if !got99 && float64(known) >= 0.99*float64(total) {
			got99, t99 = true, time.Since(start)
		}
		if full {
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
		if !c.alive[i] {
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
		"window_s": el, "bytes_per_s_per_node": float64(sum) / el / float64(live),
		"max_bytes_per_s_node": max, "packets_per_s_per_node": float64(psum) / el / float64(live),
		"cpu_ms_per_s_per_node": ms(cpu) / el / float64(live)}
}

// removeOne crashes (Shutdown) or gracefully removes (Leave then Shutdown)
// the last live node and waits until every other live node stops listing it
// among its members (it is dead or left in their view).
func (c *benchCluster) removeOne(leave bool) map[string]interface{} {
	victim := -1
	for i := len(c.nodes) - 1; i > 0; i-- {
		if c.alive[i] {
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
	start := time.Now()
	if leave {
		if err := v.ml.Leave(c.o.timeout); err != nil {
			res["leave_error"] = err.Error()
		}
		res["leave_call_ms"] = ms(time.Since(start))
	}
	v.ml.Shutdown()
	c.alive[victim] = false
	live := 0
	for i := range c.nodes {
		if c.alive[i] {
			live++
		}
	}
	res["n"] = live + 1
	ok := waitFor(c.o.timeout, func() bool {
		for i, g := range c.nodes {
			if !c.alive[i] {
				continue
			}
			for _, m := range g.ml.Members() {
				if m.Name == v.name {
					return false
				}
			}
		}
		return true
	})
	res["detected"] = ok
	if ok {
		res["t_all_ms"] = ms(time.Since(start))
		states := map[string]int{}
		for i, g := range c.nodes {
			if c.alive[i] {
				states[stateOf(g.ml, v.name)]++
			}
		}
		res["final_states"] = states
	} else {
		res["t_all_ms"] = nil
	}
	return res
}
