package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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
	return MustImportServerWith(tb, maxBytes, nil, options...)
}

// MustImportServerWith serves a store made of the synthetic one by wrap
// (nil: the store itself).
func MustImportServerWith(tb testing.TB, maxBytes int64, wrap func(*memory.Store) graph.Store, options ...func(*Options)) *importServer {
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
	var served graph.Store = store
	if wrap != nil {
		served = wrap(store)
	}
	srv := httptest.NewServer(New(served, opts))
	tb.Cleanup(srv.Close)
	return &importServer{url: srv.URL, store: store, read: read, write: write, log: logBuf, feed: opts.feed}
}

// feedSubscribers counts the server's live subscriptions.
func (s *importServer) feedSubscribers() int { return s.feed.subscribers() }

// importAnswer is an /import answer: a summary, or GraphQL-shaped errors.
type importAnswer struct {
	DryRun  bool                    `json:"dryRun"`
	Summary map[string]graph.Counts `json:"summary"`
	Errors  []importErrorJSON       `json:"errors"`
	raw     map[string]any
}

type importErrorJSON struct {
	Message    string `json:"message"`
	Extensions struct {
		Code         string           `json:"code"`
		Problems     []map[string]any `json:"problems"`
		ProblemCount int              `json:"problemCount"`
		Timeout      string           `json:"timeout"`
	} `json:"extensions"`
}

// send POSTs body to path (with query) as contentType, with key if any.
func (s *importServer) send(tb testing.TB, key, path, contentType, query, body string) *http.Response {
	tb.Helper()
	req, _ := http.NewRequest("POST", s.url+path+query, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (s *importServer) post(tb testing.TB, key, contentType, query, body string) (int, importAnswer) {
	tb.Helper()
	return readImportAnswer(tb, s.send(tb, key, "/import", contentType, query, body))
}

func readImportAnswer(tb testing.TB, resp *http.Response) (int, importAnswer) {
	tb.Helper()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	var a importAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		tb.Fatalf("status %d: body is not an import answer: %v\n%s", resp.StatusCode, err, body)
	}
	json.Unmarshal(body, &a.raw)
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
		{"ErrWrongKey", "wrong", "application/json", golfJSON, 401, "UNAUTHENTICATED", "", "", ""},
		{"ErrReadKey", "read", "application/json", golfJSON, 403, "FORBIDDEN", "", "", ""},
		{"ErrDangling", "write", "application/json", strings.Replace(golfJSON, `"network": "n1"`, `"network": "nowhere"`, 1), 422, "BAD_USER_INPUT", "import.json", `memberships[0] "golf → nowhere"`, "network"},
		{"ErrSyntax", "write", "application/json", `{"format": "citynet-dataset", "version": 1, "cities": [`, 422, "BAD_USER_INPUT", "import.json", "", ""},
		{"ErrCSVLine", "write", "text/csv", "city,country,network,since\nGolf,AA,n1,2021-13\n", 422, "BAD_USER_INPUT", "import.csv", "line 2", "since"},
		{"ErrCSVNul", "write", "text/csv", "city,country,network,since\nGo\x00lf,AA,n1,2021\n", 422, "BAD_USER_INPUT", "import.csv", "line 2", "city"},
		{"ErrJSONControl", "write", "application/json", strings.Replace(golfJSON, `"name": "Golf"`, `"name": "Golf\u001b[2J"`, 1), 422, "BAD_USER_INPUT", "import.json", `cities[0] "golf"`, "name"},
		{"ErrContentType", "write", "application/xml", "<x/>", 415, "BAD_USER_INPUT", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := MustImportServer(t, 0)
			key := map[string]string{"read": s.read, "write": s.write, "wrong": "not-a-key"}[tc.key]
			before, _ := s.store.Stats(t.Context())
			status, a := s.post(t, key, tc.contentType, "", tc.body)
			if status != tc.status || len(a.Errors) != 1 || a.Errors[0].Extensions.Code != tc.code || a.Errors[0].Message == "" {
				t.Fatalf("got %d %+v, want %d and one error coded %s", status, a.raw, tc.status, tc.code)
			}
			MustGraphQLErrorShape(t, a.raw)
			if tc.file != "" {
				e := a.Errors[0].Extensions
				if len(e.Problems) == 0 || e.ProblemCount != len(e.Problems) {
					t.Fatalf("problems: got %d listed, problemCount %d", len(e.Problems), e.ProblemCount)
				}
				if p := e.Problems[0]; p["file"] != tc.file || p["record"] != tc.record || p["field"] != tc.field {
					t.Errorf("problem: got %v, want file %q record %q field %q", p, tc.file, tc.record, tc.field)
				}
			}
			if after, _ := s.store.Stats(t.Context()); after != before {
				t.Error("a refused import changed the graph")
			}
		})
	}
	t.Run("ErrTooLarge", func(t *testing.T) {
		s := MustImportServer(t, 64)
		status, a := s.post(t, s.write, "application/json", "", golfJSON)
		if status != http.StatusRequestEntityTooLarge || len(a.Errors) != 1 || a.Errors[0].Extensions.Code != "BAD_USER_INPUT" {
			t.Errorf("got %d %+v, want 413", status, a.raw)
		}
		MustGraphQLErrorShape(t, a.raw)
	})
	t.Run("ErrTooLargeCSV", func(t *testing.T) {
		// Read as it comes: the limit stops the reading, not a problem
		// of the file.
		s := MustImportServer(t, 100)
		status, a := s.post(t, s.write, "text/csv", "", "city,country,network,since\n"+strings.Repeat("Golf,AA,n1,2021\n", 20))
		if status != http.StatusRequestEntityTooLarge {
			t.Errorf("got %d %+v, want 413", status, a.raw)
		}
	})
}

// MustGraphQLErrorShape fails unless an answer is shaped as a GraphQL error
// response: {"errors": [{"message": …, "extensions": {"code": …}}]} and
// nothing else.
func MustGraphQLErrorShape(tb testing.TB, answer map[string]any) {
	tb.Helper()
	errs, _ := answer["errors"].([]any)
	if len(answer) != 1 || len(errs) == 0 {
		tb.Fatalf("answer: got %v, want only \"errors\"", answer)
	}
	for _, e := range errs {
		m, _ := e.(map[string]any)
		ext, _ := m["extensions"].(map[string]any)
		if msg, _ := m["message"].(string); msg == "" || ext["code"] == nil || len(m) != 2 {
			tb.Errorf("error: got %v, want message and extensions.code (only)", m)
		}
	}
}

func TestImport_Problems(t *testing.T) {
	t.Run("ErrCapped", func(t *testing.T) {
		// Every line wrong: the first MaxProblems are listed, all counted.
		s := MustImportServer(t, 0)
		csv := "city,country,network,since\n" + strings.Repeat("Golf,AA,n1,2021-13\n", 250)
		status, a := s.post(t, s.write, "text/csv", "", csv)
		if status != 422 || len(a.Errors) != 1 {
			t.Fatalf("got %d %+v", status, a.raw)
		}
		e := a.Errors[0]
		if len(e.Extensions.Problems) != graph.MaxProblems || e.Extensions.ProblemCount != 250 || !strings.Contains(e.Message, "250 problem(s)") {
			t.Errorf("got %d problems listed, problemCount %d, message %q; want %d, 250", len(e.Extensions.Problems), e.Extensions.ProblemCount, e.Message, graph.MaxProblems)
		}
	})
	t.Run("ErrDuplicateID", func(t *testing.T) {
		s := MustImportServer(t, 0)
		body := `{"format": "citynet-dataset", "version": 1,
 "cities": [
  {"id": "golf", "name": "Golf", "country": "AA"},
  {"id": "golf", "name": "Golf Two", "country": "AA"}
 ]}`
		status, a := s.post(t, s.write, "application/json", "?name=two.json", body)
		if status != 422 || len(a.Errors) != 1 || len(a.Errors[0].Extensions.Problems) != 1 {
			t.Fatalf("got %d %+v, want one problem", status, a.raw)
		}
		p := a.Errors[0].Extensions.Problems[0]
		if p["file"] != "two.json" || p["record"] != `cities[1] "golf"` || p["line"] != float64(4) || p["field"] != "id" ||
			!strings.Contains(p["message"].(string), "cities[0] (line 3)") {
			t.Errorf("problem: got %v, want cities[1] at line 4, naming cities[0] at line 3", p)
		}
		if _, err := s.store.City(t.Context(), "golf"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Error("the refused import wrote")
		}
	})
	t.Run("ErrEveryProblemOfEveryRecord", func(t *testing.T) {
		s := MustImportServer(t, 0)
		body := `{"format": "citynet-dataset", "version": 1,
 "cities": [{"id": 1, "name": true, "country": "AA", "contry": "AA"}, {"id": "golf", "name": ["Golf"], "country": "AA"}]}`
		status, a := s.post(t, s.write, "application/json", "", body)
		if status != 422 || len(a.Errors) != 1 {
			t.Fatalf("got %d %+v", status, a.raw)
		}
		var got []string
		for _, p := range a.Errors[0].Extensions.Problems {
			got = append(got, p["record"].(string)+" "+p["field"].(string))
		}
		want := []string{`cities[0] "1" id`, `cities[0] "1" name`, `cities[0] "1" contry`, `cities[1] "golf" name`}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("problems: got %q, want %q", got, want)
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		s := MustImportServer(t, 0)
		body := "{\"format\": \"citynet-dataset\", \"version\": 1,\n \"cities\": [\n  {\"id\": \"golf\", \"na"
		status, a := s.post(t, s.write, "application/json", "", body)
		if status != 422 || len(a.Errors) != 1 || len(a.Errors[0].Extensions.Problems) != 1 {
			t.Fatalf("got %d %+v", status, a.raw)
		}
		if p := a.Errors[0].Extensions.Problems[0]; p["line"] != float64(3) || !strings.HasPrefix(p["message"].(string), "line 3, column 21: unexpected end") {
			t.Errorf("problem: got %v, want where the text ends: line 3, column 21", p)
		}
	})
}

// stalledStore is a store whose writes wait until their context ends.
type stalledStore struct{ *memory.Store }

func (s stalledStore) Apply(ctx context.Context, c *graph.Change) (*graph.ChangeResult, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestImport_Timeout(t *testing.T) {
	t.Run("ErrApply", func(t *testing.T) {
		s := MustImportServerWith(t, 0, func(m *memory.Store) graph.Store { return stalledStore{m} },
			func(o *Options) { o.ImportTimeout = 50 * time.Millisecond })
		before, _ := s.store.Stats(t.Context())
		status, a := s.post(t, s.write, "application/json", "", golfJSON)
		if status != http.StatusGatewayTimeout || len(a.Errors) != 1 || a.Errors[0].Extensions.Code != "TIMEOUT" ||
			a.Errors[0].Extensions.Timeout != "50ms" || !strings.Contains(a.Errors[0].Message, "nothing was written") {
			t.Fatalf("got %d %+v, want 504 TIMEOUT", status, a.raw)
		}
		MustGraphQLErrorShape(t, a.raw)
		if after, _ := s.store.Stats(t.Context()); after != before {
			t.Error("a timed out import changed the graph")
		}
	})
	t.Run("ErrStalledBody", func(t *testing.T) {
		// A client that stops sending: the deadline covers reading.
		s := MustImportServer(t, 0, func(o *Options) { o.ImportTimeout = 50 * time.Millisecond })
		pr, pw := io.Pipe()
		defer pw.Close()
		go pw.Write([]byte("city,country,network,since\nGolf,AA,n1,2021\n"))
		req, _ := http.NewRequest("POST", s.url+"/import", pr)
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+s.write)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		status, a := readImportAnswer(t, resp)
		if status != http.StatusGatewayTimeout || len(a.Errors) != 1 || a.Errors[0].Extensions.Code != "TIMEOUT" {
			t.Fatalf("got %d %+v, want 504 TIMEOUT", status, a.raw)
		}
		if _, err := s.store.City(t.Context(), "golf"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Error("the timed out import wrote")
		}
	})
}

func TestMutation_ImportDatasetTimeout(t *testing.T) {
	s := MustImportServerWith(t, 0, func(m *memory.Store) graph.Store { return stalledStore{m} },
		func(o *Options) { o.ImportTimeout = 50 * time.Millisecond })
	body, _ := json.Marshal(map[string]any{"query": `mutation($d: String!) { importDataset(data: $d, format: CSV) { dryRun } }`,
		"variables": map[string]any{"d": "city,country,network,since\nGolf,AA,n1,2021\n"}})
	resp := s.send(t, s.write, "/graphql", "application/json", "", string(body))
	var got struct {
		Errors []importErrorJSON
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if len(got.Errors) != 1 || got.Errors[0].Extensions.Code != "TIMEOUT" || got.Errors[0].Extensions.Timeout != "50ms" {
		t.Errorf("got %+v, want one TIMEOUT error naming the import's 50ms", got.Errors)
	}
}

// Control characters are refused on every write path, the field named:
// here a mutation (imports: TestImport).
func TestMutation_ControlCharacters(t *testing.T) {
	s := MustImportServer(t, 0)
	body, _ := json.Marshal(map[string]any{"query": `mutation($n: String!) { createCity(input: {id: "golf", name: $n, country: "AA"}) { city { id } } }`,
		"variables": map[string]any{"n": "Golf\u0000"}})
	resp := s.send(t, s.write, "/graphql", "application/json", "", string(body))
	var got struct {
		Errors []struct {
			Extensions struct{ Code, Field string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if len(got.Errors) != 1 || got.Errors[0].Extensions.Code != "BAD_USER_INPUT" || got.Errors[0].Extensions.Field != "input.name" {
		t.Errorf("got %+v, want BAD_USER_INPUT at input.name", got.Errors)
	}
	if _, err := s.store.City(t.Context(), "golf"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Error("the refused mutation wrote")
	}
}
