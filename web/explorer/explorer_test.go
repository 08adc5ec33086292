package explorer_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"citynet/web/explorer"
)

// MustServe serves the page at "/" and the files under explorer.Prefix, as
// server.New wires them.
func MustServe(tb testing.TB) *httptest.Server {
	tb.Helper()
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", explorer.Handler())
	mux.Handle(explorer.Prefix, http.StripPrefix(explorer.Prefix, explorer.Assets()))
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv
}

func MustGet(tb testing.TB, method, url string, header ...string) (*http.Response, string) {
	tb.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, string(body)
}

// assetRef finds the page's script, stylesheet and icon URLs.
var assetRef = regexp.MustCompile(`(?:src|href)="(/explorer/[^"]+)"`)

func TestHandler(t *testing.T) {
	srv := MustServe(t)

	t.Run("OK", func(t *testing.T) {
		resp, body := MustGet(t, http.MethodGet, srv.URL+"/")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /: status %d, want 200", resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("Content-Type: got %q", ct)
		}
		if got := resp.Header.Get("Content-Security-Policy"); got != explorer.CSP {
			t.Errorf("Content-Security-Policy: got %q, want %q", got, explorer.CSP)
		}
		for _, want := range []string{"script-src 'self'", "style-src 'self'", "connect-src 'self'", "default-src 'none'"} {
			if !strings.Contains(explorer.CSP, want) {
				t.Errorf("CSP lacks %q", want)
			}
		}
		if strings.Contains(explorer.CSP, "unsafe") {
			t.Errorf("CSP allows something unsafe: %s", explorer.CSP)
		}
		if !strings.Contains(body, "<title>City networks explorer</title>") {
			t.Errorf("page: no explorer title in\n%s", body)
		}
		// The CSP forbids inline code and styles: the page must have none.
		for _, bad := range []*regexp.Regexp{
			regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`), // a script with a body
			regexp.MustCompile(`<style`),
			regexp.MustCompile(`\sstyle=`),
			regexp.MustCompile(`\son[a-z]+=`),
		} {
			if loc := bad.FindStringIndex(body); loc != nil {
				t.Errorf("page has inline code or style: %q", body[loc[0]:min(len(body), loc[1]+40)])
			}
		}
	})

	t.Run("AssetsResolve", func(t *testing.T) {
		_, body := MustGet(t, http.MethodGet, srv.URL+"/")
		refs := assetRef.FindAllStringSubmatch(body, -1)
		kinds := map[string]bool{}
		for _, m := range refs {
			resp, content := MustGet(t, http.MethodGet, srv.URL+m[1])
			if resp.StatusCode != http.StatusOK || len(content) == 0 {
				t.Errorf("GET %s: status %d, %d bytes", m[1], resp.StatusCode, len(content))
			}
			kinds[resp.Header.Get("Content-Type")] = true
		}
		for _, ct := range []string{"text/javascript; charset=utf-8", "text/css; charset=utf-8", "image/svg+xml"} {
			if !kinds[ct] {
				t.Errorf("the page refers to no %s file (refs %v)", ct, refs)
			}
		}
	})

	t.Run("HEAD", func(t *testing.T) {
		resp, body := MustGet(t, http.MethodHead, srv.URL+"/")
		if resp.StatusCode != http.StatusOK || body != "" {
			t.Errorf("HEAD /: status %d, body %q", resp.StatusCode, body)
		}
	})

	t.Run("ErrMethod", func(t *testing.T) {
		rec := httptest.NewRecorder()
		explorer.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("POST: status %d, Allow %q; want 405, GET, HEAD", rec.Code, rec.Header().Get("Allow"))
		}
	})
}

func TestAssets(t *testing.T) {
	srv := MustServe(t)
	_, page := MustGet(t, http.MethodGet, srv.URL+"/")
	var js string
	for _, m := range assetRef.FindAllStringSubmatch(page, -1) {
		if strings.HasSuffix(m[1], ".js") {
			js = m[1]
		}
	}
	if js == "" {
		t.Fatal("the page loads no script")
	}

	t.Run("Immutable", func(t *testing.T) {
		resp, _ := MustGet(t, http.MethodGet, srv.URL+js)
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("Cache-Control: got %q", cc)
		}
		etag := resp.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		again, body := MustGet(t, http.MethodGet, srv.URL+js, "If-None-Match", etag)
		if again.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("If-None-Match: status %d, %d bytes; want 304", again.StatusCode, len(body))
		}
	})

	t.Run("Icon", func(t *testing.T) {
		resp, _ := MustGet(t, http.MethodGet, srv.URL+"/explorer/favicon.svg")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("icon: status %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		for _, p := range []string{"/explorer/", "/explorer/index.html", "/explorer/assets/", "/explorer/nope.js", "/explorer/../go.mod", "/explorer/assets/../index.html"} {
			resp, _ := MustGet(t, http.MethodGet, srv.URL+p)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
			}
		}
	})

	t.Run("ErrMethod", func(t *testing.T) {
		resp, _ := MustGet(t, http.MethodPost, srv.URL+js)
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: status %d, want 405", js, resp.StatusCode)
		}
	})
}

// TestFiles_Offline checks that the built page loads nothing from elsewhere:
// no URL in any embedded file but the SVG namespace (a name, never fetched).
func TestFiles_Offline(t *testing.T) {
	srv := MustServe(t)
	url := regexp.MustCompile(`(?i)(?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+`)
	allowed := map[string]bool{"http://www.w3.org": true}
	files := explorer.Files()
	if len(files) < 4 {
		t.Fatalf("embedded files: %v; want index.html, a script, a stylesheet and the icon", files)
	}
	for _, name := range files {
		path := explorer.Prefix + name
		if name == "index.html" {
			path = "/"
		}
		_, body := MustGet(t, http.MethodGet, srv.URL+path)
		for _, u := range url.FindAllString(body, -1) {
			if !allowed[u] {
				t.Errorf("%s refers to %s: the explorer must work offline", name, u)
			}
		}
	}
}
