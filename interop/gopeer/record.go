package main

// `gopeer record`: runs small Go clusters through scenarios under several
// configurations and writes every captured packet / stream as golden vectors.

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"
)

const (
	maxRawPackets   = 3000
	maxRawStreams   = 64
	maxStreamBytes  = 256 << 10
	perKeyPacketCap = 6
	perRunStreamCap = 4
)

// perRunPacketCap: packets kept per scenario x configuration (-packets-per-run).
var perRunPacketCap = 40

// fixedKey returns bytes 0x00.. truncated to n (16, 24 or 32).
func fixedKey(n int) []byte {
	k := make([]byte, n)
	for i := range k {
		k[i] = byte(i)
	}
	return k
}

type runConfig struct {
	name     string
	key      []byte
	compress bool
	pv       uint8  // 0 = library default
	label    string // "" = no label (needs a release with labels otherwise)
}

// recordLabel is the label of the labelled configurations.
const recordLabel = "lbl"

var allRecordConfigs = []runConfig{
	{name: "plain"},
	{name: "compress", compress: true},
	{name: "aes128", key: fixedKey(16)},
	{name: "aes192", key: fixedKey(24)},
	{name: "aes256", key: fixedKey(32)},
	{name: "aes128+compress", key: fixedKey(16), compress: true},
	{name: "aes256+compress", key: fixedKey(32), compress: true},
	// protocol version 1 peers encrypt with envelope version 0 (PKCS#7 padded)
	{name: "aes256+pv1", key: fixedKey(32), pv: 1},
	// labelled (memberlist v0.3.0+): label header outside, label as GCM AAD
	{name: "label", label: recordLabel},
	{name: "label+compress", compress: true, label: recordLabel},
	{name: "label+aes256", key: fixedKey(32), label: recordLabel},
	{name: "label+aes128+compress", key: fixedKey(16), compress: true, label: recordLabel},
}

// defaultRecordConfigs: every unlabelled configuration on a release without
// labels; on newer releases a smaller unlabelled set plus the labelled ones.
func defaultRecordConfigs() []string {
	if !supportsLabels {
		return []string{"plain", "compress", "aes128", "aes192", "aes256", "aes128+compress", "aes256+compress", "aes256+pv1"}
	}
	return []string{"plain", "compress", "aes128", "aes256+compress", "aes256+pv1",
		"label", "label+aes256", "label+aes128+compress"}
}

// recordConfigs is the configuration set of this run (set by runRecord).
var recordConfigs []runConfig

func selectConfigs(names []string) ([]runConfig, error) {
	var out []runConfig
	for _, n := range names {
		found := false
		for _, c := range allRecordConfigs {
			if c.name == n {
				if c.label != "" && !supportsLabels {
					return nil, fmt.Errorf("configuration %s needs labels, which %s lacks", n, libVersion())
				}
				out = append(out, c)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown configuration %q", n)
		}
	}
	return out, nil
}

// ---------------- recorder ----------------

type rawPacket struct {
	from, to string
	data     []byte
	dropped  bool
}

type rawStream struct {
	from, to  string
	req, resp []byte
	skip      bool
}

type recorder struct {
	mu        sync.Mutex
	on        bool
	addrNames map[string]string
	labels    map[string]string // node name -> configured label
	packets   []rawPacket
	streams   map[string]*rawStream
	order     []*rawStream
}

func newRecorder() *recorder {
	return &recorder{addrNames: map[string]string{}, labels: map[string]string{}, streams: map[string]*rawStream{}}
}

func (r *recorder) setOn(v bool) {
	r.mu.Lock()
	r.on = v
	r.mu.Unlock()
}

func (r *recorder) register(addr, name string) {
	r.mu.Lock()
	r.addrNames[addr] = name
	r.mu.Unlock()
}

// labelOf is the configured label of a node: what it sends in its label
// headers and uses as AAD (a stream reply is sealed with the dialer's label).
func (r *recorder) labelOf(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.labels[name]
}

func (r *recorder) nameOf(addr string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n, ok := r.addrNames[addr]; ok {
		return n
	}
	return addr
}

func (r *recorder) packet(from, to string, b []byte, dropped bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.on || len(r.packets) >= maxRawPackets {
		return
	}
	r.packets = append(r.packets, rawPacket{from: from, to: to, data: append([]byte(nil), b...), dropped: dropped})
}

// streamWriter returns the callback recording bytes written on one side of
// a stream. key identifies the TCP connection as "dialerAddr>listenerAddr".
func (r *recorder) streamWriter(name, key string, dialer bool, dialAddr string) func([]byte) {
	r.mu.Lock()
	s, ok := r.streams[key]
	if !ok {
		s = &rawStream{skip: !r.on || len(r.order) >= maxRawStreams}
		r.streams[key] = s
		if !s.skip {
			r.order = append(r.order, s)
		}
	}
	if dialer {
		s.from = name
		if s.to == "" {
			s.to = dialAddr
		}
	} else {
		s.to = name
	}
	r.mu.Unlock()
	return func(b []byte) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if s.skip {
			return
		}
		if dialer {
			if len(s.req)+len(b) <= maxStreamBytes {
				s.req = append(s.req, b...)
			}
		} else if len(s.resp)+len(b) <= maxStreamBytes {
			s.resp = append(s.resp, b...)
		}
	}
}

// ---------------- output ----------------

type indexEntry struct {
	File      string                   `json:"file"`
	Kind      string                   `json:"kind"`
	Scenario  string                   `json:"scenario"`
	Config    string                   `json:"config"`
	KeyHex    string                   `json:"keyHex"`
	Label     string                   `json:"label"`
	From      string                   `json:"from"`
	To        string                   `json:"to"`
	Direction string                   `json:"direction,omitempty"`
	Size      int                      `json:"size"`
	Dropped   bool                     `json:"dropped,omitempty"`
	EncVsn    *int                     `json:"encVersion,omitempty"`
	Layers    []string                 `json:"layers"`
	Messages  []map[string]interface{} `json:"messages"`
	Error     string                   `json:"error,omitempty"`
}

type writer struct {
	dir     string
	entries []indexEntry
	counts  map[string]int
}

func (w *writer) write(rel string, data []byte) error {
	p := filepath.Join(w.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return ioutil.WriteFile(p, data, 0o644)
}

func (w *writer) add(e indexEntry, d *decoded, data []byte) error {
	if d.Label != "" && d.Label != e.Label {
		return fmt.Errorf("%s: label %q on the wire, %q configured", e.File, d.Label, e.Label)
	}
	e.Layers = d.Layers
	if e.Layers == nil {
		e.Layers = []string{}
	}
	e.Messages = d.Messages
	if e.Messages == nil {
		e.Messages = []map[string]interface{}{}
	}
	e.Error = d.Err
	e.Size = len(data)
	if d.Key != nil {
		e.KeyHex = hex.EncodeToString(d.Key)
	}
	if d.EncVsn >= 0 {
		v := d.EncVsn
		e.EncVsn = &v
	}
	w.entries = append(w.entries, e)
	w.counts[e.Scenario+" "+e.Config+" "+e.Kind]++
	return w.write(e.File, data)
}

func fileTag(cfg string) string { return strings.ReplaceAll(cfg, "+", "_") }

func (w *writer) flushRun(scn string, cfg runConfig, rec *recorder) error {
	var keys [][]byte
	keyHex := ""
	if cfg.key != nil {
		keys = [][]byte{cfg.key}
		keyHex = hex.EncodeToString(cfg.key)
	}
	rec.mu.Lock()
	packets := rec.packets
	streams := rec.order
	rec.mu.Unlock()

	perKey := map[string]int{}
	n := 0
	for _, p := range packets {
		if n >= perRunPacketCap {
			break
		}
		label := rec.labelOf(p.from)
		d := decodePacket(p.data, keys, label)
		k := d.leafKey()
		if perKey[k] >= perKeyPacketCap {
			continue
		}
		perKey[k]++
		n++
		e := indexEntry{
			File: fmt.Sprintf("packets/%s-%s-%03d.bin", scn, fileTag(cfg.name), n),
			Kind: "packet", Scenario: scn, Config: cfg.name, KeyHex: keyHex, Label: label,
			From: p.from, To: rec.nameOf(p.to), Dropped: p.dropped,
		}
		if err := w.add(e, d, p.data); err != nil {
			return err
		}
	}
	sn := 0
	for _, s := range streams {
		if sn >= perRunStreamCap {
			break
		}
		if len(s.req) == 0 {
			continue
		}
		sn++
		for _, dir := range []string{"req", "resp"} {
			data := s.req
			if dir == "resp" {
				data = s.resp
				if len(data) == 0 {
					continue
				}
			}
			label := rec.labelOf(s.from)
			d := decodeStream(data, keys, label)
			e := indexEntry{
				File: fmt.Sprintf("streams/%s-%s-%03d-%s.bin", scn, fileTag(cfg.name), sn, dir),
				Kind: "stream", Scenario: scn, Config: cfg.name, KeyHex: keyHex, Label: label,
				From: s.from, To: rec.nameOf(s.to), Direction: dir,
			}
			if dir == "resp" {
				e.From, e.To = rec.nameOf(s.to), s.from
			}
			if err := w.add(e, d, data); err != nil {
				return err
			}
		}
	}
	return nil
}

// ---------------- cluster helpers ----------------

type cluster struct {
	cfg   runConfig
	rec   *recorder
	nodes []*gnode
	names []string
}

func (c *cluster) start(name string, meta, state []byte, tweak func(*memberlist.Config)) (*gnode, error) {
	return c.startWith(name, c.cfg, meta, state, tweak)
}

func (c *cluster) startWith(name string, cfg runConfig, meta, state []byte, tweak func(*memberlist.Config)) (*gnode, error) {
	var keys [][]byte
	if cfg.key != nil {
		keys = [][]byte{cfg.key}
	}
	g, err := startNode(nodeOpts{name: name, keys: keys, compress: cfg.compress, rec: c.rec,
		label: cfg.label, meta: meta, state: state, preset: "local", tweak: func(mc *memberlist.Config) {
			if cfg.pv != 0 {
				mc.ProtocolVersion = cfg.pv
			}
			if tweak != nil {
				tweak(mc)
			}
		}})
	if err != nil {
		return nil, err
	}
	c.rec.register(g.addr(), name)
	c.rec.mu.Lock()
	c.rec.labels[name] = cfg.label
	c.rec.mu.Unlock()
	c.nodes = append(c.nodes, g)
	return g, nil
}

func (c *cluster) shutdown() {
	for _, g := range c.nodes {
		g.ml.Shutdown()
		g.tr.Shutdown()
	}
}

// startJoined starts n nodes node-a, node-b, ... and joins them to node-a.
func (c *cluster) startJoined(n int, tweak func(*memberlist.Config)) error {
	for i := 0; i < n; i++ {
		name := "node-" + string(rune('a'+i))
		g, err := c.start(name, nil, nil, tweak)
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := g.ml.Join([]string{c.nodes[0].addr()}); err != nil {
				return fmt.Errorf("join %s: %v", name, err)
			}
		}
	}
	if !c.converged(n, 10*time.Second) {
		return fmt.Errorf("cluster of %d did not converge", n)
	}
	return nil
}

func (c *cluster) converged(n int, timeout time.Duration) bool {
	return waitFor(timeout, func() bool {
		for _, g := range c.nodes {
			if g.ml.NumMembers() != n {
				return false
			}
		}
		return true
	})
}

// isPingTo reports whether pkt sent to `to` carries a ping.
func isPingPacket(pkt []byte, keys [][]byte) bool {
	d := decodePacket(pkt, keys, "")
	for _, m := range d.Messages {
		if m["type"] == tPing {
			return true
		}
	}
	return false
}

func (c *cluster) keys() [][]byte {
	if c.cfg.key == nil {
		return nil
	}
	return [][]byte{c.cfg.key}
}

// ---------------- scenarios ----------------

type scenario struct {
	name string
	run  func(c *cluster) error
}

// Protocol version 1 receivers replace every received port with their own
// BindPort, so pv1 clusters on one loopback IP cannot gossip; only scenarios
// that address nodes explicitly are recorded with the pv1 config.
var pv1Scenarios = map[string]bool{"join": true, "reliable": true, "besteffort": true, "mismatch": true}

func configsFor(scn string) []runConfig {
	var out []runConfig
	for _, c := range recordConfigs {
		if c.pv == 1 && !pv1Scenarios[scn] {
			continue
		}
		if scn == "labelmismatch" && c.label == "" {
			continue
		}
		out = append(out, c)
	}
	return out
}

func sleep(ms int) { time.Sleep(time.Duration(ms) * time.Millisecond) }

var scenarios = []scenario{
	{"join", func(c *cluster) error {
		c.rec.setOn(true)
		if err := c.startJoined(2, nil); err != nil {
			return err
		}
		sleep(500)
		return nil
	}},
	{"probe", func(c *cluster) error {
		if err := c.startJoined(2, nil); err != nil {
			return err
		}
		sleep(300)
		c.rec.setOn(true)
		sleep(2500)
		return nil
	}},
	{"indirect", func(c *cluster) error {
		// node-a cannot ping node-c directly: node-a asks node-b (indirect ping)
		if err := c.startJoined(3, nil); err != nil {
			return err
		}
		cAddr := c.nodes[2].addr()
		keys := c.keys()
		c.nodes[0].tr.setDrop(func(kind, from, to string, pkt []byte) bool {
			return kind == "packet" && to == cAddr && isPingPacket(pkt, keys)
		})
		sleep(200)
		c.rec.setOn(true)
		sleep(4500)
		return nil
	}},
	{"nack", func(c *cluster) error {
		// nobody can ping node-c over UDP: indirect probes get nacks, and the
		// TCP fallback ping succeeds (streams carry ping / ack)
		if err := c.startJoined(3, nil); err != nil {
			return err
		}
		cAddr := c.nodes[2].addr()
		keys := c.keys()
		for _, g := range c.nodes[:2] {
			g.tr.setDrop(func(kind, from, to string, pkt []byte) bool {
				return kind == "packet" && to == cAddr && isPingPacket(pkt, keys)
			})
		}
		sleep(200)
		c.rec.setOn(true)
		sleep(4500)
		return nil
	}},
	{"tcpping", func(c *cluster) error {
		// two nodes, UDP pings a->b lost: TCP fallback ping over a stream
		if err := c.startJoined(2, nil); err != nil {
			return err
		}
		bAddr := c.nodes[1].addr()
		keys := c.keys()
		c.nodes[0].tr.setDrop(func(kind, from, to string, pkt []byte) bool {
			return kind == "packet" && to == bAddr && isPingPacket(pkt, keys)
		})
		sleep(200)
		c.rec.setOn(true)
		sleep(3000)
		return nil
	}},
	{"suspect", func(c *cluster) error {
		// node-c is cut off until another node gossips a suspect message
		// about it, then healed: node-c refutes with a higher incarnation
		if err := c.startJoined(3, nil); err != nil {
			return err
		}
		cName, cAddr := "node-c", c.nodes[2].addr()
		keys := c.keys()
		var suspected int32
		cut := func(kind, from, to string, pkt []byte) bool {
			if kind == "packet" && atomic.LoadInt32(&suspected) == 0 {
				for _, m := range decodePacket(pkt, keys, "").Messages {
					if m["type"] == tSuspect {
						atomic.StoreInt32(&suspected, 1)
					}
				}
			}
			return from == cName || to == cAddr
		}
		c.rec.setOn(true)
		for _, g := range c.nodes {
			g.tr.setDrop(cut)
		}
		if !waitFor(8*time.Second, func() bool { return atomic.LoadInt32(&suspected) == 1 }) {
			return fmt.Errorf("node-c never suspected")
		}
		sleep(300)
		for _, g := range c.nodes {
			g.tr.setDrop(nil)
		}
		sleep(2500)
		return nil
	}},
	{"dead", func(c *cluster) error {
		if err := c.startJoined(3, nil); err != nil {
			return err
		}
		c.rec.setOn(true)
		c.nodes[2].ml.Shutdown()
		ok := waitFor(25*time.Second, func() bool {
			return c.nodes[0].ml.NumMembers() == 2 && c.nodes[1].ml.NumMembers() == 2
		})
		if !ok {
			return fmt.Errorf("node-c never declared dead")
		}
		sleep(800)
		return nil
	}},
	{"leave", func(c *cluster) error {
		if err := c.startJoined(3, nil); err != nil {
			return err
		}
		c.rec.setOn(true)
		if err := c.nodes[2].ml.Leave(2 * time.Second); err != nil {
			return err
		}
		c.nodes[2].ml.Shutdown()
		waitFor(5*time.Second, func() bool {
			return c.nodes[0].ml.NumMembers() == 2 && c.nodes[1].ml.NumMembers() == 2
		})
		sleep(800)
		return nil
	}},
	{"meta", func(c *cluster) error {
		if err := c.startJoined(2, nil); err != nil {
			return err
		}
		c.rec.setOn(true)
		c.nodes[1].del.setMeta([]byte("meta-of-node-b-v2"))
		if err := c.nodes[1].ml.UpdateNode(2 * time.Second); err != nil {
			return err
		}
		sleep(1000)
		return nil
	}},
	{"userbcast", func(c *cluster) error {
		if err := c.startJoined(2, nil); err != nil {
			return err
		}
		c.rec.setOn(true)
		q := c.nodes[0].del.queue
		q.QueueBroadcast(simpleBroadcast("user-broadcast-1"))
		q.QueueBroadcast(simpleBroadcast("user-broadcast-2"))
		q.QueueBroadcast(simpleBroadcast(strings.Repeat("B", 200)))
		sleep(1500)
		return nil
	}},
	{"pushpull", func(c *cluster) error {
		tweak := func(mc *memberlist.Config) { mc.PushPullInterval = time.Second }
		c.rec.setOn(true)
		a, err := c.start("node-a", []byte("meta-a"), []byte("user-state-of-node-a"), tweak)
		if err != nil {
			return err
		}
		b, err := c.start("node-b", nil, []byte(strings.Repeat("S", 300)), tweak)
		if err != nil {
			return err
		}
		if _, err := b.ml.Join([]string{a.addr()}); err != nil {
			return err
		}
		sleep(2500)
		return nil
	}},
	{"reliable", func(c *cluster) error {
		if err := c.startJoined(2, nil); err != nil {
			return err
		}
		c.rec.setOn(true)
		b := c.nodes[1].ml.LocalNode()
		if err := c.nodes[0].ml.SendReliable(b, []byte("reliable-hello")); err != nil {
			return err
		}
		if err := c.nodes[0].ml.SendReliable(b, []byte(strings.Repeat("R", 300))); err != nil {
			return err
		}
		sleep(300)
		return nil
	}},
	{"besteffort", func(c *cluster) error {
		if err := c.startJoined(2, nil); err != nil {
			return err
		}
		c.rec.setOn(true)
		b := c.nodes[1].ml.LocalNode()
		if err := c.nodes[0].ml.SendBestEffort(b, []byte("best-effort-hello")); err != nil {
			return err
		}
		if err := c.nodes[0].ml.SendBestEffort(b, []byte(strings.Repeat("E", 300))); err != nil {
			return err
		}
		sleep(300)
		return nil
	}},
	{"mismatch", func(c *cluster) error {
		// a node with the opposite encryption setting tries to join: the
		// listener answers with errResp
		a, err := c.start("node-a", nil, nil, nil)
		if err != nil {
			return err
		}
		other := runConfig{name: "other", compress: c.cfg.compress, label: c.cfg.label}
		if c.cfg.key == nil {
			other.key = fixedKey(16)
		}
		c.rec.setOn(true)
		x, err := c.startWith("node-x", other, nil, nil, nil)
		if err != nil {
			return err
		}
		x.ml.Join([]string{a.addr()}) // expected to fail
		sleep(200)
		return nil
	}},
	{"labelmismatch", func(c *cluster) error {
		// labelled configurations only: a node with another label and a node
		// without label try to join; the listener closes without a reply
		a, err := c.start("node-a", nil, nil, nil)
		if err != nil {
			return err
		}
		c.rec.setOn(true)
		for _, lbl := range []string{"other", ""} {
			other := c.cfg
			other.label = lbl
			x, err := c.startWith("node-"+map[string]string{"other": "x", "": "y"}[lbl], other, nil, nil, nil)
			if err != nil {
				return err
			}
			if _, err := x.ml.Join([]string{a.addr()}); err == nil {
				return fmt.Errorf("join with label %q into label %q succeeded", lbl, c.cfg.label)
			}
		}
		sleep(200)
		if a.ml.NumMembers() != 1 {
			return fmt.Errorf("node-a admitted a node with another label")
		}
		return nil
	}},
}

func runRecord(args []string) error {
	fs := flag.NewFlagSet("record", flag.ExitOnError)
	out := fs.String("out", "", "output directory (the golden/ folder)")
	only := fs.String("scenarios", "", "comma list of scenarios (default all)")
	cfgList := fs.String("configs", "", "comma list of configurations (default depends on the release)")
	fs.IntVar(&perRunPacketCap, "packets-per-run", perRunPacketCap, "packets kept per scenario and configuration")
	fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("-out is required")
	}
	names := defaultRecordConfigs()
	if *cfgList != "" {
		names = strings.Split(*cfgList, ",")
	}
	cfgs, err := selectConfigs(names)
	if err != nil {
		return err
	}
	recordConfigs = cfgs
	fmt.Fprintf(os.Stderr, "recording with memberlist %s (%s, %s)\n", libVersion(), msgpackGeneration, runtime.Version())
	for _, sub := range []string{"packets", "streams"} {
		old, _ := filepath.Glob(filepath.Join(*out, sub, "*.bin"))
		for _, f := range old {
			os.Remove(f)
		}
	}
	w := &writer{dir: *out, counts: map[string]int{}}
	want := map[string]bool{}
	for _, s := range strings.Split(*only, ",") {
		if s != "" {
			want[s] = true
		}
	}
	start := time.Now()
	for _, scn := range scenarios {
		if len(want) > 0 && !want[scn.name] {
			continue
		}
		type res struct {
			rec *recorder
			err error
		}
		cfgs := configsFor(scn.name)
		results := make([]res, len(cfgs))
		var wg sync.WaitGroup
		for i, cfg := range cfgs {
			wg.Add(1)
			go func(i int, cfg runConfig) {
				defer wg.Done()
				c := &cluster{cfg: cfg, rec: newRecorder()}
				err := scn.run(c)
				c.rec.setOn(false)
				c.shutdown()
				results[i] = res{c.rec, err}
			}(i, cfg)
		}
		wg.Wait()
		for i, cfg := range cfgs {
			if results[i].err != nil {
				fmt.Fprintf(os.Stderr, "scenario %s/%s: %v\n", scn.name, cfg.name, results[i].err)
			}
			if err := w.flushRun(scn.name, cfg, results[i].rec); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "scenario %s done (%.1fs)\n", scn.name, time.Since(start).Seconds())
	}
	sort.SliceStable(w.entries, func(i, j int) bool { return w.entries[i].File < w.entries[j].File })
	idx, err := json.MarshalIndent(w.entries, "", " ")
	if err != nil {
		return err
	}
	if err := w.write("index.json", idx); err != nil {
		return err
	}
	if err := writeMessagesJSON(w); err != nil {
		return err
	}
	if err := writeLzwJSON(w); err != nil {
		return err
	}
	bi, err := json.MarshalIndent(buildInfo(), "", " ")
	if err != nil {
		return err
	}
	if err := w.write("build.json", bi); err != nil {
		return err
	}
	// summary
	keys := make([]string, 0, len(w.counts))
	for k := range w.counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%-40s %d\n", k, w.counts[k])
	}
	fmt.Printf("total files: %d\n", len(w.entries))
	return nil
}
