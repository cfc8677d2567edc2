// Command gopeer is the Go reference peer for memberlist-for-the-JVM: it
// records golden vectors, runs interop nodes and runs the Go side of the
// cluster benchmarks. It builds against several memberlist releases (see
// README.md); `gopeer version` prints which one.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func usage() {
	fmt.Fprintln(os.Stderr, `usage:
  gopeer record -out DIR [-scenarios a,b]
  gopeer node [flags]            (line-based JSON on stdin/stdout)
  gopeer bench converge|crash|leave|idle|all [flags]
  gopeer enginebench [-time 2s] [-procs 1] [-bench a,b]   (engine benchmarks, JSON lines)
  gopeer membench [-n 256] [-join-parallel 16] [-settle 10s] [-idle 20s]   (memory per node, one JSON line)
  gopeer soak [-n 200] [-duration 30m] [-loss 0.01] [-out DIR]   (long run with loss, OUT/soak.jsonl; v0.5+ builds)
  gopeer version                 (build information as JSON)`)
	os.Exit(2)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "record":
		err = runRecord(os.Args[2:])
	case "node":
		err = runNode(os.Args[2:])
	case "bench":
		err = runBench(os.Args[2:])
	case "enginebench":
		err = runEngineBench(os.Args[2:])
	case "membench":
		err = runMemBench(os.Args[2:])
	case "soak":
		err = runSoak(os.Args[2:])
	case "version":
		err = json.NewEncoder(os.Stdout).Encode(buildInfo())
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gopeer:", err)
		os.Exit(1)
	}
}
