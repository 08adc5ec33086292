package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citynet/auth"
	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
	"citynet/server"
)

func MustServer(tb testing.TB) (url, writeKey string, store *memory.Store) {
	tb.Helper()
	store, err := memory.New(storetest.Synthetic())
	if err != nil {
		tb.Fatal(err)
	}
	key, line, _ := auth.NewKey("curator", auth.RoleWrite)
	keys, _ := auth.ParseKeys(strings.NewReader(line))
	srv := httptest.NewServer(server.New(store, server.Options{Auth: auth.Authenticator{Keys: keys}}))
	tb.Cleanup(srv.Close)
	return srv.URL, key, store
}

func MustFile(tb testing.TB, name, content string) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestRun(t *testing.T) {
	url, key, store := MustServer(t)
	env := func(k string) string { return map[string]string{"CITYNET_KEY": key}[k] }
	csv := MustFile(t, "members.csv", "city,country,network,since\nGolf,AA,Northern League,2021\n")

	t.Run("OK/DryRunThenImport", func(t *testing.T) {
		var out, errOut bytes.Buffer
		if code := run([]string{"-server", url, "-dry-run", csv}, env, &out, &errOut, true); code != 0 {
			t.Fatalf("dry run: exit %d, %s", code, errOut.String())
		}
		if !strings.Contains(out.String(), "dry run") || !strings.Contains(errOut.String(), "100%") {
			t.Errorf("dry run output: %q, progress: %q", out.String(), errOut.String())
		}
		if _, err := store.City(t.Context(), "golf"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Error("the dry run wrote")
		}
		out.Reset()
		if code := run([]string{"-server", url, csv}, env, &out, &errOut, false); code != 0 {
			t.Fatalf("import: exit %d", code)
		}
		if !strings.Contains(out.String(), "memberships") || !strings.Contains(out.String(), "1 created") {
			t.Errorf("summary: %q", out.String())
		}
		if _, err := store.City(t.Context(), "golf"); err != nil {
			t.Errorf("imported city: %v", err)
		}
	})
	t.Run("ErrProblemsListed", func(t *testing.T) {
		bad := MustFile(t, "bad.csv", "city,country,network,since\nHotel,AA,Northern League,2021-13\n")
		var out, errOut bytes.Buffer
		if code := run([]string{"-server", url, bad}, env, &out, &errOut, false); code != 1 {
			t.Errorf("exit: got %d, want 1", code)
		}
		if !strings.Contains(errOut.String(), "nothing was written") || !strings.Contains(errOut.String(), "bad.csv: line 2: since:") {
			t.Errorf("problems: %q", errOut.String())
		}
	})
	t.Run("ErrProblemsCounted", func(t *testing.T) {
		bad := MustFile(t, "many.csv", "city,country,network,since\n"+strings.Repeat("Hotel,AA,Northern League,2021-13\n", 150))
		var out, errOut bytes.Buffer
		if code := run([]string{"-server", url, bad}, env, &out, &errOut, false); code != 1 {
			t.Errorf("exit: got %d, want 1", code)
		}
		if got := strings.Count(errOut.String(), "many.csv: line "); got != 100 || !strings.Contains(errOut.String(), "… and 50 more problem(s) (150 in all") {
			t.Errorf("problems: got %d listed in %q, want 100 and the count of the rest", got, errOut.String())
		}
	})
	t.Run("ErrWrongKey", func(t *testing.T) {
		var out, errOut bytes.Buffer
		wrong := func(k string) string { return map[string]string{"CITYNET_KEY": "not-a-key"}[k] }
		if code := run([]string{"-server", url, csv}, wrong, &out, &errOut, false); code != 1 ||
			!strings.Contains(errOut.String(), "401") || !strings.Contains(errOut.String(), "UNAUTHENTICATED: unknown API key") {
			t.Errorf("with a wrong key: exit %d, %q", code, errOut.String())
		}
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		var out, errOut bytes.Buffer
		if code := run([]string{"-server", url, csv}, func(string) string { return "" }, &out, &errOut, false); code != 1 ||
			!strings.Contains(errOut.String(), "401") || !strings.Contains(errOut.String(), "UNAUTHENTICATED: ") {
			t.Errorf("without a key: exit %d, %q", code, errOut.String())
		}
		if strings.Contains(errOut.String(), key) {
			t.Error("the output repeats the key")
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		var out, errOut bytes.Buffer
		if code := run(nil, env, &out, &errOut, false); code != 2 {
			t.Errorf("no file: exit %d, want 2", code)
		}
		if code := run([]string{"/no/such/file.json"}, env, &out, &errOut, false); code != 1 {
			t.Errorf("missing file: exit %d, want 1", code)
		}
	})
}

func TestBar(t *testing.T) {
	if got := bar(0, 100); !strings.HasPrefix(got, "[>") || !strings.Contains(got, "  0%") {
		t.Errorf("bar(0): %q", got)
	}
	if got := bar(50, 100); !strings.Contains(got, " 50%") || strings.Count(got, "=") != 15 {
		t.Errorf("bar(50%%): %q", got)
	}
	if got := bar(100, 100); !strings.Contains(got, "100%") || strings.Contains(got, ">") {
		t.Errorf("bar(100%%): %q", got)
	}
}
