package main

// messages.json (msgpack bodies produced by the go-msgpack codec on our
// mirror structs) and lzw.json (compress/lzw LSB/8 outputs).

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strings"
)

type msgVector struct {
	Name   string                 `json:"name"`
	Type   *int                   `json:"type"`
	Case   string                 `json:"case"`
	Fields map[string]interface{} `json:"fields"`
	Hex    string                 `json:"hex"`
}

var u32Edges = []uint32{0, 1, 127, 128, 255, 256, 65535, 65536, 1<<32 - 1}
var u16Edges = []uint16{0, 1, 127, 128, 255, 256, 65535}
var intEdges = []int{0, 1, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 1<<31 - 1, 1 << 31, 1<<32 - 1, 1 << 32, -1, -32, -33, -128, -129, -32768, -32769}

func strOf(n int) string { return strings.Repeat("x", n) }

func bytesOf(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

var strLens = []int{0, 1, 31, 32, 255, 256}

var ip4a = []byte{10, 0, 0, 1}
var ip4b = []byte{10, 0, 0, 2}
var ip6mapped = []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1}
var vsnDefault = []byte{1, 5, 2, 0, 0, 0}

func buildMessageVectors() []msgVector {
	var out []msgVector
	add := func(name string, t int, cs string, v interface{}) {
		var hx string
		var tp *int
		if t >= 0 {
			hx = hex.EncodeToString(mpEncode(t, v))
			tt := t
			tp = &tt
		} else {
			hx = hex.EncodeToString(mpBody(v))
		}
		out = append(out, msgVector{Name: name, Type: tp, Case: cs, Fields: fieldsOf(v), Hex: hx})
	}
	// ping
	add("ping", tPing, "minimal", &wPing{SeqNo: 1, Node: "n"})
	add("ping", tPing, "full example", &wPing{SeqNo: 300, Node: "node-b", SourceAddr: ip4a, SourcePort: 7946, SourceNode: "node-a"})
	add("ping", tPing, "empty SourceAddr (omitted)", &wPing{SeqNo: 2, Node: "b", SourceAddr: []byte{}, SourcePort: 0, SourceNode: ""})
	add("ping", tPing, "16-byte SourceAddr", &wPing{SeqNo: 3, Node: "b", SourceAddr: ip6mapped, SourcePort: 1, SourceNode: "a"})
	add("ping", tPing, "all zero", &wPing{})
	for _, s := range u32Edges {
		add("ping", tPing, fmt.Sprintf("SeqNo=%d", s), &wPing{SeqNo: s, Node: "b", SourceAddr: ip4a, SourcePort: 7946, SourceNode: "a"})
	}
	for _, p := range u16Edges {
		add("ping", tPing, fmt.Sprintf("SourcePort=%d", p), &wPing{SeqNo: 1, Node: "b", SourceAddr: ip4a, SourcePort: p, SourceNode: "a"})
	}
	for _, l := range strLens {
		add("ping", tPing, fmt.Sprintf("Node len %d", l), &wPing{SeqNo: 1, Node: strOf(l), SourceAddr: ip4a, SourcePort: 7946, SourceNode: strOf(l)})
	}
	// indirect ping
	add("indirectPingReq", tIndirectPing, "example", &wIndirectPingReq{SeqNo: 70000, Target: ip4b, Port: 7946, Node: "node-c", Nack: true, SourceAddr: ip4a, SourcePort: 7946, SourceNode: "node-a"})
	add("indirectPingReq", tIndirectPing, "no source, Nack false", &wIndirectPingReq{SeqNo: 5, Target: ip4b, Port: 7946, Node: "node-c"})
	add("indirectPingReq", tIndirectPing, "nil Target", &wIndirectPingReq{SeqNo: 5, Node: "c"})
	add("indirectPingReq", tIndirectPing, "empty Target", &wIndirectPingReq{SeqNo: 5, Target: []byte{}, Node: "c"})
	for _, s := range u32Edges {
		add("indirectPingReq", tIndirectPing, fmt.Sprintf("SeqNo=%d", s), &wIndirectPingReq{SeqNo: s, Target: ip4b, Port: 7946, Node: "c", Nack: true, SourceAddr: ip4a, SourcePort: 7946, SourceNode: "a"})
	}
	for _, p := range u16Edges {
		add("indirectPingReq", tIndirectPing, fmt.Sprintf("Port=%d", p), &wIndirectPingReq{SeqNo: 1, Target: ip6mapped, Port: p, Node: "c", SourceAddr: ip4a, SourcePort: p, SourceNode: "a"})
	}
	// ack
	add("ackResp", tAck, "nil payload", &wAckResp{SeqNo: 5})
	add("ackResp", tAck, "empty payload", &wAckResp{SeqNo: 5, Payload: []byte{}})
	for _, l := range []int{1, 3, 31, 32, 255, 256} {
		add("ackResp", tAck, fmt.Sprintf("payload len %d", l), &wAckResp{SeqNo: 5, Payload: bytesOf(l)})
	}
	for _, s := range u32Edges {
		add("ackResp", tAck, fmt.Sprintf("SeqNo=%d", s), &wAckResp{SeqNo: s})
	}
	// nack
	for _, s := range append([]uint32{200}, u32Edges...) {
		add("nackResp", tNack, fmt.Sprintf("SeqNo=%d", s), &wNackResp{SeqNo: s})
	}
	// suspect / dead
	add("suspect", tSuspect, "example", &wSuspect{Incarnation: 3, Node: "node-b", From: "node-a"})
	add("dead", tDead, "leave example", &wDead{Incarnation: 9, Node: "node-b", From: "node-b"})
	add("suspect", tSuspect, "all zero", &wSuspect{})
	add("dead", tDead, "all zero", &wDead{})
	for _, i := range u32Edges {
		add("suspect", tSuspect, fmt.Sprintf("Incarnation=%d", i), &wSuspect{Incarnation: i, Node: "b", From: "a"})
		add("dead", tDead, fmt.Sprintf("Incarnation=%d", i), &wDead{Incarnation: i, Node: "b", From: "a"})
	}
	for _, l := range strLens {
		add("suspect", tSuspect, fmt.Sprintf("names len %d", l), &wSuspect{Incarnation: 1, Node: strOf(l), From: strOf(l)})
		add("dead", tDead, fmt.Sprintf("names len %d", l), &wDead{Incarnation: 1, Node: strOf(l), From: strOf(l)})
	}
	// alive
	add("alive", tAlive, "example", &wAlive{Incarnation: 1, Node: "node-a", Addr: ip4a, Port: 7946, Vsn: vsnDefault})
	add("alive", tAlive, "empty meta", &wAlive{Incarnation: 1, Node: "node-a", Addr: ip4a, Port: 7946, Meta: []byte{}, Vsn: vsnDefault})
	add("alive", tAlive, "16-byte addr", &wAlive{Incarnation: 1, Node: "node-a", Addr: ip6mapped, Port: 7946, Vsn: vsnDefault})
	add("alive", tAlive, "nil Addr nil Vsn", &wAlive{Incarnation: 1, Node: "node-a"})
	add("alive", tAlive, "all zero", &wAlive{})
	for _, l := range []int{1, 31, 32, 255, 256, 512} {
		add("alive", tAlive, fmt.Sprintf("meta len %d", l), &wAlive{Incarnation: 2, Node: "n", Addr: ip4a, Port: 7946, Meta: bytesOf(l), Vsn: vsnDefault})
	}
	for _, i := range u32Edges {
		add("alive", tAlive, fmt.Sprintf("Incarnation=%d", i), &wAlive{Incarnation: i, Node: "n", Addr: ip4a, Port: 7946, Vsn: vsnDefault})
	}
	for _, p := range u16Edges {
		add("alive", tAlive, fmt.Sprintf("Port=%d", p), &wAlive{Incarnation: 1, Node: "n", Addr: ip4a, Port: p, Vsn: vsnDefault})
	}
	for _, l := range strLens {
		add("alive", tAlive, fmt.Sprintf("Node len %d", l), &wAlive{Incarnation: 1, Node: strOf(l), Addr: ip4a, Port: 7946, Vsn: vsnDefault})
	}
	add("alive", tAlive, "Vsn 255s", &wAlive{Incarnation: 1, Node: "n", Addr: ip4a, Port: 7946, Vsn: []byte{255, 255, 255, 255, 255, 255}})
	// push/pull header
	add("pushPullHeader", tPushPull, "example join", &wPushPullHeader{Nodes: 2, UserStateLen: 300, Join: true})
	add("pushPullHeader", tPushPull, "example 200/70000", &wPushPullHeader{Nodes: 200, UserStateLen: 70000, Join: false})
	for _, n := range intEdges {
		add("pushPullHeader", tPushPull, fmt.Sprintf("Nodes=%d", n), &wPushPullHeader{Nodes: n, UserStateLen: 0, Join: false})
		add("pushPullHeader", tPushPull, fmt.Sprintf("UserStateLen=%d", n), &wPushPullHeader{Nodes: 1, UserStateLen: n, Join: true})
	}
	// push node state (no type byte)
	add("pushNodeState", -1, "example suspect", &wPushNodeState{Name: "node-a", Addr: ip4a, Port: 7946, Incarnation: 1, State: 1, Vsn: vsnDefault})
	for st := 0; st <= 3; st++ {
		add("pushNodeState", -1, fmt.Sprintf("State=%d", st), &wPushNodeState{Name: "n", Addr: ip4a, Port: 7946, Meta: []byte("m"), Incarnation: 7, State: st, Vsn: vsnDefault})
	}
	for _, i := range u32Edges {
		add("pushNodeState", -1, fmt.Sprintf("Incarnation=%d", i), &wPushNodeState{Name: "n", Addr: ip6mapped, Port: 65535, Incarnation: i, State: 0, Vsn: vsnDefault})
	}
	for _, p := range u16Edges {
		add("pushNodeState", -1, fmt.Sprintf("Port=%d", p), &wPushNodeState{Name: "n", Addr: ip4a, Port: p, Incarnation: 1, Vsn: vsnDefault})
	}
	for _, l := range strLens {
		add("pushNodeState", -1, fmt.Sprintf("Name/Meta len %d", l), &wPushNodeState{Name: strOf(l), Addr: ip4a, Port: 1, Meta: bytesOf(l), Incarnation: 1, Vsn: vsnDefault})
	}
	add("pushNodeState", -1, "all zero", &wPushNodeState{})
	// user message header
	for _, n := range append([]int{5}, intEdges...) {
		add("userMsgHeader", tUser, fmt.Sprintf("UserMsgLen=%d", n), &wUserMsgHeader{UserMsgLen: n})
	}
	// compress
	add("compress", tCompress, "hello x4", &wCompress{Algo: 0, Buf: lzwCompress([]byte("hello hello hello hello"))})
	add("compress", tCompress, "empty input", &wCompress{Algo: 0, Buf: lzwCompress(nil)})
	add("compress", tCompress, "nil Buf", &wCompress{Algo: 0})
	add("compress", tCompress, "Algo=1", &wCompress{Algo: 1, Buf: []byte{1, 2}})
	add("compress", tCompress, "Algo=255", &wCompress{Algo: 255, Buf: []byte{}})
	add("compress", tCompress, "ping compressed", &wCompress{Algo: 0, Buf: lzwCompress(mpEncode(tPing, &wPing{SeqNo: 1, Node: "n"}))})
	// errResp
	add("errResp", tErr, "boom", &wErrResp{Error: "boom"})
	for _, l := range []int{0, 31, 32, 255, 256, 65535, 65536} {
		add("errResp", tErr, fmt.Sprintf("Error len %d", l), &wErrResp{Error: strOf(l)})
	}
	return out
}

// docExamples are the hex examples of PROTOCOL.md §3; recording fails loudly
// if our structs do not reproduce them.
// hex is the go-msgpack v0.5 form (memberlist v0.2.2); docExamplesV2 gives
// the go-msgpack/v2 form (v0.5.0 and newer) where it differs (Go ints above 127).
var docExamples = []struct {
	v   interface{}
	t   int
	hex string
}{
	{&wPing{SeqNo: 1, Node: "n"}, tPing, "0082a44e6f6465a16ea55365714e6f01"},
	{&wPing{SeqNo: 300, Node: "node-b", SourceAddr: ip4a, SourcePort: 7946, SourceNode: "node-a"}, tPing,
		"0085a44e6f6465a66e6f64652d62a55365714e6fcd012caa536f7572636541646472a40a000001aa536f757263654e6f6465a66e6f64652d61aa536f75726365506f7274cd1f0a"},
	{&wIndirectPingReq{SeqNo: 70000, Target: ip4b, Port: 7946, Node: "node-c", Nack: true, SourceAddr: ip4a, SourcePort: 7946, SourceNode: "node-a"}, tIndirectPing,
		"0188a44e61636bc3a44e6f6465a66e6f64652d63a4506f7274cd1f0aa55365714e6fce00011170aa536f7572636541646472a40a000001aa536f757263654e6f6465a66e6f64652d61aa536f75726365506f7274cd1f0aa6546172676574a40a000002"},
	{&wAckResp{SeqNo: 5}, tAck, "0282a75061796c6f6164c0a55365714e6f05"},
	{&wNackResp{SeqNo: 200}, tNack, "0b81a55365714e6fccc8"},
	{&wSuspect{Incarnation: 3, Node: "node-b", From: "node-a"}, tSuspect, "0383a446726f6da66e6f64652d61ab496e6361726e6174696f6e03a44e6f6465a66e6f64652d62"},
	{&wDead{Incarnation: 9, Node: "node-b", From: "node-b"}, tDead, "0583a446726f6da66e6f64652d62ab496e6361726e6174696f6e09a44e6f6465a66e6f64652d62"},
	{&wAlive{Incarnation: 1, Node: "node-a", Addr: ip4a, Port: 7946, Vsn: vsnDefault}, tAlive,
		"0486a441646472a40a000001ab496e6361726e6174696f6e01a44d657461c0a44e6f6465a66e6f64652d61a4506f7274cd1f0aa356736ea6010502000000"},
	{&wPushPullHeader{Nodes: 2, UserStateLen: 300, Join: true}, tPushPull, "0683a44a6f696ec3a54e6f64657302ac5573657253746174654c656ecd012c"},
	{&wPushPullHeader{Nodes: 200, UserStateLen: 70000}, tPushPull, "0683a44a6f696ec2a54e6f646573ccc8ac5573657253746174654c656ece00011170"},
	{&wPushNodeState{Name: "node-a", Addr: ip4a, Port: 7946, Incarnation: 1, State: 1, Vsn: vsnDefault}, -1,
		"87a441646472a40a000001ab496e6361726e6174696f6e01a44d657461c0a44e616d65a66e6f64652d61a4506f7274cd1f0aa5537461746501a356736ea6010502000000"},
	{&wUserMsgHeader{UserMsgLen: 5}, tUser, "0881aa557365724d73674c656e05"},
	{&wCompress{Algo: 0, Buf: lzwCompress([]byte("hello hello hello hello"))}, tCompress, "0982a4416c676f00a3427566b200d19461c3e60d0881040d222c787060c180"},
	{&wErrResp{Error: "boom"}, tErr, "0d81a54572726f72a4626f6f6d"},
}

// docExamplesV2 maps the v0.5 form of PROTOCOL.md §3.7 to its HEAD form.
var docExamplesV2 = map[string]string{
	"0683a44a6f696ec3a54e6f64657302ac5573657253746174654c656ecd012c":       "0683a44a6f696ec3a54e6f64657302ac5573657253746174654c656ed1012c",
	"0683a44a6f696ec2a54e6f646573ccc8ac5573657253746174654c656ece00011170": "0683a44a6f696ec2a54e6f646573d100c8ac5573657253746174654c656ed200011170",
}

func checkDocExamples() []string {
	var bad []string
	for _, ex := range docExamples {
		var got string
		if ex.t >= 0 {
			got = hex.EncodeToString(mpEncode(ex.t, ex.v))
		} else {
			got = hex.EncodeToString(mpBody(ex.v))
		}
		want := ex.hex
		if v2, ok := docExamplesV2[want]; ok && msgpackGeneration == "go-msgpack/v2" {
			want = v2
		}
		if got != want {
			bad = append(bad, fmt.Sprintf("%T: got %s want %s (%s)", ex.v, got, want, msgpackGeneration))
		}
	}
	lz := map[string]string{"a": "00c30404", "aaaaaaaaaa": "00c3081c483020", "hello hello hello hello": "00d19461c3e60d0881040d222c787060c180"}
	for in, want := range lz {
		if got := hex.EncodeToString(lzwCompress([]byte(in))); got != want {
			bad = append(bad, fmt.Sprintf("lzw(%q): got %s want %s", in, got, want))
		}
	}
	minPing, _ := hex.DecodeString("0082a44e6f6465a16ea55365714e6f01")
	if c := crc32.ChecksumIEEE(minPing); c != 0x536f2cf4 {
		bad = append(bad, fmt.Sprintf("crc32(min ping) = %08x", c))
	}
	// PROTOCOL.md 6.3 AES-GCM vectors (fixed nonce)
	key, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f")
	nonce, _ := hex.DecodeString("a0a1a2a3a4a5a6a7a8a9aaab")
	blk, _ := aes.NewCipher(key)
	g, _ := cipher.NewGCM(blk)
	pad := append(append([]byte(nil), minPing...), bytes.Repeat([]byte{16}, 16)...)
	streamAAD := append([]byte{0x0a, 0, 0, 0, 0x2d}, []byte("lbl")...)
	for _, v := range []struct {
		name    string
		pt, aad []byte
		want    string
	}{
		{"v1 packet", minPing, nil, "aa049cf511ed56abe4dde665375cdf619bf39ed2e6e7af53d5466a84621b0602"},
		{"v1 packet label", minPing, []byte("lbl"), "aa049cf511ed56abe4dde665375cdf61507ae310d795a2ceddf9ccc7b377bcf0"},
		{"v0 packet", pad, nil, "aa049cf511ed56abe4dde665375cdf6143fe331893072dbf3500618b529d9fb8f15dc2466d8104d385ba3d6a489535dc"},
		{"v1 stream label", minPing, streamAAD, "aa049cf511ed56abe4dde665375cdf6199904b92e8d7df138beb9bec69ffe316"},
	} {
		if got := hex.EncodeToString(g.Seal(nil, nonce, v.pt, v.aad)); got != v.want {
			bad = append(bad, fmt.Sprintf("gcm %s: got %s want %s", v.name, got, v.want))
		}
	}
	q := lzwCompress(quadInput(10000))
	if len(q) != 4637 || crc32.ChecksumIEEE(q) != 0xa6fd3369 || crc32.ChecksumIEEE(quadInput(10000)) != 0x39e9cbd7 {
		bad = append(bad, fmt.Sprintf("lzw(quad 10000): len %d crc %08x", len(q), crc32.ChecksumIEEE(q)))
	}
	l := lzwCompress(lcgInput(12345, 20000))
	if len(l) != 27374 || crc32.ChecksumIEEE(l) != 0x0470ec52 || crc32.ChecksumIEEE(lcgInput(12345, 20000)) != 0xc96abe89 {
		bad = append(bad, fmt.Sprintf("lzw(lcg 20000): len %d crc %08x", len(l), crc32.ChecksumIEEE(l)))
	}
	return bad
}

func quadInput(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(((i * i) / 7) % 97)
	}
	return b
}

// lcgInput: x <- x*1103515245+12345 mod 2^32, byte = (x>>16)&0xff after each update.
func lcgInput(seed uint32, n int) []byte {
	b := make([]byte, n)
	x := seed
	for i := range b {
		x = x*1103515245 + 12345
		b[i] = byte(x >> 16)
	}
	return b
}

func writeMessagesJSON(w *writer) error {
	if bad := checkDocExamples(); len(bad) > 0 {
		return fmt.Errorf("PROTOCOL.md examples not reproduced:\n%s", strings.Join(bad, "\n"))
	}
	b, err := json.MarshalIndent(buildMessageVectors(), "", " ")
	if err != nil {
		return err
	}
	return w.write("messages.json", b)
}

type lzwVector struct {
	Name        string `json:"name"`
	InputLen    int    `json:"inputLen"`
	InputCrc32  string `json:"inputCrc32"`
	InputHex    string `json:"inputHex"`
	OutputLen   int    `json:"outputLen"`
	OutputCrc32 string `json:"outputCrc32"`
	OutputHex   string `json:"outputHex"`
}

func writeLzwJSON(w *writer) error {
	var out []lzwVector
	add := func(name string, in []byte) {
		o := lzwCompress(in)
		out = append(out, lzwVector{Name: name, InputLen: len(in), InputCrc32: fmt.Sprintf("%08x", crc32.ChecksumIEEE(in)),
			InputHex: hex.EncodeToString(in), OutputLen: len(o), OutputCrc32: fmt.Sprintf("%08x", crc32.ChecksumIEEE(o)),
			OutputHex: hex.EncodeToString(o)})
	}
	add("empty", []byte{})
	add("a", []byte("a"))
	add("aaaaaaaaaa", []byte("aaaaaaaaaa"))
	add("hello x4", []byte("hello hello hello hello"))
	add("all 256 byte values", bytesOf(256))
	add("zeros 5000", make([]byte, 5000))
	add("abc repeated 3000", []byte(strings.Repeat("abc", 1000)))
	add("text repeated 8000", []byte(strings.Repeat("memberlist gossip ", 445)[:8000]))
	add("quad 10000 (PROTOCOL 7)", quadInput(10000))
	add("lcg 20000 seed 12345 (PROTOCOL 7)", lcgInput(12345, 20000))
	// With pseudo-random input almost every byte emits one code and adds one
	// entry, so these lengths sit around the width changes (hi reaching 512,
	// 1024, 2048) and the table reset (hi reaching 4095).
	for _, n := range []int{250, 254, 255, 256, 257, 258, 260, 765, 766, 767, 768, 769, 1789, 1790, 1791, 1792, 1793, 3835, 3836, 3837, 3838, 3839, 3840, 3841, 3842, 4200, 8000} {
		add(fmt.Sprintf("lcg %d seed 7", n), lcgInput(7, n))
	}
	// all distinct byte pairs: deterministic code growth
	var pairs []byte
	for i := 0; i < 4200; i++ {
		pairs = append(pairs, byte(i), byte(i*7+i/256))
	}
	add("pairs 8400", pairs)
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	return w.write("lzw.json", b)
}
