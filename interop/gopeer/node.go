package main

// `gopeer node`: one or more Go memberlist nodes driven by line-based JSON.
// Events go to stdout (one JSON object per line), commands come on stdin.

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/memberlist"
)

type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// emitter serialises JSON lines to stdout from a single goroutine.
type emitter struct {
	ch   chan []byte
	done chan struct{}
}

func newEmitter() *emitter {
	e := &emitter{ch: make(chan []byte, 65536), done: make(chan struct{})}
	go func() {
		w := bufio.NewWriter(os.Stdout)
		for b := range e.ch {
			w.Write(b)
			w.WriteByte('\n')
			if len(e.ch) == 0 {
				w.Flush()
			}
		}
		w.Flush()
		close(e.done)
	}()
	return e
}

func (e *emitter) emit(v interface{}) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"event": "error", "error": err.Error()})
	}
	e.ch <- b
}

func (e *emitter) close() {
	close(e.ch)
	select {
	case <-e.done:
	case <-time.After(2 * time.Second):
	}
}

type nodeHost struct {
	mu    sync.Mutex
	out   *emitter
	nodes []*gnode
	down  []bool
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// inlineLimit: byte strings up to this size are put into events as text and
// base64; larger ones only by length and SHA-256.
const inlineLimit = 4096

// maxPatternSize bounds set_state's generated user state (Go's own reader
// limit for push/pull user state is 20 MiB in newer releases).
const maxPatternSize = 16 << 20

// describeBytes adds NAME_len, NAME_sha256 and (when small) NAME and NAME_b64.
func describeBytes(ev map[string]interface{}, name string, b []byte) {
	ev[name+"_len"] = len(b)
	ev[name+"_sha256"] = sha256Hex(b)
	if len(b) <= inlineLimit {
		ev[name] = string(b)
		ev[name+"_b64"] = b64(b)
	}
}

// patternBytes is the deterministic test content both sides can generate:
// byte i = (i*31 + seed*7 + i/251) mod 256.
func patternBytes(n, seed int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31 + seed*7 + i/251)
	}
	return b
}

func nodeEvent(kind, self string, n *memberlist.Node) map[string]interface{} {
	return map[string]interface{}{"event": kind, "self": self, "node": n.Name,
		"addr": n.Addr.String(), "port": n.Port, "meta": string(n.Meta)}
}

func runNode(args []string) error {
	fs := flag.NewFlagSet("node", flag.ExitOnError)
	name := fs.String("name", "go", "node name (prefix when -count > 1: NAME-0, NAME-1, ...)")
	count := fs.Int("count", 1, "number of nodes in this process")
	bind := fs.String("bind", "127.0.0.1", "bind address")
	port := fs.Int("port", 0, "port (0 = auto; with -count > 1 node i uses port+i)")
	var joins, keys listFlag
	fs.Var(&joins, "join", "address host:port to join (repeatable or comma list)")
	fs.Var(&keys, "key", "base64 encryption key (repeatable; the first is primary)")
	compress := fs.Bool("compress", false, "EnableCompression")
	preset := fs.String("preset", "local", "config preset: local | lan")
	meta := fs.String("meta", "", "node metadata text")
	state := fs.String("state", "", "initial user state (LocalState) text")
	label := fs.String("label", "", "Config.Label (memberlist v0.3.0+)")
	skipLabel := fs.Bool("skip-label-check", false, "Config.SkipInboundLabelCheck (memberlist v0.3.0+)")
	var cidrList listFlag
	fs.Var(&cidrList, "cidrs", "Config.CIDRsAllowed entries (repeatable or comma list; default allow all)")
	requireNames := fs.Bool("require-node-names", false, "Config.RequireNodeNames")
	watchMs := fs.Int("watch-ms", 0, "emit a state event per member state change, sampling every N ms (0 = off)")
	fs.Parse(args)
	var cidrs []net.IPNet
	if len(cidrList) > 0 {
		var err error
		if cidrs, err = memberlist.ParseCIDRs(cidrList); err != nil {
			return fmt.Errorf("bad -cidrs: %v", err)
		}
	}
	if *count < 1 || *count > 4096 {
		return fmt.Errorf("-count must be 1..4096")
	}
	var keyBytes [][]byte
	for _, k := range keys {
		b, err := base64.StdEncoding.DecodeString(k)
		if err != nil {
			return fmt.Errorf("bad -key: %v", err)
		}
		keyBytes = append(keyBytes, b)
	}
	h := &nodeHost{out: newEmitter()}
	defer h.out.close()
	for i := 0; i < *count; i++ {
		nm := *name
		if *count > 1 {
			nm = fmt.Sprintf("%s-%d", *name, i)
		}
		p := 0
		if *port != 0 {
			p = *port + i
		}
		var m []byte
		if *meta != "" {
			m = []byte(*meta)
		}
		var st []byte
		if *state != "" {
			st = []byte(*state)
		}
		self := nm
		ev := &eventFuncs{
			join:   func(n *memberlist.Node) { h.out.emit(nodeEvent("join", self, n)) },
			leave:  func(n *memberlist.Node) { h.out.emit(nodeEvent("leave", self, n)) },
			update: func(n *memberlist.Node) { h.out.emit(nodeEvent("update", self, n)) },
		}
		g, err := startNode(nodeOpts{name: nm, bind: *bind, port: p, preset: *preset, keys: keyBytes,
			compress: *compress, meta: m, state: st, events: ev, emptyKeyring: true,
			label: *label, skipLabelCheck: *skipLabel, cidrs: cidrs, requireNodeNames: *requireNames})
		if err != nil {
			h.shutdownAll()
			return fmt.Errorf("start %s: %v", nm, err)
		}
		g.del.mu.Lock()
		g.del.onMsg = func(b []byte) {
			ev := map[string]interface{}{"event": "user_msg", "self": self}
			describeBytes(ev, "payload", b)
			h.out.emit(ev)
		}
		g.del.onMerge = func(b []byte, join bool) {
			ev := map[string]interface{}{"event": "remote_state", "self": self, "join": join}
			describeBytes(ev, "state", b)
			h.out.emit(ev)
		}
		g.del.mu.Unlock()
		h.nodes = append(h.nodes, g)
		h.down = append(h.down, false)
	}
	for i, g := range h.nodes {
		target := []string(joins)
		if len(target) == 0 && i > 0 {
			target = []string{h.nodes[0].addr()}
		}
		ready := map[string]interface{}{"event": "ready", "index": i, "name": g.name,
			"addr": g.ml.LocalNode().Addr.String(), "port": g.ml.LocalNode().Port, "build": buildInfo()}
		if len(target) > 0 {
			n, err := g.ml.Join(target)
			ready["joined"] = n
			if err != nil {
				ready["join_error"] = err.Error()
			}
		}
		h.out.emit(ready)
	}
	stopWatch := make(chan struct{})
	if *watchMs > 0 {
		for _, g := range h.nodes {
			go h.watchStates(g, time.Duration(*watchMs)*time.Millisecond, stopWatch)
		}
	}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if h.command(line) {
			break
		}
	}
	close(stopWatch)
	h.shutdownAll()
	return nil
}

func (h *nodeHost) shutdownAll() {
	for i, g := range h.nodes {
		if !h.down[i] {
			g.ml.Shutdown()
			g.tr.Shutdown()
			h.down[i] = true
		}
	}
}

type command struct {
	Cmd       string          `json:"cmd"`
	ID        json.RawMessage `json:"id"`
	Node      json.RawMessage `json:"node"`
	Addrs     []string        `json:"addrs"`
	TimeoutMs int             `json:"timeout_ms"`
	Text      *string         `json:"text"`
	To        string          `json:"to"`
	Payload   string          `json:"payload"`
	PayloadB6 string          `json:"payload_b64"`
	Key       string          `json:"key"`
	Size      int             `json:"size"`
	Seed      int             `json:"seed"`
}

// targets resolves the "node" field: absent -> def (nil = all nodes), a
// number -> that index, a string -> that name or "all".
func (h *nodeHost) targets(raw json.RawMessage, allByDefault bool) ([]int, error) {
	all := func() []int {
		var out []int
		for i := range h.nodes {
			if !h.down[i] {
				out = append(out, i)
			}
		}
		return out
	}
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		if allByDefault {
			return all(), nil
		}
		s = "0"
	}
	if s == `"all"` {
		return all(), nil
	}
	if idx, err := strconv.Atoi(s); err == nil {
		if idx < 0 || idx >= len(h.nodes) {
			return nil, fmt.Errorf("no node %d", idx)
		}
		if h.down[idx] {
			return nil, fmt.Errorf("node %d is shut down", idx)
		}
		return []int{idx}, nil
	}
	var name string
	if err := json.Unmarshal(raw, &name); err == nil {
		for i, g := range h.nodes {
			if g.name == name && !h.down[i] {
				return []int{i}, nil
			}
		}
		return nil, fmt.Errorf("no running local node %q", name)
	}
	return nil, fmt.Errorf("bad node selector %s", s)
}

// command handles one line; returns true to exit.
func (h *nodeHost) command(line string) bool {
	var c command
	reply := map[string]interface{}{}
	if err := json.Unmarshal([]byte(line), &c); err != nil {
		h.out.emit(map[string]interface{}{"reply": "error", "ok": false, "error": "bad json: " + err.Error()})
		return false
	}
	reply["reply"] = c.Cmd
	if len(c.ID) > 0 {
		reply["id"] = c.ID
	} else {
		reply["id"] = nil
	}
	exit, err := h.exec(&c, reply)
	if err != nil {
		reply["ok"] = false
		reply["error"] = err.Error()
	} else {
		reply["ok"] = true
	}
	h.out.emit(reply)
	return exit
}

func (h *nodeHost) findMember(g *gnode, name string) *memberlist.Node {
	for _, n := range g.ml.Members() {
		if n.Name == name {
			return n
		}
	}
	return nil
}

func (h *nodeHost) payload(c *command) []byte {
	if c.PayloadB6 != "" {
		if b, err := base64.StdEncoding.DecodeString(c.PayloadB6); err == nil {
			return b
		}
	}
	return []byte(c.Payload)
}

func (h *nodeHost) exec(c *command, reply map[string]interface{}) (bool, error) {
	allDefault := map[string]bool{"members": true, "join": true, "leave": true, "shutdown": true,
		"set_state": true, "add_key": true, "use_key": true, "remove_key": true, "update_meta": true}
	if c.Cmd == "exit" {
		return true, nil
	}
	idx, err := h.targets(c.Node, allDefault[c.Cmd])
	if err != nil {
		return false, err
	}
	var key []byte
	if strings.HasSuffix(c.Cmd, "_key") {
		if key, err = base64.StdEncoding.DecodeString(c.Key); err != nil {
			return false, fmt.Errorf("bad key: %v", err)
		}
	}
	switch c.Cmd {
	case "members":
		var res []interface{}
		for _, i := range idx {
			g := h.nodes[i]
			res = append(res, map[string]interface{}{"self": g.name, "index": i, "members": allMembers(g.ml),
				"num_members": g.ml.NumMembers()})
		}
		reply["nodes"] = res
	case "join":
		joined := map[string]int{}
		var errs []string
		for _, i := range idx {
			n, err := h.nodes[i].ml.Join(c.Addrs)
			joined[h.nodes[i].name] = n
			if err != nil {
				errs = append(errs, h.nodes[i].name+": "+err.Error())
			}
		}
		reply["joined"] = joined
		if len(errs) > 0 {
			return false, fmt.Errorf("%s", strings.Join(errs, "; "))
		}
	case "leave":
		t := time.Duration(c.TimeoutMs) * time.Millisecond
		if t <= 0 {
			t = time.Second
		}
		for _, i := range idx {
			if err := h.nodes[i].ml.Leave(t); err != nil {
				return false, err
			}
		}
	case "shutdown":
		for _, i := range idx {
			h.nodes[i].ml.Shutdown()
			h.nodes[i].tr.Shutdown()
			h.down[i] = true
		}
	case "update_meta":
		if c.Text == nil {
			return false, fmt.Errorf("text required")
		}
		for _, i := range idx {
			h.nodes[i].del.setMeta([]byte(*c.Text))
			if err := h.nodes[i].ml.UpdateNode(2 * time.Second); err != nil {
				return false, err
			}
		}
	case "broadcast":
		if c.Text == nil {
			return false, fmt.Errorf("text required")
		}
		for _, i := range idx {
			h.nodes[i].del.queue.QueueBroadcast(simpleBroadcast(*c.Text))
		}
	case "send_best_effort", "send_reliable":
		for _, i := range idx {
			g := h.nodes[i]
			n := h.findMember(g, c.To)
			if n == nil {
				return false, fmt.Errorf("%s does not know member %q", g.name, c.To)
			}
			var err error
			if c.Cmd == "send_reliable" {
				err = g.ml.SendReliable(n, h.payload(c))
			} else {
				err = g.ml.SendBestEffort(n, h.payload(c))
			}
			if err != nil {
				return false, err
			}
		}
	case "set_state":
		var st []byte
		switch {
		case c.Text != nil:
			st = []byte(*c.Text)
		case c.Size > 0 && c.Size <= maxPatternSize:
			st = patternBytes(c.Size, c.Seed)
		default:
			return false, fmt.Errorf("text or size 1..%d required", maxPatternSize)
		}
		for _, i := range idx {
			h.nodes[i].del.setState(st)
		}
		reply["state_len"] = len(st)
		reply["state_sha256"] = sha256Hex(st)
	case "keys":
		g := h.nodes[idx[0]]
		kr := g.kr
		var ks []string
		if kr != nil {
			for _, k := range kr.GetKeys() {
				ks = append(ks, b64(k))
			}
		}
		reply["keys"] = ks
	case "add_key", "use_key", "remove_key":
		for _, i := range idx {
			kr := h.nodes[i].kr
			if kr == nil {
				return false, fmt.Errorf("%s has no keyring", h.nodes[i].name)
			}
			var err error
			switch c.Cmd {
			case "add_key":
				err = kr.AddKey(key)
			case "use_key":
				err = kr.UseKey(key)
			default:
				err = kr.RemoveKey(key)
			}
			if err != nil {
				return false, err
			}
		}
	default:
		return false, fmt.Errorf("unknown command %q", c.Cmd)
	}
	return false, nil
}
