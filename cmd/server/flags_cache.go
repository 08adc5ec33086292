package main

import (
	"flag"
	"fmt"
	"time"

	"citynet/server"
)

// cacheFlags registers the flags (and so the environment variables) of
// server.Caching. Each flag's default is 0, which server.Caching reads as
// its default, so the help and the zero Config mean the same thing.
func cacheFlags(fs *flag.FlagSet, c *server.Caching) {
	fs.IntVar(&c.APQCacheSize, "apq-cache-size", 0, fmt.Sprintf(
		"automatic persisted queries kept, least recently used out first; 0: %d; -1: persisted queries off (env APQ_CACHE_SIZE)", server.DefaultAPQCacheSize))
	fs.IntVar(&c.QueryCacheSize, "query-cache-size", 0, fmt.Sprintf(
		"parsed and validated query documents kept; 0: %d (env QUERY_CACHE_SIZE)", server.DefaultQueryCacheSize))
	fs.DurationVar(&c.MaxAge, "cache-max-age", 0,
		"Cache-Control max-age of GET /graphql answers, whole seconds; 0: caches revalidate every use by ETag (a 304 runs no query); -1s: no ETags, no-store (env CACHE_MAX_AGE)")
	fs.IntVar(&c.CompressMinBytes, "compress-min-bytes", 0, fmt.Sprintf(
		"gzip answers of at least this many bytes for clients that accept it; 0: %d; -1: no compression (env COMPRESS_MIN_BYTES)", server.DefaultCompressMinBytes))
}

// checkCache reports values of server.Caching that cannot work.
func checkCache(c server.Caching) []error {
	var errs []error
	if c.APQCacheSize < -1 {
		errs = append(errs, fmt.Errorf("APQ_CACHE_SIZE / -apq-cache-size must be positive, 0 for %d, or -1 to turn persisted queries off, got %d",
			server.DefaultAPQCacheSize, c.APQCacheSize))
	}
	if c.QueryCacheSize < 0 {
		errs = append(errs, fmt.Errorf("QUERY_CACHE_SIZE / -query-cache-size must be positive, or 0 for %d, got %d",
			server.DefaultQueryCacheSize, c.QueryCacheSize))
	}
	switch {
	case c.MaxAge < 0 && c.MaxAge != -time.Second:
		errs = append(errs, fmt.Errorf("CACHE_MAX_AGE / -cache-max-age must be 0 or more, or -1s to turn HTTP caching off, got %v", c.MaxAge))
	case c.MaxAge%time.Second != 0:
		errs = append(errs, fmt.Errorf("CACHE_MAX_AGE / -cache-max-age must be whole seconds (max-age has no fractions), got %v", c.MaxAge))
	case c.MaxAge > 365*24*time.Hour:
		errs = append(errs, fmt.Errorf("CACHE_MAX_AGE / -cache-max-age must be at most a year (8760h), got %v", c.MaxAge))
	}
	if c.CompressMinBytes < -1 {
		errs = append(errs, fmt.Errorf("COMPRESS_MIN_BYTES / -compress-min-bytes must be positive, 0 for %d, or -1 to turn compression off, got %d",
			server.DefaultCompressMinBytes, c.CompressMinBytes))
	}
	return errs
}
