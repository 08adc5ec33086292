package server

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"citynet/auth"
	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

// MustCacheServer serves New over the synthetic dataset with a read and a
// write key and the given caching options.
func MustCacheServer(tb testing.TB, c Caching, readsNeedKey bool) *importServer {
	tb.Helper()
	store, err := memory.New(storetest.Synthetic())
	if err != nil {
		tb.Fatal(err)
	}
	read, rl, _ := auth.NewKey("dashboard", auth.RoleRead)
	write, wl, _ := auth.NewKey("curator", auth.RoleWrite)
	keys, err := auth.ParseKeys(strings.NewReader(rl + "\n" + wl))
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(New(store, Options{Auth: auth.Authenticator{Keys: keys}, ReadsNeedKey: readsNeedKey,
		Cache: c, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	tb.Cleanup(srv.Close)
	return &importServer{url: srv.URL, store: store, read: read, write: write}
}

// rawCacheClient leaves the body as sent: no transparent gzip.
var rawCacheClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

// MustSendRaw sends a request with headers given as name, value pairs
// (Authorization values are keys: "Bearer " is added) and returns the
// response and its body as received.
func MustSendRaw(tb testing.TB, method, u string, body string, headers ...string) (*http.Response, []byte) {
	tb.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		v := headers[i+1]
		if headers[i] == "Authorization" {
			v = "Bearer " + v
		}
		req.Header.Add(headers[i], v)
	}
	resp, err := rawCacheClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("%s %s: reading the body: %v", method, u, err)
	}
	return resp, b
}

// cacheGetURL is the GET /graphql address of a request: params are name,
// value pairs (query, variables, extensions, operationName).
func (s *importServer) cacheGetURL(params ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Set(params[i], params[i+1])
	}
	return s.url + "/graphql?" + v.Encode()
}

// cacheBody is a POST /graphql body.
func cacheBody(tb testing.TB, fields map[string]any) string {
	tb.Helper()
	b, err := json.Marshal(fields)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func decodeCacheAnswer(tb testing.TB, resp *http.Response, body []byte) gqlAnswer {
	tb.Helper()
	var a gqlAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		tb.Fatalf("status %d: body is not JSON: %v: %q", resp.StatusCode, err, body)
	}
	return a
}

func apqHash(q string) string {
	sum := sha256.Sum256([]byte(q))
	return hex.EncodeToString(sum[:])
}

func apqExtension(hash string) map[string]any {
	return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
}

func apqExtensionJSON(hash string) string {
	b, _ := json.Marshal(apqExtension(hash))
	return string(b)
}

func TestCaching_APQ(t *testing.T) {
	const q = `query City($id: ID!) { city(id: $id) { id name } }`
	hash := apqHash(q)
	vars := `{"id":"alpha"}`
	want := map[string]any{"city": map[string]any{"id": "alpha", "name": "Alphaville"}}

	t.Run("OK/RegisterByPOSTThenHash", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, false)
		// A hash the server has not seen: the client must send the text.
		for _, send := range []func() (*http.Response, []byte){
			func() (*http.Response, []byte) {
				return MustSendRaw(t, "POST", s.url+"/graphql", cacheBody(t, map[string]any{"extensions": apqExtension(hash), "variables": map[string]any{"id": "alpha"}}))
			},
			func() (*http.Response, []byte) {
				return MustSendRaw(t, "GET", s.cacheGetURL("extensions", apqExtensionJSON(hash), "variables", vars), "")
			},
		} {
			resp, body := send()
			a := decodeCacheAnswer(t, resp, body)
			if code, _ := errorCode(t, a); code != "PERSISTED_QUERY_NOT_FOUND" || a.Errors[0].Message != "PersistedQueryNotFound" {
				t.Errorf("%s unknown hash: got %+v, want PersistedQueryNotFound / PERSISTED_QUERY_NOT_FOUND", resp.Request.Method, a.Errors)
			}
			// Nobody may keep the miss: the query will be registered next.
			if cc, tag := resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"); cc != "no-store" || tag != "" {
				t.Errorf("%s miss: got Cache-Control %q, ETag %q; want no-store and none", resp.Request.Method, cc, tag)
			}
		}
		// Register: the text with its hash.
		resp, body := MustSendRaw(t, "POST", s.url+"/graphql", cacheBody(t, map[string]any{"query": q, "extensions": apqExtension(hash), "variables": map[string]any{"id": "alpha"}}))
		if a := decodeCacheAnswer(t, resp, body); !reflect.DeepEqual(a.Data, want) || len(a.Errors) > 0 {
			t.Fatalf("register: got %+v, want %v", a, want)
		}
		// Then the hash alone, over POST and over GET.
		resp, body = MustSendRaw(t, "POST", s.url+"/graphql", cacheBody(t, map[string]any{"extensions": apqExtension(hash), "variables": map[string]any{"id": "alpha"}}))
		if a := decodeCacheAnswer(t, resp, body); !reflect.DeepEqual(a.Data, want) || len(a.Errors) > 0 {
			t.Errorf("POST by hash: got %+v, want %v", a, want)
		}
		resp, body = MustSendRaw(t, "GET", s.cacheGetURL("extensions", apqExtensionJSON(hash), "variables", vars), "")
		if a := decodeCacheAnswer(t, resp, body); !reflect.DeepEqual(a.Data, want) || len(a.Errors) > 0 {
			t.Errorf("GET by hash: got %+v, want %v", a, want)
		}
		// A apqExtension GET is cacheable like any other.
		tag := resp.Header.Get("ETag")
		if tag == "" {
			t.Fatalf("GET by hash: got no ETag")
		}
		resp, _ = MustSendRaw(t, "GET", s.cacheGetURL("extensions", apqExtensionJSON(hash), "variables", vars), "", "If-None-Match", tag)
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("GET by hash with If-None-Match: got %d, want 304", resp.StatusCode)
		}
	})

	t.Run("OK/RegisterByGET", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, false)
		resp, body := MustSendRaw(t, "GET", s.cacheGetURL("query", q, "extensions", apqExtensionJSON(hash), "variables", vars), "")
		if a := decodeCacheAnswer(t, resp, body); !reflect.DeepEqual(a.Data, want) {
			t.Fatalf("register by GET: got %+v, want %v", a, want)
		}
		resp, body = MustSendRaw(t, "GET", s.cacheGetURL("extensions", apqExtensionJSON(hash), "variables", `{"id":"bravo"}`), "")
		if a := decodeCacheAnswer(t, resp, body); dig(a.Data, "city", "name") != "Bravograd" {
			t.Errorf("GET by hash, other variables: got %+v, want Bravograd", a)
		}
	})

	t.Run("ErrHashMismatch", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, false)
		resp, body := MustSendRaw(t, "POST", s.url+"/graphql", cacheBody(t, map[string]any{"query": q, "extensions": apqExtension(apqHash("{ stats { joinsWithoutYear } }")),
			"variables": map[string]any{"id": "alpha"}}))
		a := decodeCacheAnswer(t, resp, body)
		if code, field := errorCode(t, a); code != "BAD_USER_INPUT" || field != "extensions.persistedQuery" || a.Errors[0].Message != "provided APQ hash does not match query" {
			t.Errorf("got %+v, want the hash refused as BAD_USER_INPUT", a)
		}
		resp, body = MustSendRaw(t, "GET", s.cacheGetURL("query", q, "extensions", `{"persistedQuery":{"version":2,"sha256Hash":"`+hash+`"}}`, "variables", vars), "")
		if code, _ := errorCode(t, decodeCacheAnswer(t, resp, body)); code != "BAD_USER_INPUT" {
			t.Errorf("APQ version 2: got %s, want BAD_USER_INPUT", code)
		}
	})

	t.Run("OK/Bounded", func(t *testing.T) {
		s := MustCacheServer(t, Caching{APQCacheSize: 2}, false)
		queries := []string{`{ city(id: "alpha") { id } }`, `{ city(id: "bravo") { id } }`, `{ city(id: "charlie") { id } }`}
		for _, q := range queries {
			resp, body := MustSendRaw(t, "POST", s.url+"/graphql", cacheBody(t, map[string]any{"query": q, "extensions": apqExtension(apqHash(q))}))
			if a := decodeCacheAnswer(t, resp, body); len(a.Errors) > 0 {
				t.Fatalf("register %s: %+v", q, a.Errors)
			}
		}
		// The least recently used is out; the two newest are kept.
		for i, q := range queries {
			resp, body := MustSendRaw(t, "GET", s.cacheGetURL("extensions", apqExtensionJSON(apqHash(q))), "")
			a := decodeCacheAnswer(t, resp, body)
			if i == 0 {
				if code, _ := errorCode(t, a); code != "PERSISTED_QUERY_NOT_FOUND" {
					t.Errorf("oldest of 3 in a cache of 2: got %+v, want PERSISTED_QUERY_NOT_FOUND", a)
				}
			} else if len(a.Errors) > 0 || dig(a.Data, "city", "id") == nil {
				t.Errorf("query %d of 3: got %+v, want it kept", i+1, a)
			}
		}
	})

	t.Run("OK/Off", func(t *testing.T) {
		s := MustCacheServer(t, Caching{APQCacheSize: -1}, false)
		resp, body := MustSendRaw(t, "POST", s.url+"/graphql", cacheBody(t, map[string]any{"query": q, "extensions": apqExtension(hash), "variables": map[string]any{"id": "alpha"}}))
		if a := decodeCacheAnswer(t, resp, body); !reflect.DeepEqual(a.Data, want) {
			t.Fatalf("text with a hash, APQ off: got %+v, want the answer", a)
		}
		resp, body = MustSendRaw(t, "GET", s.cacheGetURL("extensions", apqExtensionJSON(hash), "variables", vars), "")
		if a := decodeCacheAnswer(t, resp, body); len(a.Errors) == 0 {
			t.Errorf("hash alone, APQ off: got %+v, want an error", a)
		}
	})
}

const cacheCitiesQuery = `{ cities(first: 50) { edges { node { id name localName altNames country { id name } } } } }`

func TestCaching_HTTP(t *testing.T) {
	t.Run("OK/ETagThenNotModified", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, false)
		u := s.cacheGetURL("query", cacheCitiesQuery)
		resp, body := MustSendRaw(t, "GET", u, "")
		tag := resp.Header.Get("ETag")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) || len(tag) < 20 {
			t.Fatalf("got %d with ETag %q, want 200 with a strong ETag", resp.StatusCode, tag)
		}
		if got, want := resp.Header.Get("Cache-Control"), "public, max-age=0, must-revalidate"; got != want {
			t.Errorf("Cache-Control: got %q, want %q", got, want)
		}
		vary := varyList(resp.Header)
		for _, v := range []string{"accept", "authorization", "accept-encoding"} {
			if !vary[v] {
				t.Errorf("Vary: got %q, want %s in it", resp.Header.Values("Vary"), v)
			}
		}
		if a := decodeCacheAnswer(t, resp, body); len(a.Errors) > 0 {
			t.Fatalf("errors: %+v", a.Errors)
		}
		// The same request again: same ETag (it names the version, not a
		// moment).
		resp2, body2 := MustSendRaw(t, "GET", u, "")
		if got := resp2.Header.Get("ETag"); got != tag || !bytes.Equal(body, body2) {
			t.Errorf("second GET: got ETag %q, want %q and the same body", got, tag)
		}
		for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag} {
			resp, body := MustSendRaw(t, "GET", u, "", "If-None-Match", inm)
			if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
				t.Errorf("If-None-Match %s: got %d with %d bytes, want 304 and no body", inm, resp.StatusCode, len(body))
			}
			if resp.Header.Get("ETag") != tag || resp.Header.Get("Cache-Control") != "public, max-age=0, must-revalidate" {
				t.Errorf("304: got ETag %q, Cache-Control %q; want those of the 200", resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"))
			}
		}
		for _, inm := range []string{`"other"`, "*"} {
			if resp, _ := MustSendRaw(t, "GET", u, "", "If-None-Match", inm); resp.StatusCode != http.StatusOK {
				t.Errorf("If-None-Match %s: got %d, want 200", inm, resp.StatusCode)
			}
		}
	})

	t.Run("OK/ETagPerRequest", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, false)
		q := `query($id: ID!) { city(id: $id) { id } }`
		tags := map[string]string{}
		for name, req := range map[string][]string{
			"alpha":       {s.cacheGetURL("query", q, "variables", `{"id":"alpha"}`)},
			"bravo":       {s.cacheGetURL("query", q, "variables", `{"id":"bravo"}`)},
			"accept":      {s.cacheGetURL("query", q, "variables", `{"id":"alpha"}`), "Accept", "application/graphql-response+json"},
			"gzip":        {s.cacheGetURL("query", q, "variables", `{"id":"alpha"}`), "Accept-Encoding", "gzip"},
			"read key":    {s.cacheGetURL("query", q, "variables", `{"id":"alpha"}`), "Authorization", s.read},
			"write key":   {s.cacheGetURL("query", q, "variables", `{"id":"alpha"}`), "Authorization", s.write},
			"other query": {s.cacheGetURL("query", `{ city(id: "alpha") { id name } }`)},
		} {
			resp, _ := MustSendRaw(t, "GET", req[0], "", req[1:]...)
			tag := resp.Header.Get("ETag")
			if tag == "" {
				t.Fatalf("%s: no ETag", name)
			}
			for other, ot := range tags {
				if ot == tag {
					t.Errorf("%s and %s: same ETag %s, want different answers told apart", name, other, tag)
				}
			}
			tags[name] = tag
		}
	})

	t.Run("OK/NewETagAfterWrite", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, false)
		u := s.cacheGetURL("query", cacheCitiesQuery)
		resp, _ := MustSendRaw(t, "GET", u, "")
		tag := resp.Header.Get("ETag")
		golf := map[string]any{"id": "golf", "name": "Golf", "country": "AA"}
		resp, body := MustSendRaw(t, "POST", s.url+"/graphql", cacheBody(t, map[string]any{"query": createCity, "variables": map[string]any{"in": golf}}),
			"Authorization", s.write)
		if a := decodeCacheAnswer(t, resp, body); len(a.Errors) > 0 {
			t.Fatalf("createCity: %+v", a.Errors)
		}
		if cc, et := resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"); cc != "no-store" || et != "" {
			t.Errorf("mutation: got Cache-Control %q, ETag %q; want no-store and none", cc, et)
		}
		resp, body = MustSendRaw(t, "GET", u, "", "If-None-Match", tag)
		tag2 := resp.Header.Get("ETag")
		if resp.StatusCode != http.StatusOK || tag2 == "" || tag2 == tag {
			t.Fatalf("after a write, old ETag: got %d with ETag %q, want 200 with an ETag other than %q", resp.StatusCode, tag2, tag)
		}
		if !strings.Contains(string(body), `"golf"`) {
			t.Errorf("after a write: got %s, want the new city", body)
		}
		if resp, _ := MustSendRaw(t, "GET", u, "", "If-None-Match", tag2); resp.StatusCode != http.StatusNotModified {
			t.Errorf("new ETag: got %d, want 304", resp.StatusCode)
		}
	})

	t.Run("NoStore", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, false)
		for _, tc := range []struct {
			name, method, url, body string
			ok                      bool // 200 with errors in the body; else a 4xx (which one is protocol.go's)
		}{
			{"POST", "POST", s.url + "/graphql", cacheBody(t, map[string]any{"query": cacheCitiesQuery}), true},
			{"Mutation/POST", "POST", s.url + "/graphql", cacheBody(t, map[string]any{"query": `mutation { deleteCity(id: "atlantis") { changes { change } } }`}), true},
			{"Mutation/GET", "GET", s.cacheGetURL("query", `mutation { deleteCity(id: "alpha") { changes { change } } }`), "", false},
			{"Errors/NotFound", "GET", s.cacheGetURL("query", `{ city(id: "atlantis") { id } }`), "", true},
			{"Errors/PartialData", "GET", s.cacheGetURL("query", `{ a: city(id: "alpha") { id } b: city(id: "atlantis") { id } }`), "", true},
			{"Errors/Validation", "GET", s.cacheGetURL("query", `{ nope }`), "", false},
			{"Errors/Parse", "GET", s.cacheGetURL("query", `{ city(`), "", false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp, body := MustSendRaw(t, tc.method, tc.url, tc.body)
				if ok := resp.StatusCode == http.StatusOK; ok != tc.ok || resp.StatusCode >= 500 {
					t.Errorf("status: got %d, want 200: %v, else a 4xx (%s)", resp.StatusCode, tc.ok, body)
				}
				if cc, et := resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"); cc != "no-store" || et != "" {
					t.Errorf("got Cache-Control %q, ETag %q; want no-store and no ETag", cc, et)
				}
			})
		}
		if _, err := s.store.City(t.Context(), "alpha"); err != nil {
			t.Errorf("a mutation over GET ran: %v", err)
		}
	})

	t.Run("OK/Private", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, false)
		u := s.cacheGetURL("query", cacheCitiesQuery)
		resp, _ := MustSendRaw(t, "GET", u, "", "Authorization", s.read)
		if got, want := resp.Header.Get("Cache-Control"), "private, max-age=0, must-revalidate"; got != want {
			t.Errorf("with a key: got Cache-Control %q, want %q", got, want)
		}
		tag := resp.Header.Get("ETag")
		if resp, _ := MustSendRaw(t, "GET", u, "", "Authorization", s.read, "If-None-Match", tag); resp.StatusCode != http.StatusNotModified {
			t.Errorf("same key, If-None-Match: got %d, want 304", resp.StatusCode)
		}
		// The caller is part of the ETag: another caller's does not match.
		if resp, _ := MustSendRaw(t, "GET", u, "", "If-None-Match", tag); resp.StatusCode != http.StatusOK {
			t.Errorf("no key, the keyed ETag: got %d, want 200", resp.StatusCode)
		}
		if resp, _ := MustSendRaw(t, "GET", u, "", "Authorization", s.write, "If-None-Match", tag); resp.StatusCode != http.StatusOK {
			t.Errorf("other key, the first key's ETag: got %d, want 200", resp.StatusCode)
		}
	})

	t.Run("ReadsNeedKey", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, true)
		u := s.cacheGetURL("query", cacheCitiesQuery)
		resp, _ := MustSendRaw(t, "GET", u, "")
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("ETag") != "" {
			t.Errorf("no key: got %d, Cache-Control %q, ETag %q; want 401, no-store, none", resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"))
		}
		resp, _ = MustSendRaw(t, "GET", u, "", "Authorization", s.read)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Cache-Control"), "private,") {
			t.Errorf("read key: got %d, Cache-Control %q; want 200, private", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		// A credential that does not authenticate never gets an ETag.
		resp, _ = MustSendRaw(t, "GET", u, "", "Authorization", "not-a-key")
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("ETag") != "" {
			t.Errorf("bad key: got %d, ETag %q; want 401, none", resp.StatusCode, resp.Header.Get("ETag"))
		}
	})

	t.Run("OK/MaxAge", func(t *testing.T) {
		s := MustCacheServer(t, Caching{MaxAge: 30 * time.Second}, false)
		resp, _ := MustSendRaw(t, "GET", s.cacheGetURL("query", cacheCitiesQuery), "")
		if got, want := resp.Header.Get("Cache-Control"), "public, max-age=30"; got != want {
			t.Errorf("Cache-Control: got %q, want %q", got, want)
		}
	})

	t.Run("OK/Off", func(t *testing.T) {
		s := MustCacheServer(t, Caching{MaxAge: -time.Second}, false)
		resp, _ := MustSendRaw(t, "GET", s.cacheGetURL("query", cacheCitiesQuery), "")
		if cc, et := resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"); resp.StatusCode != http.StatusOK || cc != "no-store" || et != "" {
			t.Errorf("got %d, Cache-Control %q, ETag %q; want 200, no-store, none", resp.StatusCode, cc, et)
		}
	})
}

func varyList(h http.Header) map[string]bool {
	m := map[string]bool{}
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			m[strings.ToLower(strings.TrimSpace(f))] = true
		}
	}
	return m
}

// versionStore answers Version from a list (the last one repeats) and
// counts the calls.
type versionStore struct {
	graph.Store
	mu       sync.Mutex
	versions []string
	calls    int
}

func (s *versionStore) Version(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.versions[min(s.calls, len(s.versions)-1)]
	s.calls++
	return v, nil
}

func TestCacheHeaders(t *testing.T) {
	answer := func(runs *int) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			*runs++
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"data":{"n":1}}`)
		})
	}

	t.Run("OK/NotModifiedWithoutRunning", func(t *testing.T) {
		var runs int
		h := cacheHeaders(answer(&runs), &versionStore{versions: []string{"v1"}}, Caching{})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/graphql?query=%7Bn%7D", nil))
		tag := rec.Header().Get("ETag")
		if rec.Code != http.StatusOK || tag == "" || runs != 1 {
			t.Fatalf("first GET: got %d, ETag %q, %d runs; want 200, an ETag, 1 run", rec.Code, tag, runs)
		}
		req := httptest.NewRequest("GET", "/graphql?query=%7Bn%7D", nil)
		req.Header.Set("If-None-Match", tag)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || runs != 1 {
			t.Errorf("If-None-Match: got %d, %d bytes, %d runs; want 304, none, still 1 run", rec.Code, rec.Body.Len(), runs)
		}
	})

	t.Run("NoStore/WriteDuringQuery", func(t *testing.T) {
		// The version moved while the answer was computed: it may mix
		// both, so it is named by neither.
		var runs int
		h := cacheHeaders(answer(&runs), &versionStore{versions: []string{"v1", "v2"}}, Caching{})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/graphql?query=%7Bn%7D", nil))
		if rec.Code != http.StatusOK || rec.Header().Get("ETag") != "" || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("got %d, ETag %q, Cache-Control %q; want 200, none, no-store", rec.Code, rec.Header().Get("ETag"), rec.Header().Get("Cache-Control"))
		}
		if rec.Body.String() != `{"data":{"n":1}}` {
			t.Errorf("body: got %q, want the answer", rec.Body)
		}
	})
}

func TestCaching_Compress(t *testing.T) {
	t.Run("OK/Gzip", func(t *testing.T) {
		s := MustCacheServer(t, Caching{CompressMinBytes: 200}, false)
		u := s.cacheGetURL("query", cacheCitiesQuery)
		plain, want := MustSendRaw(t, "GET", u, "")
		if ce := plain.Header.Get("Content-Encoding"); ce != "" {
			t.Errorf("no Accept-Encoding: got Content-Encoding %q, want none", ce)
		}
		if len(want) < 200 {
			t.Fatalf("answer of %d bytes: want one over the 200-byte minimum", len(want))
		}
		resp, body := MustSendRaw(t, "GET", u, "", "Accept-Encoding", "gzip")
		if ce := resp.Header.Get("Content-Encoding"); ce != "gzip" {
			t.Fatalf("Accept-Encoding gzip: got Content-Encoding %q, want gzip", ce)
		}
		got := MustGunzip(t, body)
		if !bytes.Equal(got, want) || !json.Valid(got) {
			t.Errorf("gunzipped body:\n got %s\nwant %s", got, want)
		}
		if len(body) >= len(want) {
			t.Errorf("gzipped %d bytes to %d", len(want), len(body))
		}
		// The gzipped answer is another representation: another ETag,
		// and its 304 has no body to encode.
		tag := resp.Header.Get("ETag")
		if tag == "" || tag == plain.Header.Get("ETag") {
			t.Errorf("ETag gzipped %q, plain %q: want both, different", tag, plain.Header.Get("ETag"))
		}
		resp, body = MustSendRaw(t, "GET", u, "", "Accept-Encoding", "gzip", "If-None-Match", tag)
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 || resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("304: got %d, %d bytes, Content-Encoding %q; want 304, empty, none", resp.StatusCode, len(body), resp.Header.Get("Content-Encoding"))
		}
		if resp, _ := MustSendRaw(t, "GET", u, "", "If-None-Match", tag); resp.StatusCode != http.StatusOK {
			t.Errorf("the gzipped ETag without Accept-Encoding: got %d, want 200", resp.StatusCode)
		}
		// POST answers are compressed too.
		resp, body = MustSendRaw(t, "POST", s.url+"/graphql", cacheBody(t, map[string]any{"query": cacheCitiesQuery}), "Accept-Encoding", "gzip")
		if resp.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(MustGunzip(t, body), want) {
			t.Errorf("POST: got Content-Encoding %q, want gzip and the same answer", resp.Header.Get("Content-Encoding"))
		}
	})

	t.Run("OK/SmallNotCompressed", func(t *testing.T) {
		s := MustCacheServer(t, Caching{}, false)
		resp, body := MustSendRaw(t, "GET", s.cacheGetURL("query", `{ city(id: "alpha") { id } }`), "", "Accept-Encoding", "gzip")
		if ce := resp.Header.Get("Content-Encoding"); ce != "" || !json.Valid(body) {
			t.Errorf("%d-byte answer: got Content-Encoding %q, want none under %d bytes", len(body), ce, DefaultCompressMinBytes)
		}
	})

	t.Run("OK/Off", func(t *testing.T) {
		s := MustCacheServer(t, Caching{CompressMinBytes: -1}, false)
		resp, body := MustSendRaw(t, "GET", s.cacheGetURL("query", cacheCitiesQuery), "", "Accept-Encoding", "gzip")
		if ce := resp.Header.Get("Content-Encoding"); ce != "" || !json.Valid(body) {
			t.Errorf("compression off: got Content-Encoding %q, want none", ce)
		}
		if varyList(resp.Header)["accept-encoding"] {
			t.Errorf("compression off: got Vary %q, want no Accept-Encoding", resp.Header.Values("Vary"))
		}
	})

	t.Run("OK/ExportStreams", func(t *testing.T) {
		// The first rows reach the client, compressed, while the walk
		// is still running.
		release := make(chan struct{})
		var once sync.Once
		defer once.Do(func() { close(release) })
		srv := httptest.NewServer(New(walkStore{n: 2000, release: release}, Options{}))
		defer srv.Close()
		req := MustRequest(t, "GET", srv.URL+"/export/nodes.csv")
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := rawCacheClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if ce := resp.Header.Get("Content-Encoding"); ce != "gzip" {
			t.Fatalf("Content-Encoding: got %q, want gzip", ce)
		}
		var zr *gzip.Reader
		first := make([]byte, 1024)
		read := make(chan error, 1)
		go func() {
			var err error
			if zr, err = gzip.NewReader(resp.Body); err == nil {
				_, err = io.ReadFull(zr, first)
			}
			read <- err
		}()
		select {
		case err := <-read:
			if err != nil {
				t.Fatalf("reading the first KiB: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no bytes before the walk ended: the compressed export is held back")
		}
		once.Do(func() { close(release) })
		rest, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(append(first, rest...))).ReadAll()
		if err != nil || len(rows) != 2001 {
			t.Errorf("CSV: got %d rows (%v), want a header and 2000", len(rows), err)
		}
	})
}

// An export sets a deadline on each write (exportWriter): compression
// must pass it on to the connection.
func TestCompress_WriteDeadline(t *testing.T) {
	errc := make(chan error, 1)
	srv := httptest.NewServer(compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		errc <- http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Minute))
		io.WriteString(w, strings.Repeat("row,", 1000))
	}), Caching{}))
	defer srv.Close()
	resp, body := MustSendRaw(t, "GET", srv.URL, "", "Accept-Encoding", "gzip")
	if err := <-errc; err != nil {
		t.Errorf("SetWriteDeadline through compress: %v", err)
	}
	if resp.Header.Get("Content-Encoding") != "gzip" || string(MustGunzip(t, body)) != strings.Repeat("row,", 1000) {
		t.Errorf("got Content-Encoding %q, want gzip and the body", resp.Header.Get("Content-Encoding"))
	}
}

func MustGunzip(tb testing.TB, b []byte) []byte {
	tb.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatalf("gunzip: %v", err)
	}
	return out
}

// A WebSocket upgrade reaches its handler with the connection itself:
// neither compressed nor buffered for caching, and hijackable.
func TestCaching_Upgrade(t *testing.T) {
	vs := &versionStore{versions: []string{"v1"}}
	writerType := make(chan string, 1)
	ws := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writerType <- fmt.Sprintf("%T", w)
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer conn.Close()
		rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n" + strings.Repeat("frame ", 1000))
		rw.Flush()
	})
	srv := httptest.NewServer(compress(cacheHeaders(ws, vs, Caching{}), Caching{}))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /graphql HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nAccept-Encoding: gzip\r\n"+
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Errorf("status: got %d, want 101", resp.StatusCode)
	}
	for _, h := range []string{"Content-Encoding", "Cache-Control", "ETag", "Vary"} {
		if v := resp.Header.Get(h); v != "" {
			t.Errorf("%s: got %q, want none on an upgrade", h, v)
		}
	}
	if wt := <-writerType; strings.Contains(wt, "gzhttp") || strings.Contains(wt, "bufferedAnswer") || strings.Contains(wt, "flushEvery") {
		t.Errorf("the handler got a %s, want the server's own writer", wt)
	}
	if vs.calls != 0 {
		t.Errorf("Version: got %d calls, want none for an upgrade", vs.calls)
	}
}
