package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"citynet/auth"
	"citynet/graph"
)

// MustKeys makes a read key and a write key and the parsed set.
func MustKeys(tb testing.TB) (read, write string, keys *auth.Keys) {
	tb.Helper()
	read, rl, err := auth.NewKey("dashboard", auth.RoleRead)
	if err != nil {
		tb.Fatal(err)
	}
	write, wl, err := auth.NewKey("curator", auth.RoleWrite)
	if err != nil {
		tb.Fatal(err)
	}
	keys, err = auth.ParseKeys(strings.NewReader("# comment\n" + rl + "\n\n" + wl + "\n"))
	if err != nil {
		tb.Fatal(err)
	}
	return read, write, keys
}

func TestKeys_Lookup(t *testing.T) {
	read, write, keys := MustKeys(t)
	if keys.Len() != 2 {
		t.Fatalf("Len: got %d, want 2", keys.Len())
	}
	if p, ok := keys.Lookup(read); !ok || p.Name != "dashboard" || p.Role != auth.RoleRead {
		t.Errorf("read key: got %+v, %v", p, ok)
	}
	if p, ok := keys.Lookup(write); !ok || p.Role != auth.RoleWrite {
		t.Errorf("write key: got %+v, %v", p, ok)
	}
	for _, bad := range []string{"", "nope", read + "x", strings.ToUpper(read)} {
		if _, ok := keys.Lookup(bad); ok {
			t.Errorf("Lookup(%q): accepted", bad)
		}
	}
	var none *auth.Keys
	if _, ok := none.Lookup(read); ok || none.Len() != 0 {
		t.Error("nil key set accepted a key")
	}
}

func TestParseKeys(t *testing.T) {
	_, line, _ := auth.NewKey("a", auth.RoleRead)
	_, line2, _ := auth.NewKey("b", auth.RoleWrite)
	keys, err := auth.ParseKeys(strings.NewReader(line + "," + line2))
	if err != nil || keys.Len() != 2 {
		t.Fatalf("comma-separated: got %d keys, %v", keys.Len(), err)
	}
	hash := strings.Split(line, ":")[2]
	for _, tc := range []struct{ in, want string }{
		{"a:read", "name:role:sha256-hex"},
		{":read:" + hash, "empty name"},
		{"a:admin:" + hash, "role must be read or write"},
		{"a:read:xyz", "64 hex digits"},
		{"a:read:" + hash[:10], "64 hex digits"},
	} {
		_, err := auth.ParseKeys(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseKeys(%q): got %v, want an error about %q", tc.in, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), hash) {
			t.Errorf("ParseKeys error repeats the hash: %v", err)
		}
	}
}

func TestRequireWrite(t *testing.T) {
	ctx := context.Background()
	if got := graph.ErrorCode(auth.RequireWrite(ctx)); got != graph.EUNAUTHENTICATED {
		t.Errorf("no key: got %q, want %q", got, graph.EUNAUTHENTICATED)
	}
	if got := graph.ErrorCode(auth.RequireWrite(auth.WithPrincipal(ctx, auth.Principal{Name: "d", Role: auth.RoleRead}))); got != graph.EFORBIDDEN {
		t.Errorf("read key: got %q, want %q", got, graph.EFORBIDDEN)
	}
	if err := auth.RequireWrite(auth.WithPrincipal(ctx, auth.Principal{Name: "c", Role: auth.RoleWrite})); err != nil {
		t.Errorf("write key: got %v, want nil", err)
	}
}

func TestKeys_Middleware(t *testing.T) {
	read, _, keys := MustKeys(t)
	handler := func(publicReads bool) http.Handler {
		next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, ok := auth.FromContext(r.Context())
			w.Write([]byte(p.Name + ":" + map[bool]string{true: "key", false: "anonymous"}[ok]))
		})
		return auth.Authenticator{Keys: keys}.Middleware(publicReads, func(w http.ResponseWriter, r *http.Request, msg string) {
			http.Error(w, msg, http.StatusUnauthorized)
		})(next)
	}
	for _, tc := range []struct {
		name        string
		publicReads bool
		header      string
		wantStatus  int
		wantBody    string
	}{
		{"OK/PublicAnonymous", true, "", 200, ":anonymous"},
		{"OK/PublicWithKey", true, "Bearer " + read, 200, "dashboard:key"},
		{"OK/LowercaseScheme", false, "bearer " + read, 200, "dashboard:key"},
		{"OK/KeyRequired", false, "Bearer " + read, 200, "dashboard:key"},
		{"ErrNoKey", false, "", 401, "needs an API key"},
		{"ErrUnknownKey", true, "Bearer wrong", 401, "unknown API key"},
		{"ErrBasicScheme", true, "Basic dXNlcjpwYXNz", 401, "Bearer <key>"},
		{"ErrEmptyBearer", true, "Bearer ", 401, "Bearer <key>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/graphql", nil)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			rec := httptest.NewRecorder()
			handler(tc.publicReads).ServeHTTP(rec, req)
			if rec.Code != tc.wantStatus || !strings.Contains(rec.Body.String(), tc.wantBody) {
				t.Errorf("got %d %q, want %d containing %q", rec.Code, rec.Body.String(), tc.wantStatus, tc.wantBody)
			}
			if strings.Contains(rec.Body.String(), read) {
				t.Error("response repeats the key")
			}
		})
	}
}
