package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"citynet/auth"
	"citynet/graph/memory"
)

// A store file that exists but is not a whole store stops the server with
// the file named; it is never reseeded from the dataset.
func TestMain_OpenStoreFile(t *testing.T) {
	t.Run("ErrEmpty", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "citynet.db")
		os.WriteFile(path, nil, 0o600)
		err := (&Main{Config: Config{StoreDir: dir, Addr: "127.0.0.1:0"}}).Open()
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "is empty") {
			t.Errorf("Open on an empty store file: got %v, want an error naming %s", err, path)
		}
		if st, _ := os.Stat(path); st == nil || st.Size() != 0 {
			t.Errorf("the empty file was written to: %v", st)
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		dir := t.TempDir()
		MustStart(t, Config{StoreDir: dir}).Stop(t)
		path := filepath.Join(dir, "citynet.db")
		os.Truncate(path, 5000)
		err := (&Main{Config: Config{StoreDir: dir, Addr: "127.0.0.1:0"}}).Open()
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "restore the file from a backup") {
			t.Errorf("Open on a truncated store file: got %v, want an error naming %s", err, path)
		}
	})
}

// With no room to compact its log at start (no page past the meta pages
// may be written: RLIMIT_FSIZE, in a child process), the server serves
// reads, says so in a warning, and answers writes SERVICE_UNAVAILABLE
// (HTTP 503 on /import); dry runs still answer.
func TestMain_ReadOnlyStore(t *testing.T) {
	if os.Getenv("CITYNET_READONLY_CHILD") != "" {
		t.Skip("running as the child")
	}
	writeKey, writeLine, _ := auth.NewKey("curator", auth.RoleWrite)
	dir := t.TempDir()
	srv := MustStart(t, Config{StoreDir: dir, APIKeys: writeLine})
	imp := func(url, city string) *http.Response {
		req, _ := http.NewRequest("POST", url+"/import", strings.NewReader("city,country,network,since\n"+city+",PL,EUROCITIES,2024\n"))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+writeKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	imp(srv.URL, "Gdynia").Body.Close() // two log entries: the next start compacts
	srv.Stop(t)

	cmd := exec.Command(os.Args[0], "-test.run", "^TestReadOnlyServerChild$")
	cmd.Env = append(os.Environ(), "CITYNET_READONLY_CHILD="+dir, "API_KEYS="+writeLine)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	sc := bufio.NewScanner(out)
	var url string
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "url "); ok {
			url = u
			break
		}
	}
	if url == "" {
		cmd.Wait()
		t.Fatalf("the child did not start:\n%s", stderr.String())
	}
	go io.Copy(io.Discard, out)

	status, r := MustQuery(t, url, `{ city(id: "gdynia") { name } }`, nil)
	if got := MustData[struct{ City struct{ Name string } }](t, status, r); got.City.Name != "Gdynia" {
		t.Errorf("read: got %s, want Gdynia", r.Body)
	}
	mutate := func(dry bool) (int, gqlResponse) {
		req := MustRequestJSON(t, url, `mutation($dry: Boolean) { createCity(input: {id: "rumia", name: "Rumia", country: "PL"}, dryRun: $dry) { city { id } } }`, map[string]any{"dry": dry})
		req.Header.Set("Authorization", "Bearer "+writeKey)
		return MustDo(t, req)
	}
	status, r = mutate(false)
	e := MustFail(t, status, r, http.StatusOK, "SERVICE_UNAVAILABLE", "")
	if !strings.Contains(e.Message, "read-only") || strings.Contains(e.Message, dir) {
		t.Errorf("write: got %q, want it to say read-only without the file's path", e.Message)
	}
	status, r = mutate(true)
	MustData[map[string]any](t, status, r)
	resp := imp(url, "Rumia")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "SERVICE_UNAVAILABLE") {
		t.Errorf("POST /import: got %d %s, want 503 SERVICE_UNAVAILABLE", resp.StatusCode, b)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if log := stderr.String(); !strings.Contains(log, "level=WARN") || !strings.Contains(log, "READ-ONLY") || !strings.Contains(log, "could not be compacted") {
		t.Errorf("the child's log: got\n%s\nwant a warning that the store is read-only", log)
	}
}

// TestReadOnlyServerChild is the child of TestMain_ReadOnlyStore.
func TestReadOnlyServerChild(t *testing.T) {
	dir := os.Getenv("CITYNET_READONLY_CHILD")
	if dir == "" {
		t.Skip("only run by TestMain_ReadOnlyStore")
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 2 * 4096, Max: ^uint64(0)}); err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	m := &Main{Config: Config{StoreDir: dir, Addr: "127.0.0.1:0", APIKeys: os.Getenv("API_KEYS"), MaxBodyBytes: 1 << 20,
		MaxImportBytes: 1 << 20, ShutdownTimeout: time.Second}, Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	if err := m.Open(); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("url " + m.URL() + "\n")
	m.Run(ctx)
}

// GET /admin/backup answers a write key with a consistent copy of the
// running server's store file, which Check accepts; other callers are
// refused.
func TestServer_Backup(t *testing.T) {
	writeKey, writeLine, _ := auth.NewKey("curator", auth.RoleWrite)
	readKey, readLine, _ := auth.NewKey("dashboard", auth.RoleRead)
	dir := t.TempDir()
	srv := MustStart(t, Config{StoreDir: dir, APIKeys: writeLine + "," + readLine})
	get := func(method, key string) (*http.Response, []byte) {
		req, _ := http.NewRequest(method, srv.URL+"/admin/backup", nil)
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	for _, tc := range []struct {
		name, method, key string
		status            int
		code              string
	}{
		{"ErrNoKey", "GET", "", http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"ErrBadKey", "GET", "nope", http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"ErrReadKey", "GET", readKey, http.StatusForbidden, "FORBIDDEN"},
		{"ErrMethod", "POST", writeKey, http.StatusMethodNotAllowed, "BAD_USER_INPUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := get(tc.method, tc.key)
			if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.code) {
				t.Errorf("got %d %s, want %d %s", resp.StatusCode, b, tc.status, tc.code)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		resp, b := get("GET", writeKey)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/octet-stream" {
			t.Fatalf("got %d %s, want 200 application/octet-stream", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		path := filepath.Join(t.TempDir(), "backup.db")
		os.WriteFile(path, b, 0o600)
		r, err := memory.Check(path, time.Second)
		if err != nil {
			t.Fatalf("the backup does not check: %v", err)
		}
		if r.Entries != 1 || r.Counts[1].Section != "cities" || r.Counts[1].N != len(MustDataset(t).Cities) {
			t.Errorf("the backup holds %d entries, %+v; want 1 entry and the bundled cities", r.Entries, r.Counts)
		}
		if !strings.Contains(srv.Log.String(), "backup taken") {
			t.Errorf("log: got %s, want the backup logged", srv.Log.String())
		}
	})
	t.Run("NotInMemory", func(t *testing.T) {
		mem := MustStart(t, Config{APIKeys: writeLine})
		req, _ := http.NewRequest("GET", mem.URL+"/admin/backup", nil)
		req.Header.Set("Authorization", "Bearer "+writeKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("an in-memory server: got %d, want 404", resp.StatusCode)
		}
	})
}
