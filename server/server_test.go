package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"citynet/auth"
	"citynet/graph"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// MustLogger returns a logger writing text records into the returned buffer.
// MustKey makes one API key of role and an authenticator that knows it.
func MustKey(tb testing.TB, name string, role auth.Role) (string, auth.Authenticator) {
	tb.Helper()
	key, line, err := auth.NewKey(name, role)
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := auth.ParseKeys(strings.NewReader(line))
	if err != nil {
		tb.Fatal(err)
	}
	return key, auth.Authenticator{Keys: keys}
}

func MustLogger(tb testing.TB) (*slog.Logger, *syncBuffer) {
	tb.Helper()
	buf := &syncBuffer{}
	return slog.New(slog.NewTextHandler(buf, nil)), buf
}

// MustPresent runs presentError at the field path "city" and returns the
// presented error as the client would see it (JSON) and what was logged.
func MustPresent(tb testing.TB, err error) (presented map[string]any, log string) {
	tb.Helper()
	logger, buf := MustLogger(tb)
	ctx := graphql.WithPathContext(context.Background(), graphql.NewPathWithField("city"))
	gerr := presentError(ctx, err, logger)
	if gerr == nil {
		tb.Fatalf("presentError(%v): got nil", err)
	}
	b, jerr := json.Marshal(gerr)
	if jerr != nil {
		tb.Fatalf("marshal presented error: %v", jerr)
	}
	if err := json.Unmarshal(b, &presented); err != nil {
		tb.Fatal(err)
	}
	return presented, buf.String()
}

func extensions(tb testing.TB, presented map[string]any) map[string]any {
	tb.Helper()
	ext, _ := presented["extensions"].(map[string]any)
	return ext
}

func TestPresentError(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		code string
	}{
		{"NotFound", graph.NotFound(graph.TypeCity, "atlantis"), "NOT_FOUND"},
		{"Conflict", graph.Errorf(graph.ECONFLICT, "city %q already exists", "krakow"), "CONFLICT"},
		{"Unauthenticated", graph.Errorf(graph.EUNAUTHENTICATED, "sign in first"), "UNAUTHENTICATED"},
		{"Forbidden", graph.Errorf(graph.EFORBIDDEN, "read-only token"), "FORBIDDEN"},
		{"BadUserInput", graph.Errorf(graph.EINVALID, "text must not be blank"), "BAD_USER_INPUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, log := MustPresent(t, tc.err)
			if want := tc.err.Error(); got["message"] != want {
				t.Errorf("message: got %v, want %q", got["message"], want)
			}
			want := map[string]any{"code": tc.code}
			if ext := extensions(t, got); !reflect.DeepEqual(ext, want) {
				t.Errorf("extensions: got %v, want %v", ext, want)
			}
			if !reflect.DeepEqual(got["path"], []any{"city"}) {
				t.Errorf("path: got %v, want [city]", got["path"])
			}
			if log != "" {
				t.Errorf("log: got %q, want nothing for a user error", log)
			}
		})
	}

	t.Run("BadUserInput/Field", func(t *testing.T) {
		got, _ := MustPresent(t, graph.Invalid("first", "must be at most %d, got %d", 500, 100000))
		want := map[string]any{"code": "BAD_USER_INPUT", "field": "first"}
		if ext := extensions(t, got); !reflect.DeepEqual(ext, want) {
			t.Errorf("extensions: got %v, want %v", ext, want)
		}
		if want := "first: must be at most 500, got 100000"; got["message"] != want {
			t.Errorf("message: got %v, want %q", got["message"], want)
		}
	})

	t.Run("Wrapped", func(t *testing.T) {
		// Stores may wrap coded errors; the code survives, the wrapping
		// text (which may be internal) does not show.
		err := fmt.Errorf("memory store at /var/lib/citynet: %w", graph.NotFound(graph.TypeCity, "atlantis"))
		got, _ := MustPresent(t, err)
		if ext := extensions(t, got); ext["code"] != "NOT_FOUND" {
			t.Errorf("extensions.code: got %v, want NOT_FOUND", ext["code"])
		}
		if msg, _ := got["message"].(string); strings.Contains(msg, "/var/lib") {
			t.Errorf("message: got %q, want the wrapping left out", msg)
		}
	})

	t.Run("GraphQLCode", func(t *testing.T) {
		// gqlgen's own coded errors (parse, validation) pass through.
		in := &gqlerror.Error{Message: `Cannot query field "nope"`, Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}}
		got, log := MustPresent(t, in)
		if got["message"] != in.Message || extensions(t, got)["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("got %v, want %q with GRAPHQL_VALIDATION_FAILED", got, in.Message)
		}
		if log != "" {
			t.Errorf("log: got %q, want nothing", log)
		}
	})

	for _, tc := range []struct {
		name   string
		err    error
		secret string
	}{
		{"ErrInternal", errors.New("db password=secret leaked"), "password=secret"},
		{"ErrInternal/Coded", &graph.Error{Code: graph.EINTERNAL, Message: "disk /dev/sda1 on fire"}, "/dev/sda1"},
		{"ErrInternal/GQLError", gqlerror.WrapPath(ast.Path{ast.PathName("city")}, errors.New("dial tcp 10.0.0.7:7687: refused")), "10.0.0.7"},
		{"ErrInternal/UnknownCode", &graph.Error{Code: "bogus", Message: "token abc123 expired"}, "abc123"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, log := MustPresent(t, tc.err)
			if got["message"] != "internal error" {
				t.Errorf("message: got %v, want %q", got["message"], "internal error")
			}
			want := map[string]any{"code": "INTERNAL_SERVER_ERROR"}
			if ext := extensions(t, got); !reflect.DeepEqual(ext, want) {
				t.Errorf("extensions: got %v, want %v", ext, want)
			}
			b, _ := json.Marshal(got)
			if strings.Contains(string(b), tc.secret) {
				t.Errorf("presented error leaks %q: %s", tc.secret, b)
			}
			// The details are for operators: logged, at error level, with
			// the field path.
			if !strings.Contains(log, tc.secret) || !strings.Contains(log, "level=ERROR") || !strings.Contains(log, "path=city") {
				t.Errorf("log: got %q, want an ERROR record with %q and path=city", log, tc.secret)
			}
		})
	}
}

// fakeStore fails or panics on City; every other method is unimplemented.
type fakeStore struct {
	graph.Store
	city func(ctx context.Context, id string) (*graph.City, error)
}

func (f fakeStore) City(ctx context.Context, id string) (*graph.City, error) { return f.city(ctx, id) }
func (fakeStore) Close() error                                               { return nil }

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// MustPost POSTs body to the handler's /graphql and returns status, raw
// body and decoded response.
func MustPost(tb testing.TB, h http.Handler, body io.Reader) (int, string, gqlResponse) {
	tb.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", body)
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var r gqlResponse
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		tb.Fatalf("status %d, body is not GraphQL JSON (%v): %s", w.Code, err, w.Body)
	}
	return w.Code, w.Body.String(), r
}

func TestNew_InternalErrors(t *testing.T) {
	for _, tc := range []struct {
		name, secret, logged string
		city                 func(context.Context, string) (*graph.City, error)
	}{
		{"ErrStore", "password=secret", "internal error", func(context.Context, string) (*graph.City, error) {
			return nil, errors.New("db password=secret leaked")
		}},
		{"ErrPanic", "hunter2", "panic in resolver", func(context.Context, string) (*graph.City, error) {
			panic("boom: hunter2")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logger, log := MustLogger(t)
			h := New(fakeStore{city: tc.city}, Options{Logger: logger})
			status, body, r := MustPost(t, h, strings.NewReader(`{"query":"{ city(id:\"krakow\"){ id } }"}`))
			if status != http.StatusOK {
				t.Errorf("status: got %d, want 200 (a field error)", status)
			}
			if len(r.Errors) != 1 {
				t.Fatalf("errors: got %d, want 1; body: %s", len(r.Errors), body)
			}
			e := r.Errors[0]
			if e.Message != "internal error" || e.Extensions["code"] != "INTERNAL_SERVER_ERROR" {
				t.Errorf("error: got %q %v, want %q INTERNAL_SERVER_ERROR", e.Message, e.Extensions, "internal error")
			}
			if !reflect.DeepEqual(e.Path, []any{"city"}) {
				t.Errorf("path: got %v, want [city]", e.Path)
			}
			for _, leak := range []string{tc.secret, "panic", "goroutine", ".go:"} {
				if strings.Contains(body, leak) {
					t.Errorf("body leaks %q: %s", leak, body)
				}
			}
			if l := log.String(); !strings.Contains(l, tc.logged) || !strings.Contains(l, tc.secret) {
				t.Errorf("log: got %q, want %q with %q", l, tc.logged, tc.secret)
			}
		})
	}
}

func TestNew_RequestBody(t *testing.T) {
	store := fakeStore{city: func(_ context.Context, id string) (*graph.City, error) {
		return &graph.City{ID: id, Name: "Kraków", CountryID: "PL"}, nil
	}}
	request := func(n int) string {
		b, _ := json.Marshal(map[string]any{"query": "# " + strings.Repeat("x", n) + "\n{ city(id:\"krakow\"){ id } }"})
		return string(b)
	}

	t.Run("OK", func(t *testing.T) {
		logger, _ := MustLogger(t)
		h := New(store, Options{Logger: logger, MaxBodyBytes: 1024})
		status, body, r := MustPost(t, h, strings.NewReader(request(900)))
		if status != http.StatusOK || len(r.Errors) != 0 || !strings.Contains(string(r.Data), `"krakow"`) {
			t.Errorf("got %d %s, want 200 with krakow", status, body)
		}
	})

	for _, tc := range []struct {
		name  string
		limit int64
		size  int
	}{
		{"ErrTooLarge", 1024, 2048},
		{"ErrTooLarge/Default", 0, 2 << 20}, // 0 means 1 MiB
	} {
		t.Run(tc.name, func(t *testing.T) {
			logger, log := MustLogger(t)
			h := New(store, Options{Logger: logger, MaxBodyBytes: tc.limit})
			status, body, r := MustPost(t, h, strings.NewReader(request(tc.size)))
			if status != http.StatusRequestEntityTooLarge {
				t.Errorf("status: got %d, want 413; body: %.300s", status, body)
			}
			if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
				t.Errorf("errors: got %.300s, want BAD_USER_INPUT", body)
			}
			if strings.Contains(log.String(), "level=ERROR") {
				t.Errorf("log: got %q, want no ERROR for a client mistake", log)
			}
		})
	}

	for _, tc := range []struct{ name, body, field string }{
		{"ErrMalformedJSON", `{"query": `, ""},
		{"ErrNotObject", `["{ city(id:\"krakow\"){ id } }"]`, ""},
		{"ErrQueryType", `{"query": 5}`, "query"},
		{"ErrVariablesType", `{"query": "{ city(id:\"krakow\"){ id } }", "variables": "x"}`, "variables"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logger, log := MustLogger(t)
			h := New(store, Options{Logger: logger})
			status, body, r := MustPost(t, h, strings.NewReader(tc.body))
			if status != http.StatusBadRequest {
				t.Errorf("status: got %d, want 400; body: %s", status, body)
			}
			if len(r.Errors) == 0 {
				t.Fatalf("errors: got none, want BAD_USER_INPUT; body: %s", body)
			}
			e := r.Errors[0]
			if e.Extensions["code"] != "BAD_USER_INPUT" || e.Message == "internal error" {
				t.Errorf("error: got %q %v, want BAD_USER_INPUT explaining the body", e.Message, e.Extensions)
			}
			if got, _ := e.Extensions["field"].(string); got != tc.field {
				t.Errorf("extensions.field: got %q, want %q", got, tc.field)
			}
			if strings.Contains(log.String(), "level=ERROR") {
				t.Errorf("log: got %q, want no ERROR for a client mistake", log)
			}
		})
	}
}
