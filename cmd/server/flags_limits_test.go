package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"citynet/server"
)

func TestLimitFlags(t *testing.T) {
	t.Run("OK/Defaults", func(t *testing.T) {
		// Unset limits stay zero: server.Limits reads zero as its default.
		cfg, err := ParseConfig(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cfg.Limits, server.Limits{}) {
			t.Errorf("got %+v, want the zero Limits (the defaults)", cfg.Limits)
		}
	})

	t.Run("OK/Env", func(t *testing.T) {
		cfg, err := ParseConfig(nil, env(map[string]string{
			"MAX_DEPTH": "5", "MAX_COMPLEXITY": "off", "MAX_TOKENS": "0", "REQUEST_TIMEOUT": "3s",
			"RATE_LIMIT": "2.5", "RATE_BURST": "7", "RATE_CLIENTS": "9",
			"TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1,::1", "INTROSPECTION": "false",
		}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := server.Limits{MaxDepth: 5, MaxComplexity: -1, MaxTokens: -1, Timeout: 3 * time.Second,
			Rate: 2.5, Burst: 7, MaxClients: 9, NoIntrospection: true,
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}}
		if !reflect.DeepEqual(cfg.Limits, want) {
			t.Errorf("got %+v, want %+v", cfg.Limits, want)
		}
	})

	t.Run("OK/FlagsOverrideEnv", func(t *testing.T) {
		cfg, err := ParseConfig([]string{"-max-depth", "7", "-rate-limit", "off", "-introspection", "-request-timeout", "1m"},
			env(map[string]string{"MAX_DEPTH": "5", "RATE_LIMIT": "3", "INTROSPECTION": "false", "REQUEST_TIMEOUT": "forever"}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := server.Limits{MaxDepth: 7, Rate: -1, Timeout: time.Minute}
		if !reflect.DeepEqual(cfg.Limits, want) {
			t.Errorf("got %+v, want %+v", cfg.Limits, want)
		}
	})

	t.Run("ErrEnv", func(t *testing.T) {
		for _, tc := range []struct{ name, value string }{
			{"MAX_DEPTH", "-1"},
			{"MAX_DEPTH", "deep"},
			{"MAX_COMPLEXITY", "1.5"},
			{"MAX_TOKENS", "-10"},
			{"REQUEST_TIMEOUT", "10"},
			{"REQUEST_TIMEOUT", "-1s"},
			{"RATE_LIMIT", "NaN"},
			{"RATE_LIMIT", "-2"},
			{"RATE_BURST", "off"},
			{"RATE_BURST", "0"},
			{"RATE_CLIENTS", "0"},
			{"TRUSTED_PROXIES", "proxy.example"},
			{"TRUSTED_PROXIES", "10.0.0.0/33"},
			{"INTROSPECTION", "maybe"},
		} {
			t.Run(tc.name+"="+tc.value, func(t *testing.T) {
				_, err := ParseConfig(nil, env(map[string]string{tc.name: tc.value}), io.Discard)
				if err == nil || !strings.Contains(err.Error(), tc.name) {
					t.Errorf("got %v, want an error naming %s", err, tc.name)
				}
			})
		}
	})

	t.Run("Help", func(t *testing.T) {
		var out bytes.Buffer
		ParseConfig([]string{"-help"}, env(nil), &out)
		d := server.DefaultLimits()
		for _, want := range []string{"-max-depth", "(default 12)", "-max-complexity", "-max-tokens", "-request-timeout", "(default 15s)",
			"-rate-limit", "-rate-burst", "-rate-clients", "-trusted-proxies", "-introspection", "MAX_DEPTH", "TRUSTED_PROXIES"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("-help: got\n%s\nwant %q", out.String(), want)
			}
		}
		if d.MaxDepth != 12 || d.Timeout != 15*time.Second {
			t.Errorf("DefaultLimits changed (%+v): update this test and the README", d)
		}
	})
}

// The limits as the binary configures them, over HTTP.
func TestLimits_HTTP(t *testing.T) {
	start := func(t *testing.T, args ...string) *testServer {
		t.Helper()
		cfg, err := ParseConfig(args, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Addr = ""
		return MustStart(t, cfg)
	}
	// Limit errors are refused like validation errors: their status.
	validationStatus := func(t *testing.T, url string) int {
		t.Helper()
		status, _ := MustQuery(t, url, `{ noSuchField }`, nil)
		return status
	}

	t.Run("Defaults", func(t *testing.T) {
		srv := start(t)
		for _, q := range []string{
			`{ stats { nodes { type count } membersPerNetwork(first: 5) { network { name } count } joinsPerYear { year count } } }`,
			`{ neighborhood(id: "krakow", depth: 1) { nodes { id type label } edges { type source target } truncated omitted } }`,
			`{ cities(filter: {network: "eurocities", country: "PL"}, first: 50) { totalCount edges { node { name } } } }`,
			`{ __schema { queryType { name } } }`,
		} {
			status, r := MustQuery(t, srv.URL, q, nil)
			MustData[map[string]any](t, status, r)
		}
		deep := `{ city(id: "krakow") { name } }`
		for range 6 {
			deep = strings.Replace(deep, "{ name }", "{ offices { city { name } } }", 1)
		}
		status, r := MustQuery(t, srv.URL, deep, nil)
		MustFail(t, status, r, validationStatus(t, srv.URL), "QUERY_TOO_DEEP", "")
		status, r = MustQuery(t, srv.URL, `{ cities(first: 500) { edges { node { memberships { network { members { since } } } } } } }`, nil)
		MustFail(t, status, r, validationStatus(t, srv.URL), "COMPLEXITY_TOO_HIGH", "")
	})

	t.Run("Configured", func(t *testing.T) {
		srv := start(t, "-max-depth", "2", "-introspection=false", "-max-tokens", "12", "-max-complexity", "30")
		vs := validationStatus(t, srv.URL)
		for _, tc := range []struct{ query, code string }{
			{`{ stats { nodes { type } } }`, "QUERY_TOO_DEEP"},
			{`{ __schema { queryType { name } } }`, "INTROSPECTION_DISABLED"},
			{`{ city(id: "krakow") { name id localName } }`, "QUERY_TOO_LARGE"},
			{`{ cities(first: 30) { totalCount } }`, "COMPLEXITY_TOO_HIGH"},
		} {
			status, r := MustQuery(t, srv.URL, tc.query, nil)
			MustFail(t, status, r, vs, tc.code, "")
		}
		status, r := MustQuery(t, srv.URL, `{ city(id: "krakow") { name } }`, nil)
		MustData[map[string]any](t, status, r)
	})

	t.Run("RateLimit", func(t *testing.T) {
		// The test's requests come from this machine, which is not
		// limited unless a trusted proxy says they come from elsewhere.
		srv := start(t, "-rate-limit", "0.001", "-rate-burst", "2", "-trusted-proxies", "127.0.0.1,::1")
		send := func(client string) (int, gqlResponse, http.Header) {
			req := MustRequestJSON(t, srv.URL, `{ city(id: "krakow") { name } }`, nil)
			if client != "" {
				req.Header.Set("X-Forwarded-For", client)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var r gqlResponse
			json.NewDecoder(resp.Body).Decode(&r)
			return resp.StatusCode, r, resp.Header
		}
		for range 2 {
			status, r, _ := send("203.0.113.1")
			MustData[map[string]any](t, status, r)
		}
		status, r, h := send("203.0.113.1")
		MustFail(t, status, r, http.StatusTooManyRequests, "RATE_LIMITED", "")
		if h.Get("Retry-After") != "1000" {
			t.Errorf("Retry-After: got %q, want 1000", h.Get("Retry-After"))
		}
		status, r, _ = send("203.0.113.2")
		MustData[map[string]any](t, status, r)
		for range 3 {
			status, r, _ = send("")
			MustData[map[string]any](t, status, r)
		}
	})
}
