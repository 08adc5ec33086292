// Package explorer serves the citynet explorer, the page at "/" that draws
// the graph and puts the main questions one click away, entirely from the
// Go binary.
//
// The page is a small set of plain JavaScript modules (src/) over the public
// GraphQL API, with Cytoscape.js for the drawing, d3-force for its layout
// (in a Web Worker), d3-geo and the world-atlas countries for the map (a
// chunk loaded with its tab) and graphql-ws for the change feed, bundled
// by Vite into dist/. dist/ is committed and embedded with go:embed, so building and
// running the server needs Go only: no npm, no CDN, no network. Whoever
// changes src/ rebuilds dist/ and commits both:
//
//	cd web/explorer && npm ci && npm run build
//
// CI does the same and fails if the build differs from the commit (Vite's
// output, content-hashed file names included, depends only on the sources
// and the locked packages). package.json pins rollup (Vite's bundler) to
// 4.65.0 with "overrides": for later releases the registry these machines
// reach lacks the other platforms' native packages, and `npm ci` refuses a
// lock file without them.
//
// Wiring, with the page at "/" and its files under "/explorer/":
//
//	mux.Handle("GET /{$}", explorer.Handler())
//	mux.Handle("/explorer/", http.StripPrefix("/explorer/", explorer.Assets()))
package explorer

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"citynet/web"
)

// Prefix is where Assets must be mounted: Vite's `base` (vite.config.js),
// which the built page uses in every script, style and icon URL.
const Prefix = "/explorer/"

//go:embed dist
var embedded embed.FS

var dist = func() fs.FS {
	sub, err := fs.Sub(embedded, "dist")
	if err != nil {
		panic(err)
	}
	return sub
}()

// CSP is the page's Content-Security-Policy: scripts, styles, the icon and
// API calls (fetch, and WebSocket for subscriptions) from the page's own
// origin only; no inline script or style (the page sets styles through the
// CSSOM only), no frames, no forms posted anywhere.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Handler returns the handler for the page (dist/index.html). It answers
// GET and HEAD; other methods get 405.
func Handler() http.Handler {
	page, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		panic("explorer: dist/index.html is not embedded: run `npm ci && npm run build` in web/explorer")
	}
	return web.Page(page, CSP)
}

// Assets returns a handler serving the built files by their path below
// Prefix ("assets/index-BFMkWFvD.js"); mount it with http.StripPrefix.
// Files under assets/ carry a content hash in their names and are cached
// for a year; others (the icon) are revalidated. index.html, directories
// and unknown names are 404; methods other than GET and HEAD are 405.
func Assets() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		info, err := fs.Stat(dist, name)
		if name == "" || name == "index.html" || !fs.ValidPath(name) || err != nil || info.IsDir() {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		data, err := fs.ReadFile(dist, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		sum := sha256.Sum256(data)
		h := w.Header()
		h.Set("ETag", `"`+base64.RawURLEncoding.EncodeToString(sum[:12])+`"`)
		h.Set("Content-Type", contentType(name))
		h.Set("X-Content-Type-Options", "nosniff")
		if strings.HasPrefix(name, "assets/") {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		// ServeContent answers If-None-Match (the ETag), ranges and HEAD;
		// embedded files have no modification time, so no Last-Modified.
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	})
}

// Files lists the embedded files (for tests and checks), by their path
// below Prefix, index.html included.
func Files() []string {
	var names []string
	fs.WalkDir(dist, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, name)
		}
		return nil
	})
	return names
}

// contentType fixes the types rather than relying on the system's MIME
// tables, which differ between machines.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".html":
		return "text/html; charset=utf-8"
	default:
		return "application/octet-stream"
	}
}
