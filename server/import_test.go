package server

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"citynet/auth"
	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

type importServer struct {
	url         string
	store       *memory.Store
	read, write string
	log         *syncBuffer
	feed        *feed
}

func MustImportServer(tb testing.TB, maxBytes int64, options ...func(*Options)) *importServer {
	tb.Helper()
	store, err := memory.New(storetest.Synthetic())
	if err != nil {
		tb.Fatal(err)
	}
	read, rl, _ := auth.NewKey("dashboard", auth.RoleRead)
	write, wl, _ := auth.NewKey("curator", auth.RoleWrite)
	keys, err := auth.ParseKeys(strings.NewReader(rl + "\n" + wl))
	if err != nil {
		tb.Fatal(err)
	}
	logBuf := &syncBuffer{}
	opts := Options{Auth: auth.Authenticator{Keys: keys}, MaxImportBytes: maxBytes,
		Logger: slog.New(slog.NewTextHandler(logBuf, nil)), feed: newFeed()}
	for _, o := range options {
		o(&opts)
	}
	srv := httptest.NewServer(New(store, opts))
	tb.Cleanup(srv.Close)
	return &importServer{url: srv.URL, store: store, read: read, write: write, log: logBuf, feed: opts.feed}
}

// feedSubscribers counts the server's live subscriptions.
func (s *importServer) feedSubscribers() int { return s.feed.subscribers() }

type importAnswer struct {
	DryRun  bool                    `json:"dryRun"`
	Summary map[string]graph.Counts `json:"summary"`
	Errors  []map[string]string     `json:"errors"`
}

func (s *importServer) post(tb testing.TB, key, contentType, query, body string) (int, importAnswer) {
	tb.Helper()
	req, _ := http.NewRequest("POST", s.url+"/import"+query, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var a importAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		tb.Fatalf("status %d: body is not JSON: %v", resp.StatusCode, err)
	}
	return resp.StatusCode, a
}

const golfJSON = `{"format": "citynet-dataset", "version": 1,
 "cities": [{"id": "golf", "name": "Golf", "country": "AA"}],
 "memberships": [{"city": "golf", "network": "n1", "since": "2020", "status": "MEMBER"}]}`

func TestImport(t *testing.T) {
	t.Run("OK/JSON", func(t *testing.T) {
		s := MustImportServer(t, 0)
		status, a := s.post(t, s.write, "application/json", "", golfJSON)
		if status != 200 || a.Summary["cities"].Created != 1 || a.Summary["memberships"].Created != 1 || a.DryRun {
			t.Fatalf("got %d %+v", status, a)
		}
		if _, err := s.store.City(t.Context(), "golf"); err != nil {
			t.Errorf("imported city: %v", err)
		}
		if log := s.log.String(); !strings.Contains(log, "audit: write applied") || !strings.Contains(log, "who=curator") || strings.Contains(log, s.write) {
			t.Errorf("audit log: got %q, want who=curator and no key", log)
		}
		// The same file again changes nothing.
		if _, a := s.post(t, s.write, "application/json", "", golfJSON); a.Summary["cities"].Unchanged != 1 || a.Summary["cities"].Created != 0 {
			t.Errorf("second import: got %+v, want unchanged", a.Summary)
		}
	})
	t.Run("OK/DryRun", func(t *testing.T) {
		s := MustImportServer(t, 0)
		status, a := s.post(t, s.write, "application/json", "?dry_run=true", golfJSON)
		if status != 200 || !a.DryRun || a.Summary["cities"].Created != 1 {
			t.Fatalf("got %d %+v", status, a)
		}
		if _, err := s.store.City(t.Context(), "golf"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Error("a dry run wrote")
		}
	})
	t.Run("OK/CSV", func(t *testing.T) {
		s := MustImportServer(t, 0)
		status, a := s.post(t, s.write, "text/csv", "?name=members.csv", "city,country,network,since\nGolf,AA,Northern League,2021\nAlphaville,AA,n4,2022\n")
		if status != 200 || a.Summary["cities"].Created != 1 || a.Summary["memberships"].Created != 2 {
			t.Fatalf("got %d %+v", status, a)
		}
	})
	for _, tc := range []struct {
		name, key, contentType, body string
		status                       int
		code, file, record, field    string
	}{
		{"ErrNoKey", "", "application/json", golfJSON, 401, "UNAUTHENTICATED", "", "", ""},
		{"ErrReadKey", "read", "application/json", golfJSON, 403, "FORBIDDEN", "", "", ""},
		{"ErrDangling", "write", "application/json", strings.Replace(golfJSON, `"network": "n1"`, `"network": "nowhere"`, 1), 422, "BAD_USER_INPUT", "import.json", `memberships[0] "golf → nowhere"`, "network"},
		{"ErrSyntax", "write", "application/json", `{"format": "citynet-dataset", "version": 1, "cities": [`, 422, "BAD_USER_INPUT", "import.json", "", ""},
		{"ErrCSVLine", "write", "text/csv", "city,country,network,since\nGolf,AA,n1,2021-13\n", 422, "BAD_USER_INPUT", "import.csv", "line 2", "since"},
		{"ErrContentType", "write", "application/xml", "<x/>", 415, "BAD_USER_INPUT", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := MustImportServer(t, 0)
			key := map[string]string{"read": s.read, "write": s.write}[tc.key]
			before, _ := s.store.Stats(t.Context())
			status, a := s.post(t, key, tc.contentType, "", tc.body)
			if status != tc.status || len(a.Errors) == 0 || a.Errors[0]["code"] != tc.code {
				t.Fatalf("got %d %+v, want %d %s", status, a, tc.status, tc.code)
			}
			e := a.Errors[0]
			if tc.file != "" && (e["file"] != tc.file || e["record"] != tc.record || e["field"] != tc.field) {
				t.Errorf("problem: got %v, want file %q record %q field %q", e, tc.file, tc.record, tc.field)
			}
			if after, _ := s.store.Stats(t.Context()); after != before {
				t.Error("a refused import changed the graph")
			}
		})
	}
	t.Run("ErrTooLarge", func(t *testing.T) {
		s := MustImportServer(t, 64)
		status, a := s.post(t, s.write, "application/json", "", golfJSON)
		if status != http.StatusRequestEntityTooLarge || len(a.Errors) == 0 {
			t.Errorf("got %d %+v, want 413", status, a)
		}
	})
}
