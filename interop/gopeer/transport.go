package main

// A memberlist.Transport that wraps the library's NetTransport, optionally
// records every datagram and stream, can drop packets / refuse dials to
// simulate faults, and counts bytes sent.

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"
)

// dropFunc decides whether a packet from node `from` to address `to` is
// silently discarded. kind is "packet" or "dial".
type dropFunc func(kind, from, to string, pkt []byte) bool

type wrapTransport struct {
	inner    *memberlist.NetTransport
	name     string
	rec      *recorder // nil: no recording
	drop     atomic.Value
	streamCh chan net.Conn
	draining chan struct{} // closed when Shutdown starts: stop handing streams on
	done     chan struct{} // closed when the inner transport has shut down
	once     sync.Once

	bytesOut uint64 // UDP + TCP bytes written by this node
	bytesIn  uint64 // UDP + TCP bytes read by this node (streams + packets delivered)
	pktsOut  uint64
}

func newWrapTransport(name, bind string, port int, rec *recorder) (*wrapTransport, error) {
	nt, err := memberlist.NewNetTransport(&memberlist.NetTransportConfig{
		BindAddrs: []string{bind},
		BindPort:  port,
		Logger:    discardLogger(),
	})
	if err != nil {
		return nil, err
	}
	w := &wrapTransport{inner: nt, name: name, rec: rec,
		streamCh: make(chan net.Conn), draining: make(chan struct{}), done: make(chan struct{})}
	go w.forwardStreams()
	return w, nil
}

func (w *wrapTransport) setDrop(f dropFunc) { w.drop.Store(f) }

func (w *wrapTransport) dropper() dropFunc {
	if f, ok := w.drop.Load().(dropFunc); ok {
		return f
	}
	return nil
}

func (w *wrapTransport) port() int { return w.inner.GetAutoBindPort() }

func (w *wrapTransport) FinalAdvertiseAddr(ip string, port int) (net.IP, int, error) {
	return w.inner.FinalAdvertiseAddr(ip, port)
}

func (w *wrapTransport) WriteTo(b []byte, addr string) (time.Time, error) {
	drop := false
	if f := w.dropper(); f != nil && f("packet", w.name, addr, b) {
		drop = true
	}
	if w.rec != nil {
		w.rec.packet(w.name, addr, b, drop)
	}
	if drop {
		return time.Now(), nil
	}
	atomic.AddUint64(&w.bytesOut, uint64(len(b)))
	atomic.AddUint64(&w.pktsOut, 1)
	return w.inner.WriteTo(b, addr)
}

func (w *wrapTransport) PacketCh() <-chan *memberlist.Packet { return w.inner.PacketCh() }

func (w *wrapTransport) DialTimeout(addr string, timeout time.Duration) (net.Conn, error) {
	if f := w.dropper(); f != nil && f("dial", w.name, addr, nil) {
		return nil, errors.New("dial refused by test fault injection")
	}
	c, err := w.inner.DialTimeout(addr, timeout)
	if err != nil {
		return nil, err
	}
	rc := &countConn{Conn: c, w: w}
	if w.rec != nil {
		rc.onWrite = w.rec.streamWriter(w.name, c.LocalAddr().String()+">"+c.RemoteAddr().String(), true, addr)
	}
	return rc, nil
}

func (w *wrapTransport) StreamCh() <-chan net.Conn { return w.streamCh }

// forwardStreams hands the inner transport's streams on to memberlist. It keeps
// reading (and closing) them while Shutdown runs: 0.2.2's TCP listener blocks
// sending on its unbuffered stream channel and the inner Shutdown waits for that
// listener, so a forwarder that stopped first made Shutdown hang (a benchmark
// process that never exited).
func (w *wrapTransport) forwardStreams() {
	in := w.inner.StreamCh()
	for {
		select {
		case <-w.done:
			return
		case c := <-in:
			select {
			case <-w.draining:
				c.Close()
				continue
			default:
			}
			rc := &countConn{Conn: c, w: w}
			if w.rec != nil {
				rc.onWrite = w.rec.streamWriter(w.name, c.RemoteAddr().String()+">"+c.LocalAddr().String(), false, "")
			}
			select {
			case w.streamCh <- rc:
			case <-w.draining:
				c.Close()
			}
		}
	}
}

// Shutdown stops handing streams on, shuts the inner transport down while the
// forwarder drains, then stops the forwarder. Safe to call more than once.
func (w *wrapTransport) Shutdown() error {
	var err error
	w.once.Do(func() {
		close(w.draining)
		err = w.inner.Shutdown()
		close(w.done)
	})
	return err
}

type countConn struct {
	net.Conn
	w       *wrapTransport
	onWrite func([]byte)
}

func (c *countConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if n > 0 {
		atomic.AddUint64(&c.w.bytesOut, uint64(n))
		if c.onWrite != nil {
			c.onWrite(b[:n])
		}
	}
	return n, err
}

func (c *countConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		atomic.AddUint64(&c.w.bytesIn, uint64(n))
	}
	return n, err
}
