package main

import (
	"runtime"
	"runtime/debug"
)

const memberlistModule = "github.com/hashicorp/memberlist"

// libVersion is the memberlist release this binary was built against, read
// from the module build info ("gopath" for a GOPATH build, e.g. Debian's
// 0.2.2 package, where no module versions are recorded).
func libVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == memberlistModule {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "gopath"
}

// buildInfo describes the binary for the ready event and `gopeer version`.
func buildInfo() map[string]interface{} {
	return map[string]interface{}{"memberlist": libVersion(), "api": apiGeneration,
		"msgpack": msgpackGeneration, "go": runtime.Version(), "labels": supportsLabels}
}
