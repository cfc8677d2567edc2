package main

// `gopeer membench`: what N Go memberlist nodes cost in memory in one
// process, the Go side of MemoryBench (memberlist-bench). Same phases and
// the same JSON fields: baseline (no node), started (N nodes, each alone),
// idle (all converged, then a settle delay and an idle window), each after a
// forced GC. Joins go to node 0, at most -join-parallel at a time, a refused
// one retried: this measures memory, not the join stampede.

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// procStatus reads the numeric fields of /proc/self/status (kB values
// without their unit).
func procStatus() map[string]int64 {
	m := map[string]int64{}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return m
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
		if x, err := strconv.ParseInt(v, 10, 64); err == nil {
			m[k] = x
		}
	}
	return m
}

func fdCount() int {
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(es)
}

func mb(b uint64) float64 { return float64(b) / 1024 / 1024 }

// liveHeap forces collections and returns the heap the last one marked live
// (runtime/metrics /gc/heap/live:bytes: what HeapAlloc would read a moment
// later also counts what the running nodes allocated since).
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	debug.FreeOSMemory()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		return s[0].Value.Uint64()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func memSnapshot(live uint64) map[string]interface{} {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st := procStatus()
	return map[string]interface{}{
		"live_heap_mb": mb(live),
		"heap_sys_mb":  mb(ms.HeapSys),
		"go_sys_mb":    mb(ms.Sys),
		"stack_sys_mb": mb(ms.StackSys),
		"goroutines":   runtime.NumGoroutine(),
		"rss_kb":       st["VmRSS"],
		"rss_peak_kb":  st["VmHWM"],
		"os_threads":   st["Threads"],
		"fds":          fdCount(),
	}
}

func runMemBench(args []string) error {
	fs := flag.NewFlagSet("membench", flag.ExitOnError)
	n := fs.Int("n", 256, "number of nodes")
	preset := fs.String("preset", "local", "local | lan")
	parallel := fs.Int("join-parallel", 16, "joins in flight at once")
	timeout := fs.Duration("timeout", 300*time.Second, "bound for convergence")
	settle := fs.Duration("settle", 10*time.Second, "wait after convergence")
	idle := fs.Duration("idle", 20*time.Second, "idle window before the last measurement")
	compress := fs.Bool("compress", false, "EnableCompression")
	fs.Parse(args)
	if *n < 2 || *n > 4096 || *parallel < 1 {
		return fmt.Errorf("-n must be 2..4096 and -join-parallel >= 1")
	}
	res := map[string]interface{}{"bench": "memory", "impl": "go", "n": *n, "preset": *preset, "compress": *compress,
		"go": runtime.Version(), "gomaxprocs": runtime.GOMAXPROCS(0)}
	// Two nodes that join and leave first, as on the Java side.
	warmA, err := startNode(nodeOpts{name: "warm-a", preset: *preset, compress: *compress})
	if err != nil {
		return err
	}
	warmB, err := startNode(nodeOpts{name: "warm-b", preset: *preset, compress: *compress})
	if err != nil {
		return err
	}
	if _, err := warmB.ml.Join([]string{warmA.addr()}); err != nil {
		return err
	}
	for _, w := range []*gnode{warmB, warmA} {
		w.ml.Shutdown()
		w.tr.Shutdown()
	}
	base := liveHeap()
	baseline := memSnapshot(base)

	// No shutdown at the end: the process exits after printing. (A 0.2.2 node
	// that did not converge can block in Shutdown, see gopeer bench.)
	c := &benchCluster{o: benchOpts{n: *n, preset: *preset, timeout: *timeout, compress: *compress}}
	t0 := time.Now()
	if err := c.start(); err != nil {
		return err
	}
	res["start_ms"] = ms(time.Since(t0))
	started := liveHeap()
	afterStart := memSnapshot(started)

	t0 = time.Now()
	seed := c.nodes[0].addr()
	var retries, failures int32
	sem := make(chan struct{}, *parallel)
	var wg sync.WaitGroup
	for _, g := range c.nodes[1:] {
		wg.Add(1)
		sem <- struct{}{}
		go func(g *gnode) {
			defer wg.Done()
			defer func() { <-sem }()
			for attempt := 0; ; attempt++ {
				if _, err := g.ml.Join([]string{seed}); err == nil {
					return
				}
				if attempt >= 19 {
					atomic.AddInt32(&failures, 1)
					return
				}
				atomic.AddInt32(&retries, 1)
				time.Sleep(100 * time.Millisecond)
			}
		}(g)
	}
	wg.Wait()
	converged := func() bool {
		for _, g := range c.nodes {
			if g.ml.NumMembers() != *n {
				return false
			}
		}
		return true
	}
	ok := waitFor(*timeout, converged)
	res["converged"] = ok
	if ok {
		res["converge_ms"] = ms(time.Since(t0))
	} else {
		res["converge_ms"] = nil
		known := 0
		for _, g := range c.nodes {
			known += g.ml.NumMembers() - 1
		}
		res["known"] = known
	}
	res["join_retries"] = retries
	res["join_failures"] = failures
	time.Sleep(*settle)
	cpu0 := processCPU()
	w0 := time.Now()
	time.Sleep(*idle)
	window := time.Since(w0).Seconds()
	res["idle_cpu_ms_per_s_per_node"] = ms(processCPU()-cpu0) / window / float64(*n)
	res["still_converged"] = converged()
	live := liveHeap()
	afterIdle := memSnapshot(live)

	nn := float64(*n)
	res["live_heap_per_node_bytes"] = (int64(live) - int64(base)) / int64(*n)
	res["node_fixed_bytes"] = (int64(started) - int64(base)) / int64(*n)
	res["member_entry_bytes"] = float64(int64(live)-int64(started)) / (nn * (nn - 1))
	rss := afterIdle["rss_kb"].(int64)
	res["rss_per_node_mb"] = float64(rss) / 1024 / nn
	res["rss_peak_per_node_mb"] = float64(afterIdle["rss_peak_kb"].(int64)) / 1024 / nn
	res["rss_above_baseline_per_node_mb"] = float64(rss-baseline["rss_kb"].(int64)) / 1024 / nn
	res["baseline"] = baseline
	res["started"] = afterStart
	res["idle"] = afterIdle
	emitJSON(res)
	if !ok {
		return fmt.Errorf("cluster did not converge within %s", *timeout)
	}
	return nil
}
