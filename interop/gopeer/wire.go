package main

// Our own mirror of the memberlist wire structures (same Go field names,
// types and codec tags as the Go library, so the go-msgpack codec produces
// the same bytes), plus a layer-by-layer decoder used to annotate captures.

import (
	"bytes"
	"compress/lzw"
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/ioutil"
	"reflect"
)

// Message type codes (PROTOCOL.md §2).
const (
	tPing         = 0
	tIndirectPing = 1
	tAck          = 2
	tSuspect      = 3
	tAlive        = 4
	tDead         = 5
	tPushPull     = 6
	tCompound     = 7
	tUser         = 8
	tCompress     = 9
	tEncrypt      = 10
	tNack         = 11
	tCrc          = 12
	tErr          = 13
)

var typeNames = map[int]string{
	tPing: "ping", tIndirectPing: "indirectPing", tAck: "ack", tSuspect: "suspect",
	tAlive: "alive", tDead: "dead", tPushPull: "pushPull", tCompound: "compound",
	tUser: "user", tCompress: "compress", tEncrypt: "encrypt", tNack: "nack",
	tCrc: "crc", tErr: "err",
}

func typeName(t int) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("unknown%d", t)
}

type wPing struct {
	SeqNo      uint32
	Node       string
	SourceAddr []byte `codec:",omitempty"`
	SourcePort uint16 `codec:",omitempty"`
	SourceNode string `codec:",omitempty"`
}

type wIndirectPingReq struct {
	SeqNo      uint32
	Target     []byte
	Port       uint16
	Node       string
	Nack       bool
	SourceAddr []byte `codec:",omitempty"`
	SourcePort uint16 `codec:",omitempty"`
	SourceNode string `codec:",omitempty"`
}

type wAckResp struct {
	SeqNo   uint32
	Payload []byte
}

type wNackResp struct {
	SeqNo uint32
}

type wErrResp struct {
	Error string
}

type wSuspect struct {
	Incarnation uint32
	Node        string
	From        string
}

type wAlive struct {
	Incarnation uint32
	Node        string
	Addr        []byte
	Port        uint16
	Meta        []byte
	Vsn         []uint8
}

type wDead struct {
	Incarnation uint32
	Node        string
	From        string
}

type wPushPullHeader struct {
	Nodes        int
	UserStateLen int
	Join         bool
}

type wUserMsgHeader struct {
	UserMsgLen int
}

type wPushNodeState struct {
	Name        string
	Addr        []byte
	Port        uint16
	Meta        []byte
	Incarnation uint32
	State       int
	Vsn         []uint8
}

type wCompress struct {
	Algo uint8
	Buf  []byte
}

// mpEncode returns type byte + msgpack body, like the library's encoder.
func mpEncode(t int, v interface{}) []byte {
	var buf bytes.Buffer
	buf.WriteByte(byte(t))
	if err := mpEncodeTo(&buf, v); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func mpBody(v interface{}) []byte {
	var buf bytes.Buffer
	if err := mpEncodeTo(&buf, v); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// fieldsOf turns one of our structs into a JSON-friendly map keyed by the Go
// field name: byte slices as lowercase hex (nil -> null).
func fieldsOf(v interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	rv := reflect.Indirect(reflect.ValueOf(v))
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		f := rv.Field(i)
		name := rt.Field(i).Name
		switch f.Kind() {
		case reflect.Slice:
			if f.IsNil() {
				out[name] = nil
			} else {
				out[name] = hex.EncodeToString(f.Bytes())
			}
		case reflect.String:
			out[name] = f.String()
		case reflect.Bool:
			out[name] = f.Bool()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			out[name] = f.Int()
		default:
			out[name] = f.Uint()
		}
	}
	return out
}

func hexOrNil(b []byte) interface{} {
	if b == nil {
		return nil
	}
	return hex.EncodeToString(b)
}

// ---- layers ----

func lzwCompress(in []byte) []byte {
	var buf bytes.Buffer
	w := lzw.NewWriter(&buf, lzw.LSB, 8)
	if _, err := w.Write(in); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func lzwDecompress(in []byte) ([]byte, error) {
	r := lzw.NewReader(bytes.NewReader(in), lzw.LSB, 8)
	defer r.Close()
	return ioutil.ReadAll(io.LimitReader(r, 64<<20))
}

// gcmOpen tries each key; buf = [vsn][nonce][ct+tag].
func gcmOpen(keys [][]byte, buf, aad []byte) ([]byte, error) {
	pt, _, err := gcmOpenKey(keys, buf, aad)
	return pt, err
}

// gcmOpenKey also returns the key that worked.
func gcmOpenKey(keys [][]byte, buf, aad []byte) ([]byte, []byte, error) {
	if len(buf) < 1 {
		return nil, nil, errors.New("empty encrypted payload")
	}
	vsn := buf[0]
	if vsn > 1 {
		return nil, nil, fmt.Errorf("unknown encryption version %d", vsn)
	}
	if len(buf) < 1+12+16 {
		return nil, nil, errors.New("encrypted payload too short")
	}
	for _, k := range keys {
		blk, err := aes.NewCipher(k)
		if err != nil {
			return nil, nil, err
		}
		g, err := cipher.NewGCM(blk)
		if err != nil {
			return nil, nil, err
		}
		pt, err := g.Open(nil, buf[1:13], buf[13:], aad)
		if err != nil {
			continue
		}
		if vsn == 0 {
			if len(pt) == 0 {
				return nil, nil, errors.New("empty v0 plaintext")
			}
			p := int(pt[len(pt)-1])
			if p < 1 || p > 16 || p > len(pt) {
				return nil, nil, fmt.Errorf("bad v0 padding %d", p)
			}
			pt = pt[:len(pt)-p]
		}
		return pt, k, nil
	}
	return nil, nil, errors.New("no key decrypts the payload")
}

type decoded struct {
	Layers   []string
	Messages []map[string]interface{}
	EncVsn   int // -1 when not encrypted
	Key      []byte
	Label    string // label header found on the wire ("" if none)
	Err      string
}

func (d *decoded) addLayer(l string) {
	for _, x := range d.Layers {
		if x == l {
			return
		}
	}
	d.Layers = append(d.Layers, l)
}

func (d *decoded) leafKey() string {
	if d.Err != "" {
		return "error"
	}
	k := ""
	for i, m := range d.Messages {
		if i > 0 {
			k += "+"
		}
		k += m["name"].(string)
	}
	return k
}

// hasLabelMsg is the first byte of a label header (PROTOCOL.md §4.2).
const hasLabelMsg = 244

// stripLabel removes a label header; it returns the label ("" if none) and the rest.
func stripLabel(buf []byte) (string, []byte, bool, error) {
	if len(buf) == 0 || buf[0] != hasLabelMsg {
		return "", buf, false, nil
	}
	if len(buf) < 2 || buf[1] == 0 || len(buf) < 2+int(buf[1]) {
		return "", nil, true, errors.New("bad label header")
	}
	n := int(buf[1])
	return string(buf[2 : 2+n]), buf[2+n:], true, nil
}

// decodePacket removes label / encrypt / crc / compress / compound layers of
// a UDP packet. label is the receiver's configured label (used as AAD when
// the packet carries none).
func decodePacket(buf []byte, keys [][]byte, label string) *decoded {
	d := &decoded{EncVsn: -1}
	wireLabel, rest, present, err := stripLabel(buf)
	if err != nil {
		d.Err = err.Error()
		return d
	}
	if present {
		d.addLayer("label")
		d.Label = wireLabel
		label = wireLabel
		buf = rest
	}
	if len(keys) > 0 {
		if len(buf) > 0 {
			d.EncVsn = int(buf[0])
		}
		pt, k, err := gcmOpenKey(keys, buf, []byte(label))
		d.Key = k
		if err != nil {
			d.Err = "decrypt: " + err.Error()
			return d
		}
		d.addLayer("encrypt")
		buf = pt
	}
	if len(buf) >= 5 && buf[0] == tCrc {
		want := binary.BigEndian.Uint32(buf[1:5])
		if crc32.ChecksumIEEE(buf[5:]) != want {
			d.Err = "crc mismatch"
			return d
		}
		d.addLayer("crc")
		buf = buf[5:]
	}
	if err := d.packetMsg(buf, 0); err != nil {
		d.Err = err.Error()
	}
	return d
}

func (d *decoded) packetMsg(buf []byte, depth int) error {
	if depth > 8 {
		return errors.New("nesting too deep")
	}
	if len(buf) == 0 {
		return errors.New("empty message")
	}
	switch buf[0] {
	case tCompound:
		d.addLayer("compound")
		if len(buf) < 2 {
			return errors.New("compound without count")
		}
		n := int(buf[1])
		if len(buf) < 2+2*n {
			return errors.New("compound: truncated len slice")
		}
		off := 2 + 2*n
		for i := 0; i < n; i++ {
			l := int(binary.BigEndian.Uint16(buf[2+2*i:]))
			if off+l > len(buf) {
				return fmt.Errorf("compound: part %d truncated", i)
			}
			if err := d.packetMsg(buf[off:off+l], depth+1); err != nil {
				return err
			}
			off += l
		}
		return nil
	case tCompress:
		d.addLayer("compress")
		var c wCompress
		if err := mpDecodeBytes(buf[1:], &c); err != nil {
			return fmt.Errorf("compress: %v", err)
		}
		if c.Algo != 0 {
			return fmt.Errorf("compress: algo %d", c.Algo)
		}
		out, err := lzwDecompress(c.Buf)
		if err != nil {
			return fmt.Errorf("lzw: %v", err)
		}
		return d.packetMsg(out, depth+1)
	case tUser:
		d.Messages = append(d.Messages, map[string]interface{}{
			"type": tUser, "name": "user", "hex": hex.EncodeToString(buf),
			"fields": map[string]interface{}{"Payload": hex.EncodeToString(buf[1:])},
		})
		return nil
	}
	m, err := decodeLeaf(buf)
	if err != nil {
		return err
	}
	d.Messages = append(d.Messages, m)
	return nil
}

func newBody(t int) interface{} {
	switch t {
	case tPing:
		return &wPing{}
	case tIndirectPing:
		return &wIndirectPingReq{}
	case tAck:
		return &wAckResp{}
	case tSuspect:
		return &wSuspect{}
	case tAlive:
		return &wAlive{}
	case tDead:
		return &wDead{}
	case tNack:
		return &wNackResp{}
	case tErr:
		return &wErrResp{}
	}
	return nil
}

// decodeLeaf decodes one msgpack-bodied message (type byte + body).
func decodeLeaf(buf []byte) (map[string]interface{}, error) {
	t := int(buf[0])
	v := newBody(t)
	if v == nil {
		return nil, fmt.Errorf("unexpected message type %d", t)
	}
	if err := mpDecodeBytes(buf[1:], v); err != nil {
		return nil, fmt.Errorf("decode %s: %v", typeName(t), err)
	}
	return map[string]interface{}{
		"type": t, "name": typeName(t), "hex": hex.EncodeToString(buf), "fields": fieldsOf(v),
	}, nil
}

// decodeStream removes the layers of one stream direction (one message).
// label is the configured label of the dialer (part of the AAD in both
// directions; only the dialer's request carries it on the wire).
func decodeStream(buf []byte, keys [][]byte, label string) *decoded {
	d := &decoded{EncVsn: -1}
	wireLabel, rest, present, err := stripLabel(buf)
	if err != nil {
		d.Err = err.Error()
		return d
	}
	if present {
		d.addLayer("label")
		d.Label = wireLabel
		label = wireLabel
		buf = rest
	}
	if len(buf) == 0 {
		d.Err = "empty stream"
		return d
	}
	if buf[0] == tEncrypt {
		if len(buf) < 5 {
			d.Err = "truncated encryption header"
			return d
		}
		m := int(binary.BigEndian.Uint32(buf[1:5]))
		if len(buf) < 5+m {
			d.Err = fmt.Sprintf("encrypted stream short: have %d want %d", len(buf)-5, m)
			return d
		}
		d.EncVsn = int(buf[5])
		if len(keys) == 0 {
			keys = [][]byte{fixedKey(16), fixedKey(24), fixedKey(32)}
		}
		aad := append(append([]byte(nil), buf[:5]...), label...)
		pt, k, err := gcmOpenKey(keys, buf[5:5+m], aad)
		d.Key = k
		if err != nil {
			d.Err = "decrypt: " + err.Error()
			return d
		}
		d.addLayer("encrypt")
		buf = pt
		if len(buf) == 0 {
			d.Err = "empty plaintext"
			return d
		}
	}
	if buf[0] == tCompress {
		d.addLayer("compress")
		var c wCompress
		if err := mpDecodeBytes(buf[1:], &c); err != nil {
			d.Err = "compress: " + err.Error()
			return d
		}
		out, err := lzwDecompress(c.Buf)
		if err != nil {
			d.Err = "lzw: " + err.Error()
			return d
		}
		if len(out) == 0 {
			d.Err = "empty decompressed stream"
			return d
		}
		buf = out
	}
	t := int(buf[0])
	msg := map[string]interface{}{"type": t, "name": typeName(t), "hex": hex.EncodeToString(buf)}
	r := bytes.NewReader(buf[1:])
	decode := mpStream(r)
	switch t {
	case tPushPull:
		var h wPushPullHeader
		if err := decode(&h); err != nil {
			d.Err = "pushPull header: " + err.Error()
			return d
		}
		f := fieldsOf(&h)
		states := []interface{}{}
		for i := 0; i < h.Nodes && i < 100000; i++ {
			var s wPushNodeState
			if err := decode(&s); err != nil {
				d.Err = fmt.Sprintf("pushNodeState %d: %v", i, err)
				return d
			}
			states = append(states, fieldsOf(&s))
		}
		f["States"] = states
		us := make([]byte, 0)
		if h.UserStateLen > 0 {
			us = make([]byte, h.UserStateLen)
			if _, err := io.ReadFull(r, us); err != nil {
				d.Err = "user state: " + err.Error()
				return d
			}
		}
		f["UserState"] = hex.EncodeToString(us)
		msg["fields"] = f
	case tUser:
		var h wUserMsgHeader
		if err := decode(&h); err != nil {
			d.Err = "userMsg header: " + err.Error()
			return d
		}
		p := make([]byte, h.UserMsgLen)
		if _, err := io.ReadFull(r, p); err != nil {
			d.Err = "user payload: " + err.Error()
			return d
		}
		f := fieldsOf(&h)
		f["Payload"] = hex.EncodeToString(p)
		msg["fields"] = f
	default:
		m, err := decodeLeaf(buf)
		if err != nil {
			d.Err = err.Error()
			return d
		}
		msg = m
	}
	d.Messages = append(d.Messages, msg)
	return d
}
