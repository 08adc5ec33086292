package main

// End-to-end tests: each starts the real program (Main on 127.0.0.1:0 with
// the bundled dataset unless told otherwise) and talks HTTP to it, so they
// cover config, wiring, transports, CORS, the error presenter and graceful
// shutdown together. Expected answers come from the corpus (shared/corpus)
// as curated in data/*.json.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"citynet/auth"
	"citynet/data"
	"citynet/graph"
	"citynet/graph/neo4j"
)

// Corpus file names (shared/corpus), as the dataset's sources name them.
const (
	fileBydgoszczEurocities = "000_cb11e9c30785db29.txt"
	fileKrakowJoins         = "001_babf857c590d7825.txt"
)

// ---------------------------------------------------------------------------
// Harness

// testServer is a running Main.
type testServer struct {
	*Main
	URL string
	Log *syncBuffer

	cancel   context.CancelFunc
	done     chan error
	stopOnce sync.Once
	stopErr  error
	// checked: the test called Stop and judges Run's error itself.
	checked atomic.Bool
}

// Stop cancels Run's context and waits for Run to return its error, which
// the caller then checks (cleanup no longer does).
func (s *testServer) Stop(tb testing.TB) error {
	tb.Helper()
	s.checked.Store(true)
	return s.stop()
}

func (s *testServer) stop() error {
	s.stopOnce.Do(func() {
		s.cancel()
		select {
		case s.stopErr = <-s.done:
		case <-time.After(15 * time.Second):
			s.stopErr = errors.New("Run did not return within 15s of cancel")
		}
	})
	return s.stopErr
}

// MustStart opens Main with cfg (Addr defaults to 127.0.0.1:0), runs it in a
// goroutine and stops it at cleanup, failing the test if Run does not return
// nil.
func MustStart(tb testing.TB, cfg Config) *testServer {
	tb.Helper()
	return mustStart(tb, cfg, nil)
}

// mustStart is MustStart with a hook that runs after Open and before Run.
func mustStart(tb testing.TB, cfg Config, beforeRun func(*Main)) *testServer {
	tb.Helper()
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 5 * time.Second
	}
	log := &syncBuffer{}
	m := &Main{Config: cfg, Logger: slog.New(slog.NewTextHandler(log, nil))}
	if err := m.Open(); err != nil {
		tb.Fatalf("Open: %v", err)
	}
	if beforeRun != nil {
		beforeRun(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &testServer{Main: m, URL: m.URL(), Log: log, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- m.Run(ctx) }()
	tb.Cleanup(func() {
		if err := s.stop(); err != nil && !s.checked.Load() {
			tb.Errorf("Run returned %v, want nil\nlog:\n%s", err, log)
		}
	})
	return s
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// client never follows redirects, so tests see them.
var client = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// gqlResponse is a GraphQL response body.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	Body   string          `json:"-"`
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// transport sends one GraphQL request and returns the HTTP status and body.
type transport func(tb testing.TB, baseURL, query string, vars map[string]any) (int, gqlResponse)

// transports are the two ways a client sends a query; the OK answers and
// the resolver errors must not depend on which.
var transports = []struct {
	name string
	do   transport
}{
	{"POST", MustQuery},
	{"GET", MustQueryGET},
}

// MustQuery POSTs query (application/json) to baseURL/graphql.
func MustQuery(tb testing.TB, baseURL, query string, vars map[string]any) (int, gqlResponse) {
	tb.Helper()
	return MustDo(tb, MustRequestJSON(tb, baseURL, query, vars))
}

// MustRequestJSON builds the POST request MustQuery sends, for tests that
// add headers.
func MustRequestJSON(tb testing.TB, baseURL, query string, vars map[string]any) *http.Request {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, baseURL+"/graphql", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return req
}

// MustQueryGET sends query as GET baseURL/graphql?query=...&variables=...
func MustQueryGET(tb testing.TB, baseURL, query string, vars map[string]any) (int, gqlResponse) {
	tb.Helper()
	v := url.Values{"query": {query}}
	if vars != nil {
		b, err := json.Marshal(vars)
		if err != nil {
			tb.Fatal(err)
		}
		v.Set("variables", string(b))
	}
	req, err := http.NewRequest(http.MethodGet, baseURL+"/graphql?"+v.Encode(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return MustDo(tb, req)
}

// MustDo sends req, decodes a GraphQL JSON body and checks that it leaks
// nothing of the server's insides and that no response is ever a 500.
func MustDo(tb testing.TB, req *http.Request) (int, gqlResponse) {
	tb.Helper()
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("reading response: %v", err)
	}
	MustNotLeak(tb, string(b))
	if resp.StatusCode >= 500 {
		tb.Errorf("%s %s: status %d, want < 500; body: %s", req.Method, req.URL.Path, resp.StatusCode, b)
	}
	var r gqlResponse
	if err := json.Unmarshal(b, &r); err != nil {
		tb.Fatalf("%s %s: status %d, body is not GraphQL JSON (%v): %s", req.Method, req.URL.Path, resp.StatusCode, err, b)
	}
	if r.Data == nil && r.Errors == nil {
		tb.Fatalf("body has neither data nor errors: %s", b)
	}
	r.Body = string(b)
	return resp.StatusCode, r
}

var stackTrace = regexp.MustCompile(`goroutine \d+|\.go:\d+|runtime/debug|panic`)

// MustNotLeak fails if body holds a Go stack trace or mentions a panic.
func MustNotLeak(tb testing.TB, body string) {
	tb.Helper()
	if m := stackTrace.FindString(strings.ToLower(body)); m != "" {
		tb.Errorf("response leaks server internals (%q): %s", m, body)
	}
}

// MustData checks that r has no errors and decodes r.data into a T.
func MustData[T any](tb testing.TB, status int, r gqlResponse) T {
	tb.Helper()
	if status != http.StatusOK || len(r.Errors) > 0 {
		tb.Fatalf("got status %d, errors %+v, want 200 with no errors; body: %s", status, r.Errors, r.Body)
	}
	var v T
	if err := json.Unmarshal(r.Data, &v); err != nil {
		tb.Fatalf("decoding data: %v; body: %s", err, r.Body)
	}
	return v
}

// MustFail checks an error response: HTTP status, errors[0].extensions.code
// and, unless wantField is "", errors[0].extensions.field.
func MustFail(tb testing.TB, status int, r gqlResponse, wantStatus int, wantCode, wantField string) gqlError {
	tb.Helper()
	if status != wantStatus {
		tb.Errorf("status: got %d, want %d; body: %s", status, wantStatus, r.Body)
	}
	if len(r.Errors) == 0 {
		tb.Fatalf("errors: got none, want %s; body: %s", wantCode, r.Body)
	}
	e := r.Errors[0]
	if got := e.Extensions["code"]; got != wantCode {
		tb.Errorf("extensions.code: got %v, want %s; body: %s", got, wantCode, r.Body)
	}
	if wantField != "" {
		if got := e.Extensions["field"]; got != wantField {
			tb.Errorf("extensions.field: got %v, want %s; body: %s", got, wantField, r.Body)
		}
	}
	if strings.TrimSpace(e.Message) == "" {
		tb.Errorf("message: got empty, want an explanation; body: %s", r.Body)
	}
	if e.Message == "internal error" && wantCode != "INTERNAL_SERVER_ERROR" {
		tb.Errorf("message: got %q, want a user-facing explanation", e.Message)
	}
	return e
}

// MustQueryData sends query with do and returns its data as a T, failing
// on any error.
func MustQueryData[T any](tb testing.TB, do transport, baseURL, query string, vars map[string]any) T {
	tb.Helper()
	status, r := do(tb, baseURL, query, vars)
	return MustData[T](tb, status, r)
}

// MustDataset loads the bundled dataset, the source of expected numbers.
func MustDataset(tb testing.TB) *graph.Dataset {
	tb.Helper()
	ds, err := data.Load()
	if err != nil {
		tb.Fatalf("data.Load: %v", err)
	}
	return ds
}

// forEachTransport runs f once per transport as a subtest.
func forEachTransport(t *testing.T, f func(t *testing.T, query transport)) {
	t.Helper()
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) { f(t, tr.do) })
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

type idOnly struct {
	ID string `json:"id"`
}

type citation struct {
	Quote  string `json:"quote"`
	Source struct {
		ID   string `json:"id"`
		File string `json:"file"`
	} `json:"source"`
}

func files(cs []citation) []string {
	var out []string
	for _, c := range cs {
		if !slices.Contains(out, c.Source.File) {
			out = append(out, c.Source.File)
		}
	}
	sort.Strings(out)
	return out
}

// ---------------------------------------------------------------------------
// The corpus questions

func TestQuery_Network(t *testing.T) {
	s := MustStart(t, Config{})

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			// Who founded EUROCITIES, when, and says who?
			got := MustQueryData[struct {
				Network struct {
					Founders []struct {
						Founder idOnly     `json:"founder"`
						Date    *string    `json:"date"`
						Sources []citation `json:"sources"`
					} `json:"founders"`
				} `json:"network"`
			}](t, query, s.URL, `{ network(id:"eurocities"){ founders { founder { ... on City { id } } date sources { quote source { file } } } } }`, nil)

			var ids []string
			for _, f := range got.Network.Founders {
				ids = append(ids, f.Founder.ID)
				if f.Date == nil || *f.Date != "1986" {
					t.Errorf("founder %q date: got %v, want 1986", f.Founder.ID, f.Date)
				}
				if got, want := files(f.Sources), []string{fileBydgoszczEurocities, fileKrakowJoins}; !reflect.DeepEqual(got, want) {
					t.Errorf("founder %q cited from: got %q, want %q", f.Founder.ID, got, want)
				}
				for _, c := range f.Sources {
					if strings.TrimSpace(c.Quote) == "" {
						t.Errorf("founder %q: empty quote from %s", f.Founder.ID, c.Source.File)
					}
				}
			}
			if want := []string{"barcelona", "birmingham", "frankfurt", "lyon", "milan", "rotterdam"}; !reflect.DeepEqual(sorted(ids), want) {
				t.Errorf("founders: got %q, want %q", sorted(ids), want)
			}
		})
	})

	t.Run("OK/Claims", func(t *testing.T) {
		// Sources disagree on how many countries EUROCITIES spans: both
		// claims stay, each with its own source.
		got := MustQueryData[struct {
			Network struct {
				Claims []struct {
					Property string     `json:"property"`
					Value    string     `json:"value"`
					Sources  []citation `json:"sources"`
				} `json:"claims"`
			} `json:"network"`
		}](t, MustQuery, s.URL, `{ network(id:"eurocities"){ claims { property value sources { quote source { file } } } } }`, nil)

		byValue := map[string][]string{}
		for _, c := range got.Network.Claims {
			if c.Property == "memberCountryCount" {
				byValue[c.Value] = files(c.Sources)
			}
		}
		want := map[string][]string{"39": {fileBydgoszczEurocities}, "38": {fileKrakowJoins}}
		if !reflect.DeepEqual(byValue, want) {
			t.Errorf("memberCountryCount claims (value → source files): got %q, want %q", byValue, want)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		status, r := MustQuery(t, s.URL, `{ network(id:"atlantis"){ id } }`, nil)
		MustFail(t, status, r, http.StatusOK, "NOT_FOUND", "")
	})
}

func TestQuery_City(t *testing.T) {
	s := MustStart(t, Config{})

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			// Why do you say Bydgoszcz joined EUROCITIES in November 2005?
			got := MustQueryData[struct {
				City struct {
					Memberships []struct {
						Network        idOnly     `json:"network"`
						Since          *string    `json:"since"`
						SincePrecision string     `json:"sincePrecision"`
						Status         string     `json:"status"`
						Sources        []citation `json:"sources"`
					} `json:"memberships"`
				} `json:"city"`
			}](t, query, s.URL, `query($id: ID!){ city(id:$id){ memberships { network { id } since sincePrecision status sources { quote source { file } } } } }`, map[string]any{"id": "bydgoszcz"})

			n := 0
			for _, m := range got.City.Memberships {
				if m.Network.ID != "eurocities" {
					continue
				}
				n++
				if m.Since == nil || *m.Since != "2005-11" {
					t.Errorf("since: got %v, want 2005-11", m.Since)
				}
				if m.SincePrecision != "MONTH" {
					t.Errorf("sincePrecision: got %s, want MONTH", m.SincePrecision)
				}
				if m.Status != "FULL_MEMBER" {
					t.Errorf("status: got %s, want FULL_MEMBER", m.Status)
				}
				if !slices.ContainsFunc(m.Sources, func(c citation) bool {
					return strings.Contains(c.Quote, "od listopada 2005") && c.Source.File == fileBydgoszczEurocities
				}) {
					t.Errorf("sources: got %+v, want a quote from %s containing %q", m.Sources, fileBydgoszczEurocities, "od listopada 2005")
				}
			}
			if n != 1 {
				t.Errorf("bydgoszcz memberships of eurocities: got %d, want 1", n)
			}
		})
	})

	t.Run("OK/Mayor", func(t *testing.T) {
		got := MustQueryData[struct {
			City struct {
				Offices []struct {
					Person struct {
						Name string `json:"name"`
					} `json:"person"`
					Title string `json:"title"`
				} `json:"offices"`
			} `json:"city"`
		}](t, MustQuery, s.URL, `{ city(id:"krakow"){ offices { person { name } title } } }`, nil)
		if len(got.City.Offices) != 1 {
			t.Fatalf("offices: got %+v, want one", got.City.Offices)
		}
		o := got.City.Offices[0]
		if o.Person.Name != "Aleksander Miszalski" || o.Title != "Prezydent Miasta Krakowa" {
			t.Errorf("office: got %q, %q, want %q, %q", o.Person.Name, o.Title, "Aleksander Miszalski", "Prezydent Miasta Krakowa")
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			status, r := query(t, s.URL, `{ city(id:"atlantis"){ id name } }`, nil)
			e := MustFail(t, status, r, http.StatusOK, "NOT_FOUND", "")
			if !reflect.DeepEqual(e.Path, []any{"city"}) {
				t.Errorf("path: got %v, want [city]", e.Path)
			}
			if !strings.Contains(e.Message, "atlantis") {
				t.Errorf("message: got %q, want it to name the id", e.Message)
			}
			var d map[string]any
			if err := json.Unmarshal(r.Data, &d); err != nil {
				t.Fatalf("data: %v; body: %s", err, r.Body)
			}
			if v, ok := d["city"]; !ok || v != nil {
				t.Errorf("data: got %s, want {\"city\":null}", r.Data)
			}
		})
	})
}

func TestQuery_Cities(t *testing.T) {
	s := MustStart(t, Config{})

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			// Which Polish cities belong to EUROCITIES? Ten in doc 000, plus
			// Kraków (doc 001).
			got := MustQueryData[struct {
				Cities struct {
					TotalCount int `json:"totalCount"`
					Edges      []struct {
						Node idOnly `json:"node"`
					} `json:"edges"`
					PageInfo struct {
						HasNextPage bool `json:"hasNextPage"`
					} `json:"pageInfo"`
				} `json:"cities"`
			}](t, query, s.URL, `{ cities(filter:{network:"eurocities", country:"PL"}, first: 50){ totalCount edges { node { id } } pageInfo { hasNextPage } } }`, nil)
			var ids []string
			for _, e := range got.Cities.Edges {
				ids = append(ids, e.Node.ID)
			}
			want := []string{"bialystok", "bydgoszcz", "gdansk", "katowice", "krakow", "lodz", "lublin", "poznan", "rzeszow", "warsaw", "wroclaw"}
			if !reflect.DeepEqual(sorted(ids), want) {
				t.Errorf("ids: got %q, want %q", sorted(ids), want)
			}
			if got.Cities.TotalCount != 11 {
				t.Errorf("totalCount: got %d, want 11", got.Cities.TotalCount)
			}
			if got.Cities.PageInfo.HasNextPage {
				t.Errorf("hasNextPage: got true, want false")
			}
		})
	})

	t.Run("ErrBadUserInput", func(t *testing.T) {
		for _, tc := range []struct{ name, query, field string }{
			{"FirstNegative", `{ cities(first: -1){ totalCount } }`, "first"},
			{"FirstTooLarge", `{ cities(first: 100000){ totalCount } }`, "first"},
			{"AfterGarbage", `{ cities(after: "garbage"){ totalCount } }`, "after"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				forEachTransport(t, func(t *testing.T, query transport) {
					status, r := query(t, s.URL, tc.query, nil)
					MustFail(t, status, r, http.StatusOK, "BAD_USER_INPUT", tc.field)
				})
			})
		}
	})
}

func TestQuery_Networks(t *testing.T) {
	s := MustStart(t, Config{})
	ds := MustDataset(t)

	t.Run("OK/Pagination", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			type page struct {
				Networks struct {
					TotalCount int `json:"totalCount"`
					Edges      []struct {
						Cursor string `json:"cursor"`
						Node   idOnly `json:"node"`
					} `json:"edges"`
					PageInfo struct {
						HasNextPage bool    `json:"hasNextPage"`
						EndCursor   *string `json:"endCursor"`
					} `json:"pageInfo"`
				} `json:"networks"`
			}
			const q = `query($after: String){ networks(first: 7, after: $after){ totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`
			seen := map[string]int{}
			var after any // nil: first page
			pages := 0
			for {
				pages++
				if pages > 100 {
					t.Fatalf("more than 100 pages of 7: pagination does not end")
				}
				p := MustQueryData[page](t, query, s.URL, q, map[string]any{"after": after})
				c := p.Networks
				if c.TotalCount != len(ds.Networks) {
					t.Errorf("page %d totalCount: got %d, want %d", pages, c.TotalCount, len(ds.Networks))
				}
				if len(c.Edges) > 7 {
					t.Errorf("page %d: got %d edges, want at most 7", pages, len(c.Edges))
				}
				for _, e := range c.Edges {
					seen[e.Node.ID]++
				}
				if !c.PageInfo.HasNextPage {
					break
				}
				if c.PageInfo.EndCursor == nil || len(c.Edges) == 0 {
					t.Fatalf("page %d: hasNextPage but endCursor %v and %d edges", pages, c.PageInfo.EndCursor, len(c.Edges))
				}
				if last := c.Edges[len(c.Edges)-1].Cursor; *c.PageInfo.EndCursor != last {
					t.Errorf("page %d endCursor: got %q, want the last edge's cursor %q", pages, *c.PageInfo.EndCursor, last)
				}
				after = *c.PageInfo.EndCursor
			}
			if want := (len(ds.Networks) + 6) / 7; pages != want {
				t.Errorf("pages: got %d, want %d", pages, want)
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("network %q: visited %d times, want 1", id, n)
				}
			}
			for _, n := range ds.Networks {
				if seen[n.ID] == 0 {
					t.Errorf("network %q: never visited", n.ID)
				}
			}
			if len(seen) != len(ds.Networks) {
				t.Errorf("distinct networks visited: got %d, want %d", len(seen), len(ds.Networks))
			}
		})
	})
}

func TestQuery_CityPairs(t *testing.T) {
	s := MustStart(t, Config{})

	type pair struct {
		A struct {
			ID       string   `json:"id"`
			Networks []idOnly `json:"networks"`
		} `json:"a"`
		B struct {
			ID       string   `json:"id"`
			Networks []idOnly `json:"networks"`
		} `json:"b"`
		Shared      []idOnly `json:"shared"`
		SharedCount int      `json:"sharedCount"`
		Jaccard     float64  `json:"jaccard"`
	}
	type conn struct {
		CityPairs struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node pair `json:"node"`
			} `json:"edges"`
			PageInfo struct {
				HasNextPage bool    `json:"hasNextPage"`
				EndCursor   *string `json:"endCursor"`
			} `json:"pageInfo"`
		} `json:"cityPairs"`
	}

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			// Which cities share more than one network?
			const q = `query($min: Int, $after: String){ cityPairs(minShared:$min, first: 100, after:$after){ totalCount
				edges { node { a { id networks { id } } b { id networks { id } } shared { id } sharedCount jaccard } }
				pageInfo { hasNextPage endCursor } } }`
			var pairs []pair
			var after any
			for range 50 {
				c := MustQueryData[conn](t, query, s.URL, q, map[string]any{"min": 2, "after": after}).CityPairs
				for _, e := range c.Edges {
					pairs = append(pairs, e.Node)
				}
				if !c.PageInfo.HasNextPage || c.PageInfo.EndCursor == nil {
					if c.TotalCount != len(pairs) {
						t.Errorf("totalCount: got %d, want %d (pairs listed)", c.TotalCount, len(pairs))
					}
					break
				}
				after = *c.PageInfo.EndCursor
			}

			var found *pair
			for i, p := range pairs {
				if p.SharedCount < 2 {
					t.Errorf("pair %s–%s: sharedCount %d, want ≥ 2", p.A.ID, p.B.ID, p.SharedCount)
				}
				if i > 0 && p.SharedCount > pairs[i-1].SharedCount {
					t.Errorf("pair %d (%s–%s): sharedCount %d after %d, want most shared first", i, p.A.ID, p.B.ID, p.SharedCount, pairs[i-1].SharedCount)
				}
				if ids := []string{p.A.ID, p.B.ID}; reflect.DeepEqual(sorted(ids), []string{"krakow", "poznan"}) {
					found = &pairs[i]
				}
			}
			if found == nil {
				t.Fatalf("cityPairs(minShared:2): no krakow–poznan pair among %d pairs", len(pairs))
			}
			var shared []string
			for _, n := range found.Shared {
				shared = append(shared, n.ID)
			}
			if want := []string{"eurocities", "european-cities-marketing"}; !reflect.DeepEqual(sorted(shared), want) {
				t.Errorf("shared: got %q, want %q", sorted(shared), want)
			}
			if found.SharedCount != 2 {
				t.Errorf("sharedCount: got %d, want 2", found.SharedCount)
			}
			union := map[string]bool{}
			for _, n := range append(slices.Clone(found.A.Networks), found.B.Networks...) {
				union[n.ID] = true
			}
			if want := 2 / float64(len(union)); math.Abs(found.Jaccard-want) > 1e-9 {
				t.Errorf("jaccard: got %v, want 2/%d = %v", found.Jaccard, len(union), want)
			}
		})
	})

	t.Run("OK/NoPairs", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			c := MustQueryData[conn](t, query, s.URL, `{ cityPairs(minShared: 1000){ totalCount edges { node { sharedCount } } pageInfo { hasNextPage endCursor } } }`, nil).CityPairs
			if len(c.Edges) != 0 || c.TotalCount != 0 || c.PageInfo.HasNextPage {
				t.Errorf("cityPairs(minShared:1000): got %d edges, totalCount %d, hasNextPage %v, want none, 0, false", len(c.Edges), c.TotalCount, c.PageInfo.HasNextPage)
			}
		})
	})

	t.Run("ErrBadUserInput", func(t *testing.T) {
		for _, minShared := range []int{0, -3} {
			t.Run(fmt.Sprint(minShared), func(t *testing.T) {
				forEachTransport(t, func(t *testing.T, query transport) {
					status, r := query(t, s.URL, `query($min: Int){ cityPairs(minShared:$min){ totalCount } }`, map[string]any{"min": minShared})
					MustFail(t, status, r, http.StatusOK, "BAD_USER_INPUT", "minShared")
				})
			})
		}
	})
}

func TestQuery_SharedNetworks(t *testing.T) {
	s := MustStart(t, Config{})

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			got := MustQueryData[struct {
				SharedNetworks []idOnly `json:"sharedNetworks"`
			}](t, query, s.URL, `{ sharedNetworks(a:"krakow", b:"poznan"){ id } }`, nil)
			var ids []string
			for _, n := range got.SharedNetworks {
				ids = append(ids, n.ID)
			}
			if want := []string{"eurocities", "european-cities-marketing"}; !reflect.DeepEqual(sorted(ids), want) {
				t.Errorf("sharedNetworks(krakow, poznan): got %q, want %q", ids, want)
			}
		})
	})

	t.Run("ErrBadUserInput", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			status, r := query(t, s.URL, `{ sharedNetworks(a:"krakow", b:"krakow"){ id } }`, nil)
			MustFail(t, status, r, http.StatusOK, "BAD_USER_INPUT", "")
		})
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		status, r := MustQuery(t, s.URL, `{ sharedNetworks(a:"krakow", b:"atlantis"){ id } }`, nil)
		MustFail(t, status, r, http.StatusOK, "NOT_FOUND", "")
	})
}

// TestQuery_SourceSupports: "what does this page say?" — the records a
// document supports, with the quoted sentence and the nodes they join.
func TestQuery_SourceSupports(t *testing.T) {
	s := MustStart(t, Config{})
	type support struct {
		Section string   `json:"section"`
		Key     []string `json:"key"`
		Quote   string   `json:"quote"`
		Subject struct {
			Typename string `json:"__typename"`
			ID       string `json:"id"`
		} `json:"subject"`
		Object *struct {
			Typename string `json:"__typename"`
			ID       string `json:"id"`
		} `json:"object"`
	}
	const q = `query($first: Int, $after: String) { source(id: "bydgoszcz-eurocities") { supports(first: $first, after: $after) {
		totalCount pageInfo { hasNextPage endCursor } edges { node { section key quote subject { __typename id } object { __typename id } } } } } }`
	type answer struct {
		Source struct {
			Supports struct {
				TotalCount int `json:"totalCount"`
				PageInfo   struct {
					HasNextPage bool   `json:"hasNextPage"`
					EndCursor   string `json:"endCursor"`
				} `json:"pageInfo"`
				Edges []struct {
					Node support `json:"node"`
				} `json:"edges"`
			} `json:"supports"`
		} `json:"source"`
	}

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			var all []support
			after := any(nil)
			for page := 0; ; page++ {
				got := MustQueryData[answer](t, query, s.URL, q, map[string]any{"first": 20, "after": after}).Source.Supports
				for _, e := range got.Edges {
					all = append(all, e.Node)
				}
				if !got.PageInfo.HasNextPage || page > 10 {
					if len(all) != got.TotalCount {
						t.Errorf("read %d supports over the pages, totalCount %d", len(all), got.TotalCount)
					}
					break
				}
				after = got.PageInfo.EndCursor
			}
			found := false
			for _, sp := range all {
				if sp.Section == "memberships" && reflect.DeepEqual(sp.Key, []string{"bydgoszcz", "eurocities", "2005-11"}) {
					found = true
					if sp.Subject.Typename != "City" || sp.Subject.ID != "bydgoszcz" || sp.Object == nil || sp.Object.Typename != "Network" || sp.Object.ID != "eurocities" {
						t.Errorf("the membership's ends: %+v → %+v", sp.Subject, sp.Object)
					}
				}
				if sp.Section == "cities" && sp.Object != nil {
					t.Errorf("a city's support has an object: %+v", sp)
				}
			}
			if !found {
				t.Errorf("no support for Bydgoszcz's EUROCITIES membership since 2005-11 among %d", len(all))
			}
		})
	})

	t.Run("ErrBadUserInput", func(t *testing.T) {
		status, r := MustQuery(t, s.URL, q, map[string]any{"first": -1})
		MustFail(t, status, r, http.StatusOK, "BAD_USER_INPUT", "first")
	})
}

func TestQuery_Partnerships(t *testing.T) {
	s := MustStart(t, Config{})

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			// Białystok's first partner city.
			got := MustQueryData[struct {
				Partnerships struct {
					Edges []struct {
						Node struct {
							ID      string   `json:"id"`
							Kind    string   `json:"kind"`
							Date    *string  `json:"date"`
							Parties []idOnly `json:"parties"`
						} `json:"node"`
					} `json:"edges"`
				} `json:"partnerships"`
			}](t, query, s.URL, `{ partnerships(filter:{party:"bialystok"}, first: 100){ edges { node { id kind date parties { ... on City { id } ... on Institution { id } } } } } }`, nil)

			var earliestDate, partner string
			for _, e := range got.Partnerships.Edges {
				n := e.Node
				if n.Date == nil || len(*n.Date) < 4 || (*n.Date)[0] == '-' {
					continue // no year: cannot be "first"
				}
				var others []string
				for _, p := range n.Parties {
					if p.ID != "bialystok" {
						others = append(others, p.ID)
					}
				}
				if len(others) == len(n.Parties) {
					t.Errorf("partnership %q: parties %v do not include bialystok", n.ID, n.Parties)
				}
				if earliestDate == "" || *n.Date < earliestDate {
					earliestDate, partner = *n.Date, strings.Join(others, ",")
				}
			}
			if partner != "eindhoven" || earliestDate != "1992" {
				t.Errorf("earliest partnership of bialystok: got %q in %q, want %q in %q", partner, earliestDate, "eindhoven", "1992")
			}
		})
	})
}

func TestQuery_Events(t *testing.T) {
	s := MustStart(t, Config{})

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			// Where was the 2017 EUROCITIES general meeting?
			got := MustQueryData[struct {
				Events struct {
					TotalCount int `json:"totalCount"`
					Edges      []struct {
						Node struct {
							ID    string  `json:"id"`
							Date  *string `json:"date"`
							Place *idOnly `json:"place"`
						} `json:"node"`
					} `json:"edges"`
				} `json:"events"`
			}](t, query, s.URL, `{ events(filter:{organizer:"eurocities", kind: GENERAL_MEETING, yearFrom:2017, yearTo:2017}){ totalCount edges { node { id date place { id } } } } }`, nil)
			ev := got.Events
			if ev.TotalCount != 1 || len(ev.Edges) != 1 {
				t.Fatalf("events: got totalCount %d, %d edges, want 1", ev.TotalCount, len(ev.Edges))
			}
			n := ev.Edges[0].Node
			if n.Place == nil || n.Place.ID != "ljubljana" {
				t.Errorf("place: got %+v, want ljubljana", n.Place)
			}
			if n.Date == nil || !strings.HasPrefix(*n.Date, "2017") {
				t.Errorf("date: got %v, want 2017…", n.Date)
			}
		})
	})

	t.Run("ErrBadUserInput", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			status, r := query(t, s.URL, `{ events(filter:{yearFrom: 2020, yearTo: 2010}){ totalCount } }`, nil)
			e := MustFail(t, status, r, http.StatusOK, "BAD_USER_INPUT", "")
			if f, _ := e.Extensions["field"].(string); !strings.Contains(f, "year") {
				t.Errorf("extensions.field: got %q, want the year range (filter.yearFrom or filter.yearTo)", f)
			}
		})
	})
}

func TestQuery_Search(t *testing.T) {
	s := MustStart(t, Config{})

	t.Run("OK", func(t *testing.T) {
		for _, tc := range []struct{ text, want string }{
			{"Krakowa", "krakow"},
			{"Cracow", "krakow"},
			{"krakow", "krakow"},
			{"Mediolan", "milan"},
			{"Białymstoku", "bialystok"},
		} {
			t.Run(tc.text, func(t *testing.T) {
				forEachTransport(t, func(t *testing.T, query transport) {
					got := MustQueryData[struct {
						Search []struct {
							Node  idOnly `json:"node"`
							Type  string `json:"type"`
							Score int    `json:"score"`
						} `json:"search"`
					}](t, query, s.URL, `query($t: String!){ search(text:$t){ node { id } type label matched score } }`, map[string]any{"t": tc.text})
					if len(got.Search) == 0 {
						t.Fatalf("search(%q): no hits, want %s first", tc.text, tc.want)
					}
					if h := got.Search[0]; h.Node.ID != tc.want || h.Type != "CITY" {
						t.Errorf("search(%q) first hit: got %s (%s), want %s (CITY)", tc.text, h.Node.ID, h.Type, tc.want)
					}
					for i := 1; i < len(got.Search); i++ {
						if got.Search[i].Score > got.Search[i-1].Score {
							t.Errorf("search(%q): hit %d scores %d after %d, want best first", tc.text, i, got.Search[i].Score, got.Search[i-1].Score)
						}
					}
				})
			})
		}
	})

	t.Run("ErrBadUserInput", func(t *testing.T) {
		for _, tc := range []struct{ name, query, field string }{
			{"Blank", `{ search(text:"   "){ label } }`, ""},
			{"FirstZero", `{ search(text:"x", first: 0){ label } }`, "first"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				forEachTransport(t, func(t *testing.T, query transport) {
					status, r := query(t, s.URL, tc.query, nil)
					MustFail(t, status, r, http.StatusOK, "BAD_USER_INPUT", tc.field)
				})
			})
		}
	})
}

type graphEdge struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Source string `json:"source"`
	Target string `json:"target"`
}

func TestQuery_Path(t *testing.T) {
	s := MustStart(t, Config{})
	const q = `query($from: ID!, $to: ID!, $max: Int){ path(from:$from, to:$to, maxHops:$max){ length nodes { id type } edges { id type source target } } }`
	type result struct {
		Path *struct {
			Length int      `json:"length"`
			Nodes  []idOnly `json:"nodes"`
			Edges  []graphEdge
		} `json:"path"`
	}

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			// How is Białystok connected to Barcelona?
			p := MustQueryData[result](t, query, s.URL, q, map[string]any{"from": "bialystok", "to": "barcelona"}).Path
			if p == nil {
				t.Fatal("path: got null, want bialystok → eurocities → barcelona")
			}
			var ids []string
			for _, n := range p.Nodes {
				ids = append(ids, n.ID)
			}
			if want := []string{"bialystok", "eurocities", "barcelona"}; p.Length != 2 || !reflect.DeepEqual(ids, want) {
				t.Errorf("path: got length %d via %q, want 2 via %q", p.Length, ids, want)
			}
			if len(p.Edges) != p.Length {
				t.Fatalf("edges: got %d, want length %d", len(p.Edges), p.Length)
			}
			for i, e := range p.Edges {
				got, want := sorted([]string{e.Source, e.Target}), sorted([]string{ids[i], ids[i+1]})
				if !reflect.DeepEqual(got, want) {
					t.Errorf("edges[%d] (%s): joins %q, want %q", i, e.Type, got, want)
				}
			}
		})
	})

	t.Run("OK/TooFar", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			status, r := query(t, s.URL, q, map[string]any{"from": "bialystok", "to": "barcelona", "max": 1})
			if p := MustData[result](t, status, r).Path; p != nil {
				t.Errorf("path with maxHops 1: got %+v, want null", p)
			}
		})
	})

	t.Run("ErrBadUserInput", func(t *testing.T) {
		for _, hops := range []int{0, 1000} {
			t.Run(fmt.Sprint(hops), func(t *testing.T) {
				forEachTransport(t, func(t *testing.T, query transport) {
					status, r := query(t, s.URL, q, map[string]any{"from": "bialystok", "to": "barcelona", "max": hops})
					MustFail(t, status, r, http.StatusOK, "BAD_USER_INPUT", "maxHops")
				})
			})
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			status, r := query(t, s.URL, q, map[string]any{"from": "atlantis", "to": "barcelona"})
			MustFail(t, status, r, http.StatusOK, "NOT_FOUND", "")
		})
	})
}

func TestQuery_Neighborhood(t *testing.T) {
	s := MustStart(t, Config{})
	const q = `query($id: ID!, $depth: Int, $limit: Int){ neighborhood(id:$id, depth:$depth, limit:$limit){
		center { id } nodes { id type } edges { id type source target } truncated omitted } }`
	type subgraph struct {
		Neighborhood struct {
			Center    idOnly      `json:"center"`
			Nodes     []idOnly    `json:"nodes"`
			Edges     []graphEdge `json:"edges"`
			Truncated bool        `json:"truncated"`
			Omitted   int         `json:"omitted"`
		} `json:"neighborhood"`
	}
	// closed checks that every edge joins two returned nodes, so a drawing
	// has no dangling ends.
	closed := func(t *testing.T, g subgraph) map[string]bool {
		t.Helper()
		in := map[string]bool{}
		for _, n := range g.Neighborhood.Nodes {
			if in[n.ID] {
				t.Errorf("node %q listed twice", n.ID)
			}
			in[n.ID] = true
		}
		for _, e := range g.Neighborhood.Edges {
			if !in[e.Source] || !in[e.Target] {
				t.Errorf("edge %s %s→%s: an end is not among the returned nodes", e.Type, e.Source, e.Target)
			}
		}
		return in
	}

	t.Run("OK", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			g := MustQueryData[subgraph](t, query, s.URL, q, map[string]any{"id": "krakow", "depth": 1})
			in := closed(t, g)
			for _, id := range []string{"krakow", "eurocities", "PL"} {
				if !in[id] {
					t.Errorf("neighborhood(krakow, 1): %q missing from %d nodes", id, len(in))
				}
			}
			if g.Neighborhood.Center.ID != "krakow" {
				t.Errorf("center: got %q, want krakow", g.Neighborhood.Center.ID)
			}
			if len(g.Neighborhood.Edges) == 0 {
				t.Errorf("edges: got none")
			}
		})
	})

	t.Run("OK/Truncated", func(t *testing.T) {
		forEachTransport(t, func(t *testing.T, query transport) {
			g := MustQueryData[subgraph](t, query, s.URL, q, map[string]any{"id": "eurocities", "depth": 2, "limit": 5})
			closed(t, g)
			n := g.Neighborhood
			if len(n.Nodes) != 5 || !n.Truncated || n.Omitted <= 0 {
				t.Errorf("neighborhood(eurocities, 2, limit 5): got %d nodes, truncated %v, omitted %d, want 5, true, > 0", len(n.Nodes), n.Truncated, n.Omitted)
			}
		})
	})

	t.Run("ErrBadUserInput", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			vars  map[string]any
			field string
		}{
			{"DepthNegative", map[string]any{"id": "krakow", "depth": -1}, "depth"},
			{"DepthTooLarge", map[string]any{"id": "krakow", "depth": 99}, "depth"},
			{"LimitZero", map[string]any{"id": "krakow", "limit": 0}, "limit"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				forEachTransport(t, func(t *testing.T, query transport) {
					status, r := query(t, s.URL, q, tc.vars)
					MustFail(t, status, r, http.StatusOK, "BAD_USER_INPUT", tc.field)
				})
			})
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		status, r := MustQuery(t, s.URL, q, map[string]any{"id": "atlantis"})
		MustFail(t, status, r, http.StatusOK, "NOT_FOUND", "")
	})
}

func TestQuery_Stats(t *testing.T) {
	s := MustStart(t, Config{})
	ds := MustDataset(t)

	type count struct {
		Type  string `json:"type"`
		Count int    `json:"count"`
	}
	got := MustQueryData[struct {
		Stats struct {
			Nodes             []count `json:"nodes"`
			Relations         []count `json:"relations"`
			MembersPerNetwork []struct {
				Network idOnly `json:"network"`
				Count   int    `json:"count"`
			} `json:"membersPerNetwork"`
			NetworksPerCity []struct {
				City  idOnly `json:"city"`
				Count int    `json:"count"`
			} `json:"networksPerCity"`
			JoinsPerYear []struct {
				Year  int `json:"year"`
				Count int `json:"count"`
			} `json:"joinsPerYear"`
			JoinsWithoutYear int `json:"joinsWithoutYear"`
		} `json:"stats"`
	}](t, MustQuery, s.URL, `{ stats {
		nodes { type count } relations { type count }
		membersPerNetwork(first: 500) { network { id } count }
		networksPerCity(first: 500) { city { id } count }
		joinsPerYear { year count } joinsWithoutYear } }`, nil)
	st := got.Stats

	t.Run("OK/Nodes", func(t *testing.T) {
		want := map[string]int{
			"CITY": len(ds.Cities), "COUNTRY": len(ds.Countries), "NETWORK": len(ds.Networks),
			"INSTITUTION": len(ds.Institutions), "PERSON": len(ds.People), "EVENT": len(ds.Events),
			"PARTNERSHIP": len(ds.Partnerships), "SOURCE": len(ds.Sources),
		}
		have := map[string]int{}
		for _, c := range st.Nodes {
			have[c.Type] = c.Count
		}
		if !reflect.DeepEqual(have, want) {
			t.Errorf("stats.nodes: got %v, want %v", have, want)
		}
	})

	t.Run("OK/Relations", func(t *testing.T) {
		// Counted from the dataset by the relationship definitions in
		// DESIGN.md and the schema.
		want := map[string]int{
			"MEMBER_OF": len(ds.Memberships), "FOUNDED": len(ds.Foundings), "HOLDS_OFFICE": len(ds.Offices),
			"IN_COUNTRY": len(ds.Cities),
		}
		for _, n := range ds.Networks {
			if n.SeatID != "" {
				want["SEATED_IN"]++
			}
		}
		for _, i := range ds.Institutions {
			if i.CityID != "" {
				want["LOCATED_IN"]++
			} else if i.CountryID != "" {
				want["IN_COUNTRY"]++
			}
		}
		for _, e := range ds.Events {
			if e.PlaceID != "" {
				want["HELD_IN"]++
			}
			if e.OrganizerID != "" {
				want["ORGANIZED"]++
			}
			want["ATTENDED"] += len(e.ParticipantIDs)
		}
		for _, p := range ds.Partnerships {
			want["PARTY"] += len(p.PartyIDs)
		}
		have := map[string]int{}
		for _, c := range st.Relations {
			if c.Count != 0 {
				have[c.Type] = c.Count
			}
		}
		for k, v := range want {
			if v == 0 {
				delete(want, k)
			}
		}
		if !reflect.DeepEqual(have, want) {
			t.Errorf("stats.relations: got %v, want %v", have, want)
		}
	})

	t.Run("OK/Members", func(t *testing.T) {
		perNet, perCity := map[string]map[string]bool{}, map[string]map[string]bool{}
		withYear, withoutYear := map[int]int{}, 0
		for _, m := range ds.Memberships {
			if perNet[m.NetworkID] == nil {
				perNet[m.NetworkID] = map[string]bool{}
			}
			if perCity[m.CityID] == nil {
				perCity[m.CityID] = map[string]bool{}
			}
			perNet[m.NetworkID][m.CityID] = true
			perCity[m.CityID][m.NetworkID] = true
			if y, ok := m.Since.Year(); ok {
				withYear[y]++
			} else {
				withoutYear++
			}
		}
		haveNet := map[string]int{}
		for i, c := range st.MembersPerNetwork {
			if c.Count != len(perNet[c.Network.ID]) {
				t.Errorf("membersPerNetwork %q: got %d, want %d", c.Network.ID, c.Count, len(perNet[c.Network.ID]))
			}
			if i > 0 && c.Count > st.MembersPerNetwork[i-1].Count {
				t.Errorf("membersPerNetwork: %q (%d) after %d, want most first", c.Network.ID, c.Count, st.MembersPerNetwork[i-1].Count)
			}
			haveNet[c.Network.ID] = c.Count
		}
		if haveNet["eurocities"] != 11 {
			t.Errorf("membersPerNetwork eurocities: got %d, want 11", haveNet["eurocities"])
		}
		if len(st.MembersPerNetwork) != len(ds.Networks) {
			t.Errorf("membersPerNetwork: got %d networks, want %d", len(st.MembersPerNetwork), len(ds.Networks))
		}
		for _, c := range st.NetworksPerCity {
			if c.Count != len(perCity[c.City.ID]) {
				t.Errorf("networksPerCity %q: got %d, want %d", c.City.ID, c.Count, len(perCity[c.City.ID]))
			}
		}
		if len(st.NetworksPerCity) != len(ds.Cities) {
			t.Errorf("networksPerCity: got %d cities, want %d", len(st.NetworksPerCity), len(ds.Cities))
		}
		haveYears := map[int]int{}
		for _, y := range st.JoinsPerYear {
			haveYears[y.Year] = y.Count
		}
		if !reflect.DeepEqual(haveYears, withYear) || st.JoinsWithoutYear != withoutYear {
			t.Errorf("joins: got %v + %d without year, want %v + %d", haveYears, st.JoinsWithoutYear, withYear, withoutYear)
		}
	})
}

// ---------------------------------------------------------------------------
// Requests the GraphQL layer rejects before any resolver runs

func TestServer_GraphQLErrors(t *testing.T) {
	s := MustStart(t, Config{})

	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		code        string
	}{
		{"ErrSyntax", `{ city(id: }`, nil, "GRAPHQL_PARSE_FAILED"},
		{"ErrUnknownField", `{ nope }`, nil, "GRAPHQL_VALIDATION_FAILED"},
		{"ErrEnumValue", `{ events(filter:{kind: BANANA}){ totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
		{"ErrVariableType", `query($n: Int){ cities(first: $n){ totalCount } }`, map[string]any{"n": "abc"}, "GRAPHQL_VALIDATION_FAILED"},
		{"ErrMutation", `mutation { x }`, nil, "GRAPHQL_VALIDATION_FAILED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forEachTransport(t, func(t *testing.T, query transport) {
				status, r := query(t, s.URL, tc.query, tc.vars)
				// GraphQL over HTTP: a document that does not parse or
				// validate is a 400 under application/graphql-response+json
				// (what a client without an Accept header gets); a
				// mutation over GET is refused before it is even parsed.
				if tc.name == "ErrMutation" && strings.HasSuffix(t.Name(), "/GET") {
					MustFail(t, status, r, http.StatusMethodNotAllowed, "BAD_REQUEST", "")
					return
				}
				MustFail(t, status, r, http.StatusBadRequest, tc.code, "")
				if len(r.Data) != 0 && string(r.Data) != "null" {
					t.Errorf("data: got %s, want null", r.Data)
				}
			})
		})
	}

	t.Run("ErrRequest", func(t *testing.T) {
		// Requests no transport accepts: a 4xx with a GraphQL error body.
		// (gqlgen writes these itself, bypassing the error presenter, so
		// they carry no extensions.code.)
		for _, tc := range []struct {
			name, method, target, contentType, body string
		}{
			{"GETVariables", http.MethodGet, "/graphql?" + url.Values{"query": {"{ stats { joinsWithoutYear } }"}, "variables": {"not json"}}.Encode(), "", ""},
			{"ContentType", http.MethodPost, "/graphql", "text/plain", `{"query":"{ stats { joinsWithoutYear } }"}`},
			{"Method", http.MethodPut, "/graphql", "application/json", `{"query":"{ stats { joinsWithoutYear } }"}`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				req, err := http.NewRequest(tc.method, s.URL+tc.target, strings.NewReader(tc.body))
				if err != nil {
					t.Fatal(err)
				}
				if tc.contentType != "" {
					req.Header.Set("Content-Type", tc.contentType)
				}
				status, r := MustDo(t, req)
				if status < 400 || status > 499 || len(r.Errors) == 0 {
					t.Errorf("got %d with %d errors, want a 4xx with errors; body: %s", status, len(r.Errors), r.Body)
				}
			})
		}
	})
}

func TestServer_MaxBodyBytes(t *testing.T) {
	const limit = 1024
	s := MustStart(t, Config{MaxBodyBytes: limit})
	// body is a valid request of about n bytes, padded with a comment.
	body := func(n int) []byte {
		q := "# " + strings.Repeat("x", n) + "\n{ city(id:\"krakow\"){ id } }"
		b, _ := json.Marshal(map[string]any{"query": q})
		return b
	}
	post := func(t *testing.T, b []byte, chunked bool) (int, gqlResponse) {
		t.Helper()
		var rd io.Reader = bytes.NewReader(b)
		if chunked {
			rd = io.MultiReader(rd) // hides the length: sent chunked
		}
		req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", rd)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		return MustDo(t, req)
	}

	t.Run("OK", func(t *testing.T) {
		b := body(limit - 200)
		if len(b) > limit {
			t.Fatalf("test body is %d bytes, want ≤ %d", len(b), limit)
		}
		status, r := post(t, b, false)
		got := MustData[struct{ City idOnly }](t, status, r)
		if got.City.ID != "krakow" {
			t.Errorf("city: got %q, want krakow", got.City.ID)
		}
	})

	for _, tc := range []struct {
		name    string
		size    int
		chunked bool
	}{
		{"ErrTooLarge", 2 * limit, false},
		{"ErrTooLarge/Chunked", 2 * limit, true},
		{"ErrTooLarge/Huge", 4 << 20, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, r := post(t, body(tc.size), tc.chunked)
			if status == http.StatusOK && len(r.Errors) == 0 {
				t.Fatalf("status 200 with no errors, want the request refused; body: %.200s", r.Body)
			}
			if len(r.Errors) == 0 {
				t.Fatalf("got no GraphQL errors; body: %.200s", r.Body)
			}
			// A client error: say so with a 4xx and a user-facing code,
			// not "internal error".
			MustFail(t, status, r, http.StatusRequestEntityTooLarge, "BAD_USER_INPUT", "")
			if !strings.Contains(r.Errors[0].Message, fmt.Sprint(limit)) {
				t.Errorf("message: got %q, want it to state the limit %d", r.Errors[0].Message, limit)
			}
		})
	}

	t.Run("ErrMalformedJSON", func(t *testing.T) {
		status, r := post(t, []byte(`{"query": "{ stats { joinsWithoutYear } }"`), false)
		MustFail(t, status, r, http.StatusBadRequest, "BAD_USER_INPUT", "")
	})

	if log := s.Log.String(); strings.Contains(log, "level=ERROR") {
		t.Errorf("client errors were logged as server errors:\n%s", log)
	}
}

// ---------------------------------------------------------------------------
// HTTP surface

func TestServer_Healthz(t *testing.T) {
	s := MustStart(t, Config{})
	resp, err := client.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status: got %d, want 200", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type: got %q, want application/json", ct)
	}
	var got map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"status": "ok"}; !reflect.DeepEqual(got, want) {
		t.Errorf("body: got %v, want %v", got, want)
	}
}

func TestServer_GraphiQL(t *testing.T) {
	s := MustStart(t, Config{})
	get := func(t *testing.T, path, accept string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(b)
	}

	t.Run("OK", func(t *testing.T) {
		resp, page := get(t, "/graphql", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status: got %d, want 200", resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("Content-Type: got %q, want text/html", ct)
		}
		js := regexp.MustCompile(`src="(/graphiql/graphiql\.min\.js[^"]*)"`).FindStringSubmatch(page)
		if js == nil || !strings.Contains(page, `href="/graphiql/graphiql.min.css`) {
			t.Fatalf("page: want /graphiql/graphiql.min.js and .css asset URLs; got:\n%.2000s", page)
		}
		for _, path := range []string{js[1], "/graphiql/graphiql.min.js"} {
			resp, body := get(t, path, "")
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: status %d, want 200", path, resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
				t.Errorf("GET %s: Content-Type %q, want JavaScript", path, ct)
			}
			if len(body) < 1000 {
				t.Errorf("GET %s: %d bytes, want the GraphiQL bundle", path, len(body))
			}
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		resp, _ := get(t, "/graphiql/nope.js", "")
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("status: got %d, want 404", resp.StatusCode)
		}
	})

	t.Run("Explorer", func(t *testing.T) {
		resp, body := get(t, "/", "text/html")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /: status %d, want 200 (the explorer)", resp.StatusCode)
		}
		if !strings.Contains(body, "<title>City networks explorer</title>") {
			t.Errorf("GET /: not the explorer page:\n%s", body)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET /: Content-Security-Policy %q", csp)
		}
	})
}

func TestServer_CORS(t *testing.T) {
	preflight := func(t *testing.T, s *testServer, origin string) http.Header {
		t.Helper()
		req, err := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("preflight from %s: status %d", origin, resp.StatusCode)
		}
		return resp.Header
	}
	// post sends a real (non-preflight) request from origin.
	post := func(t *testing.T, s *testServer, origin string) http.Header {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ stats { joinsWithoutYear } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header
	}
	allowed := func(t *testing.T, s *testServer, origin string) {
		t.Helper()
		h := preflight(t, s, origin)
		if got := h.Get("Access-Control-Allow-Origin"); got != origin {
			t.Errorf("preflight from %s: Access-Control-Allow-Origin %q, want %q", origin, got, origin)
		}
		if got := strings.ToUpper(h.Get("Access-Control-Allow-Methods")); !strings.Contains(got, "POST") {
			t.Errorf("preflight from %s: Access-Control-Allow-Methods %q, want POST", origin, got)
		}
		if got := strings.ToLower(h.Get("Access-Control-Allow-Headers")); !strings.Contains(got, "content-type") {
			t.Errorf("preflight from %s: Access-Control-Allow-Headers %q, want content-type", origin, got)
		}
		if got := post(t, s, origin).Get("Access-Control-Allow-Origin"); got != origin {
			t.Errorf("POST from %s: Access-Control-Allow-Origin %q, want %q", origin, got, origin)
		}
	}
	denied := func(t *testing.T, s *testServer, origin string) {
		t.Helper()
		if got := preflight(t, s, origin).Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("preflight from %s: Access-Control-Allow-Origin %q, want none", origin, got)
		}
		if got := post(t, s, origin).Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("POST from %s: Access-Control-Allow-Origin %q, want none", origin, got)
		}
	}

	t.Run("Default", func(t *testing.T) {
		s := MustStart(t, Config{})
		allowed(t, s, "http://localhost:3000")
		allowed(t, s, "http://127.0.0.1:5173")
		denied(t, s, "https://evil.example")
		denied(t, s, "http://localhost.evil.example")
	})

	t.Run("Configured", func(t *testing.T) {
		s := MustStart(t, Config{CORSOrigins: []string{"https://dash.example.org"}})
		allowed(t, s, "https://dash.example.org")
		denied(t, s, "http://localhost:3000")
		denied(t, s, "https://evil.example")
	})
}

// ---------------------------------------------------------------------------
// Lifecycle

func TestMain_Run(t *testing.T) {
	// inFlight starts a POST whose body is held open, and returns once the
	// server is handling it; finish sends the rest of the body.
	inFlight := func(t *testing.T, cfg Config) (s *testServer, finish func(rest string), result chan *http.Response, errs chan error) {
		t.Helper()
		// Signal from inside the handler: a connection merely active (request
		// headers read) can still be dropped by Shutdown before its handler
		// starts, which net/http does by design.
		active := make(chan struct{}, 1)
		s = mustStart(t, cfg, func(m *Main) {
			h := m.srv.Handler
			m.srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case active <- struct{}{}:
				default:
				}
				h.ServeHTTP(w, r)
			})
		})
		pr, pw := io.Pipe()
		req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", pr)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		result, errs = make(chan *http.Response, 1), make(chan error, 1)
		go func() {
			resp, err := client.Do(req)
			if err != nil {
				errs <- err
				return
			}
			result <- resp
		}()
		if _, err := io.WriteString(pw, `{"query": "{ city(id:\"krakow\"){ id } }"`); err != nil {
			t.Fatal(err)
		}
		select {
		case <-active:
		case <-time.After(10 * time.Second):
			t.Fatal("the server never started handling the request")
		}
		t.Cleanup(func() { pw.CloseWithError(errors.New("test over")) })
		return s, func(rest string) { io.WriteString(pw, rest); pw.Close() }, result, errs
	}
	refused := func(t *testing.T, addr string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err != nil {
				return
			}
			c.Close()
			if time.Now().After(deadline) {
				t.Fatalf("dial %s: still accepting connections, want refused", addr)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	t.Run("OK", func(t *testing.T) {
		s, finish, result, errs := inFlight(t, Config{ShutdownTimeout: 10 * time.Second})
		addr := strings.TrimPrefix(s.URL, "http://")
		stopped := make(chan error, 1)
		go func() { stopped <- s.Stop(t) }()

		// Shutdown first stops accepting, then waits for the request.
		refused(t, addr)
		select {
		case err := <-stopped:
			t.Fatalf("Run returned %v while a request was in flight, want it to wait", err)
		case <-time.After(200 * time.Millisecond):
		}

		finish("}")
		select {
		case resp := <-result:
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `"krakow"`) {
				t.Errorf("in-flight request: got %d %s, want 200 with krakow", resp.StatusCode, b)
			}
		case err := <-errs:
			t.Fatalf("in-flight request failed: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatal("in-flight request never completed")
		}
		select {
		case err := <-stopped:
			if err != nil {
				t.Errorf("Run: got %v, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after the last request finished")
		}
		refused(t, addr)
	})

	t.Run("ErrShutdownTimeout", func(t *testing.T) {
		s, finish, result, errs := inFlight(t, Config{ShutdownTimeout: 100 * time.Millisecond})
		start := time.Now()
		err := s.Stop(t)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Run with a request still in flight after the timeout: got %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Run took %v to give up, want about the 100ms shutdown timeout", d)
		}
		// The straggler is cut off rather than left running against a
		// closed store: sending it the rest gets no answer.
		finish("}")
		select {
		case <-errs:
		case resp := <-result:
			resp.Body.Close()
			t.Errorf("request still in flight at the timeout: got status %d, want its connection closed", resp.StatusCode)
		case <-time.After(5 * time.Second):
			t.Errorf("request still in flight 5s after Run returned, want its connection closed")
		}
		refused(t, strings.TrimPrefix(s.URL, "http://"))
	})
}

// tinyDataset is a valid one-file dataset unlike the bundled one.
const tinyDataset = `{
  "format": "citynet-dataset",
  "version": 1,
  "sources": [{"id": "doc", "title": "Doc", "language": "en", "file": "doc.txt"}],
  "countries": [{"id": "NL", "name": "Netherlands"}],
  "cities": [{"id": "utrecht", "name": "Utrecht", "country": "NL",
    "sources": [{"source": "doc", "quote": "Utrecht is a city."}]}],
  "networks": [{"id": "test-net", "name": "Test Network", "scope": "EUROPEAN"}],
  "memberships": [{"city": "utrecht", "network": "test-net", "since": "2001", "status": "MEMBER",
    "sources": [{"source": "doc", "quote": "Utrecht joined in 2001."}]}]
}`

func MustWriteFiles(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// readKeyLine is the API_KEYS entry of a new read key.
func readKeyLine(t *testing.T) string {
	t.Helper()
	_, line, err := auth.NewKey("reader", auth.RoleRead)
	if err != nil {
		t.Fatal(err)
	}
	return line
}

// TestMain_LogReady checks the line that tells a newcomer, after a first
// `go run` that builds in silence, that the server is up and where: both
// the explorer at / and GraphQL at /graphql, with the address really bound.
func TestMain_LogReady(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cfg   Config
		reads string
	}{
		{"public reads", Config{}, "reads=public"},
		{"reads need a key", Config{ReadsNeedKey: true, APIKeys: readKeyLine(t)}, `reads="need a key"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := MustStart(t, tc.cfg)
			// Run logs the line before it serves, so once /healthz has
			// answered the line is in the log.
			resp, err := client.Get(s.URL + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			var line string
			for _, l := range strings.Split(s.Log.String(), "\n") {
				if strings.Contains(l, "msg=serving") {
					line = l
				}
			}
			for _, want := range []string{
				"level=INFO",
				"explorer=" + s.URL + "/ ",
				"graphql=" + s.URL + "/graphql ",
				tc.reads,
			} {
				if !strings.Contains(line, want) {
					t.Errorf("ready line lacks %q\ngot  %q\nlog:\n%s", want, line, s.Log)
				}
			}
		})
	}
}

func TestMain_Open(t *testing.T) {
	t.Run("OK/DataDir", func(t *testing.T) {
		dir := MustWriteFiles(t, map[string]string{"tiny.json": tinyDataset})
		s := MustStart(t, Config{DataDir: dir})
		if !strings.Contains(s.StoreName, dir) {
			t.Errorf("StoreName: got %q, want it to name %s", s.StoreName, dir)
		}
		got := MustQueryData[struct {
			Cities struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Node struct {
						ID       string   `json:"id"`
						Networks []idOnly `json:"networks"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"cities"`
		}](t, MustQuery, s.URL, `{ cities { totalCount edges { node { id networks { id } } } } }`, nil)
		if c := got.Cities; c.TotalCount != 1 || len(c.Edges) != 1 || c.Edges[0].Node.ID != "utrecht" ||
			len(c.Edges[0].Node.Networks) != 1 || c.Edges[0].Node.Networks[0].ID != "test-net" {
			t.Errorf("cities: got %+v, want utrecht in test-net only", c)
		}
		// The bundled dataset is not mixed in.
		status, r := MustQuery(t, s.URL, `{ city(id:"krakow"){ id } }`, nil)
		MustFail(t, status, r, http.StatusOK, "NOT_FOUND", "")
	})

	t.Run("OK/Bundled", func(t *testing.T) {
		s := MustStart(t, Config{})
		if !strings.Contains(s.StoreName, "bundled") {
			t.Errorf("StoreName: got %q, want the bundled dataset named", s.StoreName)
		}
	})

	mustNotOpen := func(t *testing.T, cfg Config, want ...string) {
		t.Helper()
		cfg.Addr = "127.0.0.1:0"
		m := &Main{Config: cfg}
		err := m.Open()
		if err == nil {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			m.Run(ctx)
			t.Fatalf("Open: got nil, want an error mentioning %q", want)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Open: got %q, want it to mention %q", err, w)
			}
		}
	}

	t.Run("ErrNeo4jUnreachable", func(t *testing.T) {
		// No silent fallback to the embedded store, no stack of retries: one
		// line naming the address, never the password.
		cfg := Config{Neo4j: neo4j.Config{URI: "bolt://127.0.0.1:1", Username: "neo4j", Password: "pw-secret-123"}}
		mustNotOpen(t, cfg, "bolt://127.0.0.1:1", "cannot connect")
		err := (&Main{Config: cfg}).Open()
		if strings.Contains(err.Error(), "pw-secret-123") || strings.Contains(err.Error(), "\n") {
			t.Errorf("Open: got %q, want one line without the password", err)
		}
		if err := (&Main{Config: cfg}).LoadNeo4j(context.Background()); err == nil || !strings.Contains(err.Error(), "cannot connect") {
			t.Errorf("LoadNeo4j: got %v, want a connection error", err)
		}
	})

	t.Run("ErrNeo4jBadURI", func(t *testing.T) {
		mustNotOpen(t, Config{Neo4j: neo4j.Config{URI: "http://localhost:7474"}}, "NEO4J_URI")
	})

	t.Run("ErrInvalidDataset", func(t *testing.T) {
		dir := MustWriteFiles(t, map[string]string{
			"good.json": tinyDataset,
			"bad.json":  `{"format": "citynet-dataset", "version": 1, "cities": [{"id": "atlantis", "name": "Atlantis", "country": "ZZ"}]}`,
		})
		mustNotOpen(t, Config{DataDir: dir}, "bad.json", "country")
	})

	t.Run("ErrSyntax", func(t *testing.T) {
		dir := MustWriteFiles(t, map[string]string{"broken.json": `{"format": "citynet-dataset", "version": 1, "cities": [`})
		mustNotOpen(t, Config{DataDir: dir}, "broken.json")
	})

	t.Run("ErrUnknownField", func(t *testing.T) {
		dir := MustWriteFiles(t, map[string]string{"typo.json": `{"format": "citynet-dataset", "version": 1, "citties": []}`})
		mustNotOpen(t, Config{DataDir: dir}, "typo.json", "citties")
	})

	t.Run("ErrEmptyDir", func(t *testing.T) {
		mustNotOpen(t, Config{DataDir: t.TempDir()}, "json")
	})

	t.Run("ErrAddrInUse", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		m := &Main{Config: Config{Addr: ln.Addr().String()}}
		if err := m.Open(); err == nil {
			t.Errorf("Open on a busy port: got nil, want an error")
		}
	})
}

// ---------------------------------------------------------------------------
// Configuration

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestParseConfig(t *testing.T) {
	t.Run("OK/Defaults", func(t *testing.T) {
		cfg, err := ParseConfig(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := Config{Addr: "127.0.0.1:8080", MaxBodyBytes: 1 << 20, MaxImportBytes: 64 << 20, ShutdownTimeout: 10 * time.Second}
		if !reflect.DeepEqual(cfg, want) {
			t.Errorf("got %+v, want %+v", cfg, want)
		}
	})

	t.Run("OK/Env", func(t *testing.T) {
		cfg, err := ParseConfig(nil, env(map[string]string{
			"ADDR": ":9999", "DATA": "/srv/data", "CORS_ORIGINS": "https://a.example,https://b.example",
			"MAX_BODY_BYTES": "2048", "SHUTDOWN_TIMEOUT": "3s", "NEO4J_URI": "bolt://db:7687",
			"NEO4J_PASSWORD": "pw", "NEO4J_DATABASE": "cities",
		}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := Config{
			Addr: ":9999", DataDir: "/srv/data", CORSOrigins: []string{"https://a.example", "https://b.example"},
			MaxBodyBytes: 2048, MaxImportBytes: 64 << 20, ShutdownTimeout: 3 * time.Second,
			Neo4j: neo4j.Config{URI: "bolt://db:7687", Username: "neo4j", Password: "pw", Database: "cities"},
		}
		if !reflect.DeepEqual(cfg, want) {
			t.Errorf("got %+v, want %+v", cfg, want)
		}
	})

	t.Run("OK/FlagsOverrideEnv", func(t *testing.T) {
		cfg, err := ParseConfig(
			[]string{"-addr", "127.0.0.1:7000", "-data", "/flag/data", "-cors-origins", "https://flag.example",
				"-max-body-bytes", "4096", "-shutdown-timeout", "1m"},
			env(map[string]string{
				"ADDR": ":9999", "DATA": "/env/data", "CORS_ORIGINS": "https://env.example",
				"MAX_BODY_BYTES": "2048", "SHUTDOWN_TIMEOUT": "3s",
			}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := Config{
			Addr: "127.0.0.1:7000", DataDir: "/flag/data", CORSOrigins: []string{"https://flag.example"},
			MaxBodyBytes: 4096, MaxImportBytes: 64 << 20, ShutdownTimeout: time.Minute,
		}
		if !reflect.DeepEqual(cfg, want) {
			t.Errorf("got %+v, want %+v", cfg, want)
		}
	})

	t.Run("OK/CORSOrigins", func(t *testing.T) {
		cfg, err := ParseConfig([]string{"-cors-origins", " https://a.example , ,http://localhost:*,  "}, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"https://a.example", "http://localhost:*"}; !reflect.DeepEqual(cfg.CORSOrigins, want) {
			t.Errorf("CORSOrigins: got %q, want %q", cfg.CORSOrigins, want)
		}
		// An empty flag clears the environment's list (back to the defaults).
		cfg, err = ParseConfig([]string{"-cors-origins", ""}, env(map[string]string{"CORS_ORIGINS": "https://env.example"}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.CORSOrigins != nil {
			t.Errorf("CORSOrigins with -cors-origins \"\": got %q, want nil", cfg.CORSOrigins)
		}
	})

	t.Run("ErrEnv", func(t *testing.T) {
		for _, tc := range []struct{ name, value string }{
			{"MAX_BODY_BYTES", "lots"},
			{"MAX_BODY_BYTES", "-5"},
			{"MAX_BODY_BYTES", "0"},
			{"SHUTDOWN_TIMEOUT", "forever"},
			{"SHUTDOWN_TIMEOUT", "10"},
			{"SHUTDOWN_TIMEOUT", "-1s"},
			{"SHUTDOWN_TIMEOUT", "0s"},
		} {
			t.Run(tc.name+"="+tc.value, func(t *testing.T) {
				_, err := ParseConfig(nil, env(map[string]string{tc.name: tc.value}), io.Discard)
				if err == nil || !strings.Contains(err.Error(), tc.name) {
					t.Errorf("got %v, want an error naming %s", err, tc.name)
				}
			})
		}
	})

	t.Run("OK/FlagOverridesBadEnv", func(t *testing.T) {
		cfg, err := ParseConfig([]string{"-max-body-bytes", "4096", "-shutdown-timeout", "2s"},
			env(map[string]string{"MAX_BODY_BYTES": "lots", "SHUTDOWN_TIMEOUT": "forever"}), io.Discard)
		if err != nil {
			t.Fatalf("got %v, want the flags to override the bad environment values", err)
		}
		if cfg.MaxBodyBytes != 4096 || cfg.ShutdownTimeout != 2*time.Second {
			t.Errorf("got MaxBodyBytes %d, ShutdownTimeout %v; want 4096, 2s", cfg.MaxBodyBytes, cfg.ShutdownTimeout)
		}
	})

	t.Run("ErrFlag", func(t *testing.T) {
		for _, args := range [][]string{
			{"-no-such-flag"},
			{"-max-body-bytes", "lots"},
			{"-max-body-bytes", "0"},
			{"-shutdown-timeout", "forever"},
			{"-shutdown-timeout", "-5s"},
			{"-load"}, // -load needs NEO4J_URI
			{"stray-argument"},
		} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				var out bytes.Buffer
				if _, err := ParseConfig(args, env(nil), &out); err == nil {
					t.Errorf("got nil, want an error")
				}
			})
		}
	})

	t.Run("ErrUnknownFlag/Usage", func(t *testing.T) {
		var out bytes.Buffer
		_, err := ParseConfig([]string{"-bogus"}, env(nil), &out)
		if err == nil || !strings.Contains(err.Error(), "bogus") {
			t.Errorf("got %v, want an error naming -bogus", err)
		}
		if !strings.Contains(out.String(), "-addr") {
			t.Errorf("usage output: got %q, want the flags listed", out.String())
		}
	})

	t.Run("Help", func(t *testing.T) {
		_, err := ParseConfig([]string{"-help"}, env(nil), io.Discard)
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("got %v, want flag.ErrHelp", err)
		}
	})
}
