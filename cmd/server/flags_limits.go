package main

import (
	"flag"

	"citynet/server"
)

// limitFlags registers the flags (and so the environment variables) of
// server.Limits.
func limitFlags(fs *flag.FlagSet, c *server.Limits) {}

// checkLimits reports values of server.Limits that cannot work.
func checkLimits(c server.Limits) []error { return nil }
