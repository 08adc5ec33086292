package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

// MustStoreFile makes a store file holding the synthetic graph and one
// write by "ada", and returns its path.
func MustStoreFile(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "citynet.db")
	s, err := memory.Open(path, func() (*graph.Dataset, error) { return storetest.Synthetic(), nil })
	if err != nil {
		tb.Fatal(err)
	}
	c := &graph.Change{Put: &graph.Dataset{Cities: []*graph.City{{ID: "golf", Name: "Golf", CountryID: "AA"}}}, By: "ada"}
	if _, err := s.Apply(context.Background(), c); err != nil {
		tb.Fatal(err)
	}
	if err := s.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

func runStore(args ...string) (int, string, string) {
	var out, errs strings.Builder
	code := run(args, func(k string) string { return map[string]string{"CITYNET_KEY": "the-key"}[k] }, &out, &errs)
	return code, out.String(), errs.String()
}

func TestRun_Check(t *testing.T) {
	path := MustStoreFile(t)
	t.Run("OK", func(t *testing.T) {
		code, out, errs := runStore("check", path)
		for _, w := range []string{path + ": OK", "log         2 entries, all with a checksum", "by ada", "7 cities", "bbolt pages of 4096 bytes"} {
			if !strings.Contains(out, w) {
				t.Errorf("output: got\n%s\nwant %q", out, w)
			}
		}
		if code != 0 || errs != "" {
			t.Errorf("exit %d, stderr %q; want 0 and nothing", code, errs)
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "citynet.db")
		os.WriteFile(p, nil, 0o600)
		code, _, errs := runStore("check", p)
		if code != 1 || !strings.Contains(errs, p+" is empty") {
			t.Errorf("exit %d, stderr %q; want 1 and the file named", code, errs)
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "citynet.db")
		b, _ := os.ReadFile(path)
		os.WriteFile(p, b[:9000], 0o600)
		code, _, errs := runStore("check", p)
		if code != 1 || !strings.Contains(errs, "is damaged: it is truncated: 9000 bytes") {
			t.Errorf("exit %d, stderr %q; want 1 and truncated", code, errs)
		}
	})
	t.Run("ErrInUse", func(t *testing.T) {
		s, err := memory.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		code, _, errs := runStore("check", "-timeout", "100ms", path)
		if code != 1 || !strings.Contains(errs, "is in use") {
			t.Errorf("exit %d, stderr %q; want 1 and in use", code, errs)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		if code, _, _ := runStore("check"); code != 2 {
			t.Errorf("no file: exit %d, want 2", code)
		}
		if code, _, _ := runStore("frobnicate", path); code != 2 {
			t.Errorf("unknown command: exit %d, want 2", code)
		}
	})
}

func TestRun_Backup(t *testing.T) {
	path := MustStoreFile(t)
	dir := t.TempDir()
	t.Run("File", func(t *testing.T) {
		out := filepath.Join(dir, "file.db")
		code, stdout, errs := runStore("backup", "-o", out, path)
		if code != 0 || !strings.Contains(stdout, "backup written and checked") {
			t.Fatalf("exit %d, %q %q", code, stdout, errs)
		}
		if code, _, errs := runStore("backup", "-o", out, path); code != 1 || !strings.Contains(errs, "exists") {
			t.Errorf("over an existing file: exit %d, %q; want 1, refused", code, errs)
		}
	})
	t.Run("Server", func(t *testing.T) {
		s, err := memory.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		// What GET /admin/backup of cmd/server answers (tested there).
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/admin/backup" || r.Header.Get("Authorization") != "Bearer the-key" {
				http.Error(w, `{"errors":[{"code":"UNAUTHENTICATED"}]}`, http.StatusUnauthorized)
				return
			}
			s.Backup(w)
		}))
		defer srv.Close()
		out := filepath.Join(dir, "server.db")
		if code, stdout, errs := runStore("backup", "-o", out, "-server", srv.URL); code != 0 {
			t.Fatalf("exit %d, %q %q", code, stdout, errs)
		}
		if r, err := memory.Check(out, 0); err != nil || r.Counts[1].N != 7 {
			t.Errorf("the backup: %+v, %v", r, err)
		}
		keyFile := filepath.Join(dir, "key")
		os.WriteFile(keyFile, []byte("wrong\n"), 0o600)
		code, _, errs := runStore("backup", "-o", filepath.Join(dir, "refused.db"), "-server", srv.URL, "-key-file", keyFile)
		if code != 1 || !strings.Contains(errs, "401") {
			t.Errorf("a wrong key: exit %d, %q; want 1 and the 401", code, errs)
		}
		if _, err := os.Stat(filepath.Join(dir, "refused.db")); !os.IsNotExist(err) {
			t.Errorf("a refused backup left a file: %v", err)
		}
	})
	t.Run("ErrDamagedDownload", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := os.ReadFile(path)
			w.Write(b[:len(b)/3]) // a connection cut short
		}))
		defer srv.Close()
		out := filepath.Join(dir, "short.db")
		code, _, errs := runStore("backup", "-o", out, "-server", srv.URL)
		if code != 1 || !strings.Contains(errs, "the backup does not check") {
			t.Errorf("exit %d, %q; want 1, refused", code, errs)
		}
		if entries, _ := filepath.Glob(filepath.Join(dir, "short.db*")); len(entries) != 0 {
			t.Errorf("files left: %v", entries)
		}
	})
}

func TestRun_Restore(t *testing.T) {
	path := MustStoreFile(t)
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	if code, _, errs := runStore("backup", "-o", backup, path); code != 0 {
		t.Fatal(errs)
	}
	t.Run("OK", func(t *testing.T) {
		os.Truncate(path, 5000) // the damage the backup repairs
		code, out, errs := runStore("restore", backup, path)
		if code != 0 || !strings.Contains(out, "the file it replaced is kept as "+path+".replaced-") {
			t.Fatalf("exit %d, %q %q", code, out, errs)
		}
		if _, err := memory.Check(path, 0); err != nil {
			t.Errorf("the restored file: %v", err)
		}
		kept, _ := filepath.Glob(path + ".replaced-*")
		if st, err := os.Stat(kept[0]); len(kept) != 1 || err != nil || st.Size() != 5000 {
			t.Errorf("the replaced file: %v %v", kept, err)
		}
	})
	t.Run("ErrInUse", func(t *testing.T) {
		s, err := memory.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		code, _, errs := runStore("restore", "-timeout", "100ms", backup, path)
		if code != 1 || !strings.Contains(errs, "stop the server first") {
			t.Errorf("exit %d, %q; want 1, refused", code, errs)
		}
	})
	t.Run("ErrBadBackup", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.db")
		os.WriteFile(bad, nil, 0o600)
		before, _ := os.ReadFile(path)
		code, _, errs := runStore("restore", bad, path)
		if code != 1 || !strings.Contains(errs, bad+" is empty") {
			t.Errorf("exit %d, %q; want 1, refused", code, errs)
		}
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Error("a refused restore changed the store file")
		}
	})
}
