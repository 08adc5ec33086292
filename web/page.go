// Package web holds what the server's pages (web/explorer, web/graphiql)
// share: how an HTML page is answered.
package web

import (
	"net/http"
	"strconv"
)

// Page answers GET and HEAD with body, an HTML page, under the given
// Content-Security-Policy, and 405 with Allow to other methods. The page is
// revalidated on every load, so that a new binary's asset names are picked
// up; vary names request headers that the page's URL also answers by (the
// GraphiQL page shares its URL with the API, by Accept).
func Page(body []byte, csp string, vary ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-cache")
		for _, v := range vary {
			h.Add("Vary", v)
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodGet {
			w.Write(body)
		}
	})
}
