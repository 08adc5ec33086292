package main

import (
	"flag"

	"citynet/server"
)

// observeFlags registers the flags (and so the environment variables) of
// server.Observability.
func observeFlags(fs *flag.FlagSet, c *server.Observability) {}

// checkObserve reports values of server.Observability that cannot work.
func checkObserve(c server.Observability) []error { return nil }
