//go:build memberlist_v02

package main

// Build for the memberlist 0.2.x API generation (v0.2.2: module mode with
// go.v022.mod, or Debian's GOPATH package). It predates labels and encodes
// with go-msgpack v0.5, which writes non-negative Go ints in unsigned forms.

import (
	"errors"
	"io"

	"github.com/hashicorp/go-msgpack/codec"
	"github.com/hashicorp/memberlist"
)

// apiGeneration names the source variant compiled in (see README.md).
const apiGeneration = "v0.2"

// supportsLabels reports whether Config has Label / SkipInboundLabelCheck.
const supportsLabels = false

// msgpackGeneration names the go-msgpack line our mirror structs use; it is
// the one the library itself uses.
const msgpackGeneration = "go-msgpack v0.5"

func mpHandle() *codec.MsgpackHandle { return &codec.MsgpackHandle{} }

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

// applyLabel fails when a label is asked for: this release has none.
func applyLabel(cfg *memberlist.Config, label string, skipCheck bool) error {
	if label != "" || skipCheck {
		return errors.New("labels need memberlist v0.3.0 or newer; this peer is built against " + libVersion())
	}
	return nil
}
