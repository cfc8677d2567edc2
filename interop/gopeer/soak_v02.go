//go:build memberlist_v02

package main

import "errors"

// runSoak: the soak (soak.go) installs its metrics sink in
// hashicorp/go-metrics, which memberlist 0.2.x does not report to.
func runSoak([]string) error {
	return errors.New("gopeer soak needs a v0.5+ build (v070); this peer is built against memberlist " + libVersion())
}
