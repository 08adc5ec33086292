package main

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"citynet/server"
)

func TestParseConfig_Cache(t *testing.T) {
	t.Run("OK/Defaults", func(t *testing.T) {
		cfg, err := ParseConfig(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		// Zero: server.Caching's defaults (1000, 1000, revalidate, 1 KiB).
		if cfg.Cache != (server.Caching{}) {
			t.Errorf("got %+v, want the zero Caching", cfg.Cache)
		}
	})

	t.Run("OK/Env", func(t *testing.T) {
		cfg, err := ParseConfig(nil, env(map[string]string{"APQ_CACHE_SIZE": "50", "QUERY_CACHE_SIZE": "20",
			"CACHE_MAX_AGE": "30s", "COMPRESS_MIN_BYTES": "-1"}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := server.Caching{APQCacheSize: 50, QueryCacheSize: 20, MaxAge: 30 * time.Second, CompressMinBytes: -1}
		if cfg.Cache != want {
			t.Errorf("got %+v, want %+v", cfg.Cache, want)
		}
	})

	t.Run("OK/FlagsOverrideEnv", func(t *testing.T) {
		cfg, err := ParseConfig([]string{"-apq-cache-size", "-1", "-cache-max-age", "-1s", "-compress-min-bytes", "4096"},
			env(map[string]string{"APQ_CACHE_SIZE": "50", "CACHE_MAX_AGE": "bad", "COMPRESS_MIN_BYTES": "-1"}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := server.Caching{APQCacheSize: -1, MaxAge: -time.Second, CompressMinBytes: 4096}
		if cfg.Cache != want {
			t.Errorf("got %+v, want %+v", cfg.Cache, want)
		}
	})

	t.Run("ErrEnv", func(t *testing.T) {
		for _, tc := range []struct{ name, value string }{
			{"APQ_CACHE_SIZE", "lots"},
			{"APQ_CACHE_SIZE", "-2"},
			{"QUERY_CACHE_SIZE", "-1"},
			{"CACHE_MAX_AGE", "10"},
			{"CACHE_MAX_AGE", "-5s"},
			{"CACHE_MAX_AGE", "1500ms"},
			{"CACHE_MAX_AGE", "9000h"},
			{"COMPRESS_MIN_BYTES", "-2"},
		} {
			t.Run(tc.name+"="+tc.value, func(t *testing.T) {
				_, err := ParseConfig(nil, env(map[string]string{tc.name: tc.value}), io.Discard)
				if err == nil || !strings.Contains(err.Error(), tc.name) {
					t.Errorf("got %v, want an error naming %s", err, tc.name)
				}
			})
		}
	})
}

// The configured caching reaches the running server.
func TestMain_Cache(t *testing.T) {
	cfg, err := ParseConfig(nil, env(map[string]string{"CACHE_MAX_AGE": "60s", "COMPRESS_MIN_BYTES": "-1"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s := MustStart(t, cfg)
	u := s.URL + "/graphql?query=" + url.QueryEscape(`{ stats { joinsWithoutYear } }`)
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.Header.Get("Cache-Control"), "public, max-age=60"; got != want || resp.Header.Get("ETag") == "" {
		t.Errorf("got Cache-Control %q, ETag %q; want %q and an ETag", got, resp.Header.Get("ETag"), want)
	}
	if ce := resp.Header.Get("Content-Encoding"); ce != "" {
		t.Errorf("COMPRESS_MIN_BYTES=-1: got Content-Encoding %q, want none", ce)
	}
}
