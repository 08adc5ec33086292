package graphiql

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
)

// newMux wires the package the way the package documentation suggests.
func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/graphiql/", http.StripPrefix("/graphiql/", Assets()))
	mux.Handle("/graphql", Handler("/graphql", "/graphiql/"))
	return mux
}

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

// assetURL matches the src/href URLs of scripts and stylesheets in the page.
var assetURL = regexp.MustCompile(`(?:src|href)="(/graphiql/[^"?]+)\?v=[0-9a-f]+"`)

func TestPage(t *testing.T) {
	rec := get(t, newMux(), "/graphql")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self';", "connect-src 'self';"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	body := rec.Body.String()
	for _, want := range []string{
		"<title>City networks — GraphiQL</title>",
		`data-endpoint="/graphql"`,
		`city(id: &#34;krakow&#34;)`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	var got []string
	for _, m := range assetURL.FindAllStringSubmatch(body, -1) {
		got = append(got, m[1])
	}
	want := []string{
		"/graphiql/graphiql.min.css",
		"/graphiql/init.css",
		"/graphiql/react.production.min.js",
		"/graphiql/react-dom.production.min.js",
		"/graphiql/graphiql.min.js",
		"/graphiql/init.js",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("asset URLs in page:\n got %q\nwant %q", got, want)
	}
	for _, s := range []string{"http://", "https://", "//unpkg", "//cdn", "<script>"} {
		if strings.Contains(body, s) {
			t.Errorf("page contains %q:\n%s", s, body)
		}
	}
}

// TestPageEscaping checks that endpoint and prefix cannot break out of their
// attributes.
func TestPageEscaping(t *testing.T) {
	h := Handler(`/q"><script>alert(1)</script>`, `javascript:alert(1)//`)
	body := get(t, h, "/").Body.String()
	if strings.Contains(body, "<script>alert") || strings.Contains(body, `src="javascript:`) {
		t.Errorf("unescaped input in page:\n%s", body)
	}
	if !strings.Contains(body, `data-endpoint="/q&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`) {
		t.Errorf("endpoint not escaped as expected:\n%s", body)
	}
}

func TestPageCSPOrigins(t *testing.T) {
	h := Handler("https://api.example.org/graphql", "http://127.0.0.1:8080/static")
	rec := get(t, h, "/")
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{
		"script-src 'self' http://127.0.0.1:8080;",
		"connect-src 'self' https://api.example.org;",
	} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if !strings.Contains(rec.Body.String(), `src="http://127.0.0.1:8080/static/init.js?v=`) {
		t.Errorf("prefix without trailing slash not fixed:\n%s", rec.Body.String())
	}
}

func TestPageMethods(t *testing.T) {
	rec := httptest.NewRecorder()
	newMux().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", rec.Code)
	}
}

func TestAssets(t *testing.T) {
	mux := newMux()
	for _, tc := range []struct{ name, contentType string }{
		{"graphiql.min.js", "text/javascript; charset=utf-8"},
		{"graphiql.min.css", "text/css; charset=utf-8"},
		{"react.production.min.js", "text/javascript; charset=utf-8"},
		{"react-dom.production.min.js", "text/javascript; charset=utf-8"},
		{"init.js", "text/javascript; charset=utf-8"},
		{"init.css", "text/css; charset=utf-8"},
		{"LICENSE.graphiql", "text/plain; charset=utf-8"},
		{"LICENSE.react", "text/plain; charset=utf-8"},
		{"LICENSE.react-dom", "text/plain; charset=utf-8"},
	} {
		rec := get(t, mux, "/graphiql/"+tc.name+"?v=whatever")
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", tc.name, rec.Code)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); ct != tc.contentType {
			t.Errorf("%s: Content-Type %q, want %q", tc.name, ct, tc.contentType)
		}
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("%s: Cache-Control %q", tc.name, cc)
		}
		if rec.Body.Len() == 0 {
			t.Errorf("%s: empty body", tc.name)
		}

		// Revalidation with the ETag.
		req := httptest.NewRequest(http.MethodGet, "/graphiql/"+tc.name, nil)
		req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
		rec2 := httptest.NewRecorder()
		mux.ServeHTTP(rec2, req)
		if rec2.Code != http.StatusNotModified {
			t.Errorf("%s: conditional GET: status %d, want 304", tc.name, rec2.Code)
		}
	}

	for _, p := range []string{"/graphiql/", "/graphiql/nope.js", "/graphiql/../graphiql.go", "/graphiql/assets/init.js"} {
		if rec := get(t, mux, p); rec.Code != http.StatusNotFound && rec.Code/100 != 3 {
			t.Errorf("%s: status %d, want 404", p, rec.Code)
		}
	}
}

// TestBundleOffline guards against a bundle update that loads code from a CDN.
func TestBundleOffline(t *testing.T) {
	for _, name := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "init.js", "init.css"} {
		data, err := fs.ReadFile(assetFS, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, cdn := range []string{"unpkg.com", "cdn.jsdelivr.net", "esm.sh", "cdnjs.cloudflare.com", "fonts.googleapis.com"} {
			// Host names, not bare words: graphiql.min.js says "jsdelivr,
			// unpkg" once, in an error message about React 15.
			if n := strings.Count(string(data), cdn); n > 0 {
				t.Errorf("%s mentions %s %d times", name, cdn, n)
			}
		}
	}
}

// TestVersionsFile checks that the checksums in VERSIONS (written by
// update.sh) match the embedded files, so assets and VERSIONS stay in sync.
func TestVersionsFile(t *testing.T) {
	f, err := os.Open("VERSIONS")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line := regexp.MustCompile(`^([0-9a-f]{64})  (\S+)$`)
	checked := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		data, err := fs.ReadFile(assetFS, m[2])
		if err != nil {
			t.Errorf("VERSIONS lists %s: %v", m[2], err)
			continue
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != m[1] {
			t.Errorf("%s: sha256 %s, VERSIONS says %s", m[2], got, m[1])
		}
		checked++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked != 7 {
		t.Errorf("VERSIONS lists %d files, want 7", checked)
	}
}

func TestWantsHTML(t *testing.T) {
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
	for _, tc := range []struct {
		name, method, target, accept string
		want                         bool
	}{
		{"browser", "GET", "/graphql", browser, true},
		{"browser HEAD", "HEAD", "/graphql", browser, true},
		{"browser, other params", "GET", "/graphql?x=1", browser, true},
		{"plain text/html", "GET", "/graphql", "TEXT/HTML", true},
		{"json", "GET", "/graphql", "application/json", false},
		{"graphql-response", "GET", "/graphql", "application/graphql-response+json, application/json;q=0.9", false},
		{"json preferred over html", "GET", "/graphql", "application/json, text/html;q=0.5", false},
		{"html preferred over json", "GET", "/graphql", "text/html, application/json;q=0.5", true},
		{"tie goes to API", "GET", "/graphql", "application/json, text/html", false},
		{"html refused", "GET", "/graphql", "text/html;q=0", false},
		{"curl", "GET", "/graphql", "*/*", false},
		{"no Accept", "GET", "/graphql", "", false},
		{"GET with query", "GET", "/graphql?query=%7Bcity%7D", browser, false},
		{"GET with empty query", "GET", "/graphql?query=", browser, false},
		{"POST", "POST", "/graphql", browser, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.target, nil)
			if tc.accept != "" {
				r.Header.Set("Accept", tc.accept)
			}
			if got := WantsHTML(r); got != tc.want {
				t.Errorf("WantsHTML(%s %s, Accept: %q) = %v, want %v", tc.method, tc.target, tc.accept, got, tc.want)
			}
		})
	}
}
