package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestPage(t *testing.T) {
	h := Page([]byte("<!doctype html><title>x</title>"), "default-src 'none'", "Accept")
	for _, tc := range []struct {
		method string
		status int
		body   string
	}{
		{http.MethodGet, 200, "<!doctype html><title>x</title>"},
		{http.MethodHead, 200, ""},
		{http.MethodPost, 405, "method not allowed\n"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, "/", nil))
		if rec.Code != tc.status || rec.Body.String() != tc.body {
			t.Errorf("%s: %d %q, want %d %q", tc.method, rec.Code, rec.Body.String(), tc.status, tc.body)
		}
		if tc.status == 405 {
			if got := rec.Header().Get("Allow"); got != "GET, HEAD" {
				t.Errorf("%s: Allow %q", tc.method, got)
			}
			continue
		}
		for k, want := range map[string]string{
			"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'",
			"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache", "Vary": "Accept", "Content-Length": "31",
		} {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("%s: %s %q, want %q", tc.method, k, got, want)
			}
		}
	}
}
