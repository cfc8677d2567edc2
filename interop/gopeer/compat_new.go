//go:build !memberlist_v02

package main

// Build for the current memberlist API generation (v0.5.x, v0.7.0): labels
// exist, and the library encodes with go-msgpack/v2, which writes Go ints
// above 127 in signed forms (d1/d2/d3).

import (
	"io"

	"github.com/hashicorp/go-msgpack/v2/codec"
	"github.com/hashicorp/memberlist"
)

// apiGeneration names the source variant compiled in (see README.md).
const apiGeneration = "v0.5+"

// supportsLabels reports whether Config has Label / SkipInboundLabelCheck.
const supportsLabels = true

// msgpackGeneration names the go-msgpack line our mirror structs use; it is
// the one the library itself uses.
const msgpackGeneration = "go-msgpack/v2"

// mpHandle is configured as the library's encoder is with its default
// MsgpackUseNewTimeFormat=false (no memberlist message holds a time value).
func mpHandle() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{}
	h.TimeNotBuiltin = true
	return h
}

func mpEncodeTo(w io.Writer, v interface{}) error {
	return codec.NewEncoder(w, mpHandle()).Encode(v)
}

func mpDecodeBytes(b []byte, v interface{}) error {
	return codec.NewDecoderBytes(b, mpHandle()).Decode(v)
}

// mpStream returns a decoder reading consecutive values from r.
func mpStream(r io.Reader) func(interface{}) error {
	return codec.NewDecoder(r, mpHandle()).Decode
}

func applyLabel(cfg *memberlist.Config, label string, skipCheck bool) error {
	cfg.Label = label
	cfg.SkipInboundLabelCheck = skipCheck
	return nil
}
