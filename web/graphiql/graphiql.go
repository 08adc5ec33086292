// Package graphiql serves the GraphiQL in-browser GraphQL IDE for the citynet
// API entirely from the Go binary.
//
// GraphiQL is usually loaded from a public CDN (unpkg, jsdelivr, esm.sh).
// citynet is run on research networks that are often offline or firewalled
// from the internet, where such a page would stay blank. So the prebuilt
// GraphiQL UMD bundle and the React 18 UMD builds it needs are vendored in
// assets/ (exact versions and checksums in VERSIONS, refreshed by update.sh,
// which the build never runs) and embedded with go:embed. The page then needs
// nothing but this server: no CDN, no fonts or workers from elsewhere, and the
// browser runs exactly the code that was reviewed and committed.
//
// Typical wiring, with the page and the API sharing one URL:
//
//	mux.Handle("/graphiql/", http.StripPrefix("/graphiql/", graphiql.Assets()))
//	page := graphiql.Handler("/graphql", "/graphiql/")
//	mux.HandleFunc("/graphql", func(w http.ResponseWriter, r *http.Request) {
//		if graphiql.WantsHTML(r) {
//			page.ServeHTTP(w, r)
//			return
//		}
//		api.ServeHTTP(w, r)
//	})
package graphiql

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"citynet/web"
)

//go:embed assets
var embedded embed.FS

// assetFS is the embedded assets directory, with file names at its root.
var assetFS = func() fs.FS {
	sub, err := fs.Sub(embedded, "assets")
	if err != nil {
		panic(err)
	}
	return sub
}()

// assetVersions maps each embedded asset name to a short hash of its content.
// The page appends it to asset URLs (?v=...), which makes them change whenever
// the content does and lets Assets cache them "forever"; it is also the ETag.
var assetVersions = sync.OnceValue(func() map[string]string {
	versions := map[string]string{}
	err := fs.WalkDir(assetFS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(assetFS, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		versions[name] = hex.EncodeToString(sum[:8])
		return nil
	})
	if err != nil {
		panic("graphiql: reading embedded assets: " + err.Error())
	}
	return versions
})

// defaultQuery is shown in the editor on a first visit (GraphiQL afterwards
// restores the user's last query from the browser's localStorage).
const defaultQuery = `# City networks GraphQL API.
#
# Run the query with Ctrl-Enter or the ▶ button;
# the book icon (top left) opens the schema docs.

{
  city(id: "krakow") {
    name
    networks {
      name
    }
  }
}
`

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>City networks — GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{{call .Asset "graphiql.min.css"}}">
<link rel="stylesheet" href="{{call .Asset "init.css"}}">
<script defer src="{{call .Asset "react.production.min.js"}}"></script>
<script defer src="{{call .Asset "react-dom.production.min.js"}}"></script>
<script defer src="{{call .Asset "graphiql.min.js"}}"></script>
<script defer src="{{call .Asset "init.js"}}"></script>
</head>
<body>
<div id="graphiql" data-endpoint="{{.Endpoint}}" data-default-query="{{.DefaultQuery}}">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript. The GraphQL API itself is served at {{.Endpoint}}.</noscript>
</body>
</html>
`))

// Handler returns a handler for the GraphiQL HTML page. The page talks to the
// GraphQL API at endpoint (e.g. "/graphql") and loads its scripts and styles
// from assetsPrefix (e.g. "/graphiql/"; a missing trailing slash is added),
// where Assets must be mounted. Both are normally same-origin paths; if one is
// an absolute http(s) URL, its origin is allowed by the page's
// Content-Security-Policy, which otherwise permits only the page's own origin.
//
// The handler answers GET and HEAD; other methods get 405 Method Not Allowed.
func Handler(endpoint, assetsPrefix string) http.Handler {
	if !strings.HasSuffix(assetsPrefix, "/") {
		assetsPrefix += "/"
	}
	versions := assetVersions()
	var page bytes.Buffer
	err := pageTemplate.Execute(&page, map[string]any{
		"Endpoint":     endpoint,
		"DefaultQuery": defaultQuery,
		"Asset": func(name string) string {
			return assetsPrefix + name + "?v=" + versions[name]
		},
	})
	if err != nil {
		panic("graphiql: rendering page: " + err.Error()) // only string inputs: cannot happen
	}
	body := page.Bytes()

	self := "'self'"
	if o := origin(assetsPrefix); o != "" {
		self += " " + o
	}
	connect := "'self'"
	if o := origin(endpoint); o != "" {
		connect += " " + o
	}
	csp := strings.Join([]string{
		"default-src 'none'",
		"script-src " + self,
		// The bundle's dialogs (via react-remove-scroll) inject a small <style>
		// element it cannot give a nonce, so styles need 'unsafe-inline'.
		// Scripts do not: the bootstrap code lives in assets/init.js.
		"style-src " + self + " 'unsafe-inline'",
		"font-src " + self + " data:", // graphiql.min.css inlines its fonts as data: URLs
		"img-src " + self + " data:",
		"connect-src " + connect,
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; ")

	// The page usually shares its URL with the JSON API, hence Vary.
	return web.Page(body, csp, "Accept")
}

// cspHost matches hosts (with optional port) that are safe to put in a
// Content-Security-Policy source expression.
var cspHost = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]+)?$|^\[[0-9A-Fa-f:.]+\](:[0-9]+)?$`)

// origin returns "scheme://host" if s is an absolute http(s) URL, else "".
func origin(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !cspHost.MatchString(u.Host) {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// Assets returns a handler serving the embedded asset files by name (e.g.
// "graphiql.min.js"); mount it with http.StripPrefix at the assetsPrefix
// given to Handler. The files are versioned by the binary and the page
// requests them with a content hash in the URL, so they are served with a
// one-year immutable Cache-Control and a content-hash ETag. Unknown names and
// directories are 404; methods other than GET and HEAD are 405.
func Assets() http.Handler {
	files := http.FileServerFS(assetFS)
	versions := assetVersions()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		version, ok := versions[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", contentType(name))
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("ETag", `"`+version+`"`)
		h.Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}

// contentType fixes the asset content types rather than relying on the
// system's MIME tables; the LICENSE.* files have no usable extension.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	default:
		return "text/plain; charset=utf-8"
	}
}

// WantsHTML reports whether r looks like a browser navigating to the GraphQL
// URL, which should get the GraphiQL page rather than the API: a GET (or
// HEAD) request without a "query" URL parameter (a GraphQL-over-GET request
// has one) whose Accept header lists text/html with a higher quality than any
// JSON type (application/json, application/graphql-response+json). Browsers
// send text/html first and no JSON type; API clients list a JSON type or only
// */*, so they get the API. A tie goes to the API.
func WantsHTML(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if r.URL.Query().Has("query") {
		return false
	}
	htmlQ, jsonQ := 0.0, 0.0
	for _, header := range r.Header.Values("Accept") {
		for _, mediaRange := range strings.Split(header, ",") {
			mediaType, params, err := mime.ParseMediaType(mediaRange)
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				q, err = strconv.ParseFloat(s, 64)
				if err != nil || q < 0 || q > 1 {
					continue // invalid weight: ignore this range
				}
			}
			switch mediaType {
			case "text/html":
				htmlQ = max(htmlQ, q)
			case "application/json", "application/graphql-response+json":
				jsonQ = max(jsonQ, q)
			}
		}
	}
	return htmlQ > jsonQ
}
