package main

import (
	"flag"

	"citynet/server"
)

// cacheFlags registers the flags (and so the environment variables) of
// server.Caching.
func cacheFlags(fs *flag.FlagSet, c *server.Caching) {}

// checkCache reports values of server.Caching that cannot work.
func checkCache(c server.Caching) []error { return nil }
