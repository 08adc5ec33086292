package server

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"

	"citynet/auth"
	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

// The Content-Type of each media type, as the endpoint sends it.
const (
	ctGraphQL = "application/graphql-response+json; charset=utf-8"
	ctJSON    = "application/json; charset=utf-8"
)

// MustProtocolServer serves New(opts) over the synthetic graph.
func MustProtocolServer(tb testing.TB, opts Options) string {
	tb.Helper()
	store, err := memory.New(storetest.Synthetic())
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(New(store, opts))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// protoAnswer is an HTTP answer of /graphql, its body decoded.
type protoAnswer struct {
	status int
	header http.Header
	body   string
	top    map[string]json.RawMessage // the body's entries: data, errors
	// nullData: a request error may say "data": null (see fromServerGo).
	nullData bool
	errors   []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	}
}

// MustSend sends a request to baseURL/graphql+target with the headers
// given as name, value pairs and decodes the GraphQL body.
func MustSend(tb testing.TB, method, baseURL, target, body string, header ...string) protoAnswer {
	tb.Helper()
	req, err := http.NewRequest(method, baseURL+"/graphql"+target, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	a := protoAnswer{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if method == http.MethodHead {
		return a
	}
	if err := json.Unmarshal([]byte(a.body), &a.top); err != nil {
		tb.Fatalf("%s %s: status %d, body is not JSON (%v): %s", method, target, a.status, err, a.body)
	}
	if e, ok := a.top["errors"]; ok {
		if err := json.Unmarshal(e, &a.errors); err != nil {
			tb.Fatalf("errors: %v: %s", err, a.body)
		}
	}
	return a
}

// post sends a JSON request (Content-Type: application/json unless the
// headers say otherwise).
func post(tb testing.TB, baseURL, body string, header ...string) protoAnswer {
	tb.Helper()
	if !slices.Contains(header, "Content-Type") {
		header = append(header, "Content-Type", "application/json")
	}
	return MustSend(tb, http.MethodPost, baseURL, "", body, header...)
}

// get sends a GET with the URL parameters given as name, value pairs.
func get(tb testing.TB, baseURL string, params []string, header ...string) protoAnswer {
	tb.Helper()
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Add(params[i], params[i+1])
	}
	return MustSend(tb, http.MethodGet, baseURL, "?"+v.Encode(), "", header...)
}

func query(q string) string {
	b, _ := json.Marshal(map[string]any{"query": q})
	return string(b)
}

// mustOK checks a 200 with data, no errors, in media.
func (a protoAnswer) mustOK(tb testing.TB, media string) {
	tb.Helper()
	a.mustHead(tb, http.StatusOK, media)
	if _, ok := a.top["data"]; !ok || len(a.errors) > 0 {
		tb.Errorf("body: got %s, want data and no errors", a.body)
	}
}

// mustFail checks status, media and the first error's code (and field,
// if given); a request error has no data entry at all.
func (a protoAnswer) mustFail(tb testing.TB, status int, media, code, field string) {
	tb.Helper()
	a.mustHead(tb, status, media)
	if len(a.errors) == 0 {
		tb.Fatalf("errors: got none, want %s; body: %s", code, a.body)
	}
	e := a.errors[0]
	if e.Extensions["code"] != code {
		tb.Errorf("extensions.code: got %v, want %s; body: %s", e.Extensions["code"], code, a.body)
	}
	if got, _ := e.Extensions["field"].(string); field != "" && got != field {
		tb.Errorf("extensions.field: got %q, want %q; body: %s", got, field, a.body)
	}
	if strings.TrimSpace(e.Message) == "" || e.Message == "internal error" {
		tb.Errorf("message: got %q, want an explanation", e.Message)
	}
	// The GraphQL specification wants no data entry at all (gqlgen
	// writes "data": null, and so do checkBody and authentication).
	if data, ok := a.top["data"]; ok && !(a.nullData && string(data) == "null") {
		tb.Errorf("data: got %s, want no data entry for a request error", data)
	}
}

// fromServerGo marks an answer written by checkBody or authentication
// (server.go), which still say "data": null.
func (a protoAnswer) fromServerGo() protoAnswer {
	a.nullData = true
	return a
}

func (a protoAnswer) mustHead(tb testing.TB, status int, media string) {
	tb.Helper()
	if a.status != status {
		tb.Errorf("status: got %d, want %d; body: %s", a.status, status, a.body)
	}
	if ct := a.header.Get("Content-Type"); ct != media {
		tb.Errorf("Content-Type: got %q, want %q", ct, media)
	}
	if !varies(a.header, "Accept") {
		tb.Errorf("Vary: got %q, want it to list Accept", a.header.Values("Vary"))
	}
}

func varies(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return true
			}
		}
	}
	return false
}

func TestNegotiate(t *testing.T) {
	const g, j = mediaGraphQLResponse, mediaJSON
	for _, tc := range []struct {
		accept []string
		want   string
	}{
		{nil, g},
		{[]string{""}, g},
		{[]string{"*/*"}, g},
		{[]string{"application/*"}, g},
		{[]string{"application/json"}, j},
		{[]string{"application/graphql-response+json"}, g},
		{[]string{"application/graphql-response+json; charset=utf-8, application/json; charset=utf-8"}, g},
		{[]string{"application/json, application/graphql-response+json"}, j},
		{[]string{"application/json", "application/graphql-response+json"}, j},
		{[]string{"application/graphql-response+json;q=0.5, application/json"}, j},
		{[]string{"application/json;q=0.9, */*"}, g},
		{[]string{"application/json, text/plain, */*"}, j}, // axios
		{[]string{"application/json, multipart/mixed"}, j}, // GraphiQL
		{[]string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, g},
		{[]string{"application/graphql-response+json;q=0, */*"}, j},
		{[]string{"APPLICATION/JSON; CHARSET=UTF-8"}, j},
		{[]string{"application/json;q=bad, application/graphql-response+json;q=0.1"}, g},
		{[]string{"text/plain"}, ""},
		{[]string{"application/xml, text/*"}, ""},
		{[]string{"application/json;q=0"}, ""},
		{[]string{"*/*;q=0"}, ""},
		{[]string{"application/json; charset=iso-8859-1"}, ""},
		{[]string{"garbage;;"}, ""},
	} {
		if got := negotiate(tc.accept); got != tc.want {
			t.Errorf("negotiate(%q): got %q, want %q", tc.accept, got, tc.want)
		}
	}
}

func TestProtocol_Accept(t *testing.T) {
	srv := MustProtocolServer(t, Options{})
	ok := query(`{ city(id: "alpha") { id } }`)

	for _, tc := range []struct {
		name, accept, want string
	}{
		{"OK/None", "", ctGraphQL},
		{"OK/Any", "*/*", ctGraphQL},
		{"OK/GraphQLResponse", "application/graphql-response+json", ctGraphQL},
		{"OK/JSON", "application/json", ctJSON},
		{"OK/Recommended", "application/graphql-response+json; charset=utf-8, application/json; charset=utf-8", ctGraphQL},
		{"OK/JSONFirst", "application/json, application/graphql-response+json", ctJSON},
		{"OK/Weights", "application/graphql-response+json;q=0.5, application/json", ctJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var header []string
			if tc.accept != "" {
				header = []string{"Accept", tc.accept}
			}
			a := post(t, srv, ok, header...)
			a.mustOK(t, tc.want)
			if !strings.Contains(a.body, `"alpha"`) {
				t.Errorf("body: got %s, want alpha", a.body)
			}
			get(t, srv, []string{"query", `{ city(id: "alpha") { id } }`}, header...).mustOK(t, tc.want)
		})
	}

	for _, accept := range []string{"text/plain", "application/xml", "application/json;q=0", "application/json; charset=iso-8859-1"} {
		t.Run("ErrNotAcceptable/"+accept, func(t *testing.T) {
			post(t, srv, ok, "Accept", accept).mustFail(t, http.StatusNotAcceptable, ctJSON, "BAD_REQUEST", "")
			get(t, srv, []string{"query", "{ stats { joinsWithoutYear } }"}, "Accept", accept).
				mustFail(t, http.StatusNotAcceptable, ctJSON, "BAD_REQUEST", "")
		})
	}
}

// Parse, validation, operation and variable failures are request errors:
// 400 under application/graphql-response+json, 200 under application/json
// (the legacy rule); gqlgen's own codes, no data entry.
func TestProtocol_RequestErrors(t *testing.T) {
	srv := MustProtocolServer(t, Options{})
	for _, tc := range []struct {
		name, query, operation, variables, code string
	}{
		{"ErrParse", `{ city(id: }`, "", "", "GRAPHQL_PARSE_FAILED"},
		{"ErrValidation", `{ nope }`, "", "", "GRAPHQL_VALIDATION_FAILED"},
		{"ErrEmptyQuery", ``, "", "", "GRAPHQL_VALIDATION_FAILED"}, // a string, so well-formed
		{"ErrOperationName", `query A { stats { joinsWithoutYear } }`, "B", "", "GRAPHQL_VALIDATION_FAILED"},
		{"ErrVariable", `query($n: Int){ cities(first: $n){ totalCount } }`, "", `{"n": "abc"}`, "GRAPHQL_VALIDATION_FAILED"},
		{"ErrMissingVariable", `query($id: ID!){ city(id: $id){ id } }`, "", "", "GRAPHQL_VALIDATION_FAILED"},
	} {
		for _, m := range []struct {
			accept, media string
			status        int
		}{
			{"application/graphql-response+json", ctGraphQL, http.StatusBadRequest},
			{"", ctGraphQL, http.StatusBadRequest},
			{"application/json", ctJSON, http.StatusOK},
		} {
			t.Run(tc.name+"/"+cmp.Or(m.accept, "NoAccept"), func(t *testing.T) {
				header := []string{}
				if m.accept != "" {
					header = []string{"Accept", m.accept}
				}
				body := map[string]any{"query": tc.query}
				params := []string{"query", tc.query}
				if tc.operation != "" {
					body["operationName"] = tc.operation
					params = append(params, "operationName", tc.operation)
				}
				if tc.variables != "" {
					body["variables"] = json.RawMessage(tc.variables)
					params = append(params, "variables", tc.variables)
				}
				b, _ := json.Marshal(body)
				post(t, srv, string(b), header...).mustFail(t, m.status, m.media, tc.code, "")
				get(t, srv, params, header...).mustFail(t, m.status, m.media, tc.code, "")
			})
		}
	}
}

// An operation that executes is a 200 under either media type, field
// errors (presented by presentError) and all.
func TestProtocol_FieldErrors(t *testing.T) {
	srv := MustProtocolServer(t, Options{})
	q := `{ alpha: city(id: "alpha") { id } nope: city(id: "nope") { id } }`
	for _, m := range []struct{ accept, media string }{{"application/graphql-response+json", ctGraphQL}, {"application/json", ctJSON}} {
		t.Run(m.accept, func(t *testing.T) {
			for _, a := range []protoAnswer{
				post(t, srv, query(q), "Accept", m.accept),
				get(t, srv, []string{"query", q}, "Accept", m.accept),
			} {
				a.mustHead(t, http.StatusOK, m.media)
				if len(a.errors) != 1 || a.errors[0].Extensions["code"] != "NOT_FOUND" {
					t.Errorf("errors: got %s, want one NOT_FOUND", a.body)
				}
				if !strings.Contains(string(a.top["data"]), `"alpha"`) {
					t.Errorf("data: got %s, want alpha's", a.top["data"])
				}
			}
		})
	}
}

// GET runs queries only: a mutation or subscription is 405 with Allow:
// POST, before it is validated or run.
func TestProtocol_GET(t *testing.T) {
	s := MustImportServer(t, 0)
	key := []string{"Authorization", "Bearer " + s.write}
	create := `mutation { createCity(input: {id: "golf", name: "Golf", country: "AA"}) { city { id } } }`

	for _, tc := range []struct {
		name      string
		params    []string
		wantAllow bool
	}{
		{"ErrMutation", []string{"query", create}, true},
		{"ErrMutationInvalid", []string{"query", `mutation { nope }`}, true},
		{"ErrMutationByName", []string{"query", `query Q { stats { joinsWithoutYear } } ` + strings.Replace(create, "mutation", "mutation M", 1), "operationName", "M"}, true},
		{"ErrSubscription", []string{"query", `subscription { graphChanged { version } }`}, true},
	} {
		for _, m := range []struct{ accept, media string }{{"application/graphql-response+json", ctGraphQL}, {"application/json", ctJSON}} {
			t.Run(tc.name+"/"+m.accept, func(t *testing.T) {
				a := get(t, s.url, tc.params, append([]string{"Accept", m.accept}, key...)...)
				a.mustFail(t, http.StatusMethodNotAllowed, m.media, "BAD_REQUEST", "")
				if allow := a.header.Get("Allow"); allow != "POST" {
					t.Errorf("Allow: got %q, want POST", allow)
				}
			})
		}
	}
	if _, err := s.store.City(t.Context(), "golf"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("a mutation over GET wrote golf: %v", err)
	}

	t.Run("OK/QueryByName", func(t *testing.T) {
		doc := `query Q { stats { joinsWithoutYear } } ` + strings.Replace(create, "mutation", "mutation M", 1)
		get(t, s.url, []string{"query", doc, "operationName", "Q"}).mustOK(t, ctGraphQL)
	})
	t.Run("OK/Variables", func(t *testing.T) {
		a := get(t, s.url, []string{"query", `query($id: ID!) { city(id: $id) { id } }`, "variables", `{"id": "alpha"}`, "extensions", `{}`})
		a.mustOK(t, ctGraphQL)
		if !strings.Contains(a.body, `"alpha"`) {
			t.Errorf("body: got %s, want alpha", a.body)
		}
	})
	t.Run("OK/MutationOverPOST", func(t *testing.T) {
		post(t, s.url, query(create), key...).mustOK(t, ctGraphQL)
	})

	// Malformed parameters: 400 BAD_USER_INPUT naming the parameter, under
	// either media type.
	for _, tc := range []struct {
		name, target, field string
	}{
		{"ErrNoQuery", "", "query"},
		{"ErrNoQuery/OnlyVariables", "?variables=%7B%7D", "query"},
		{"ErrVariablesNotJSON", "?query=%7B+stats+%7B+joinsWithoutYear+%7D+%7D&variables=not+json", "variables"},
		{"ErrVariablesNotObject", "?query=%7B+stats+%7B+joinsWithoutYear+%7D+%7D&variables=%5B7%5D", "variables"},
		{"ErrVariablesTrailing", "?query=%7B+stats+%7B+joinsWithoutYear+%7D+%7D&variables=%7B%7D%7B%7D", "variables"},
		{"ErrExtensionsNotObject", "?query=%7B+stats+%7B+joinsWithoutYear+%7D+%7D&extensions=5", "extensions"},
		{"ErrQueryTwice", "?query=%7B+stats+%7B+joinsWithoutYear+%7D+%7D&query=%7B+x+%7D", "query"},
		{"ErrQueryString", "?query=%zz", ""},
	} {
		for _, m := range []struct{ accept, media string }{{"application/graphql-response+json", ctGraphQL}, {"application/json", ctJSON}} {
			t.Run(tc.name+"/"+m.accept, func(t *testing.T) {
				MustSend(t, http.MethodGet, s.url, tc.target, "", "Accept", m.accept).
					mustFail(t, http.StatusBadRequest, m.media, "BAD_USER_INPUT", tc.field)
			})
		}
	}
}

// POST takes one JSON object in UTF-8.
func TestProtocol_POST(t *testing.T) {
	s := MustImportServer(t, 0)
	ok := query(`{ city(id: "alpha") { id } }`)

	for _, ct := range []string{"application/json; charset=utf-8", "application/json; charset=UTF-8", "Application/JSON"} {
		t.Run("OK/"+ct, func(t *testing.T) {
			post(t, s.url, ok, "Content-Type", ct).mustOK(t, ctGraphQL)
		})
	}

	for _, tc := range []struct{ name, contentType string }{
		{"ErrNoContentType", ""},
		{"ErrTextPlain", "text/plain"},
		{"ErrForm", "application/x-www-form-urlencoded"},
		{"ErrGraphQL", "application/graphql"},
		{"ErrResponseType", "application/graphql-response+json"},
		{"ErrLatin1", "application/json; charset=iso-8859-1"},
		{"ErrUTF16", "application/json; charset=utf-16"},
	} {
		for _, m := range []struct{ accept, media string }{{"application/graphql-response+json", ctGraphQL}, {"application/json", ctJSON}} {
			t.Run(tc.name+"/"+m.accept, func(t *testing.T) {
				// Go's client sets no Content-Type of its own.
				header := []string{"Accept", m.accept}
				if tc.contentType != "" {
					header = append(header, "Content-Type", tc.contentType)
				}
				MustSend(t, http.MethodPost, s.url, "", ok, header...).
					mustFail(t, http.StatusUnsupportedMediaType, m.media, "BAD_REQUEST", "")
			})
		}
	}

	for _, tc := range []struct {
		name, body string
		field      string
		checkBody  bool // refused by checkBody (server.go)
	}{
		{"ErrBatch", `[{"query": "{ stats { joinsWithoutYear } }"}]`, "", false},
		{"ErrBatch/Spaces", " \n\t [" + ok + "]", "", false},
		{"ErrMalformedJSON", `{"query": `, "", true},
		{"ErrEmptyBody", ``, "", true},
		{"ErrNotObject", `"{ stats { joinsWithoutYear } }"`, "", true},
		{"ErrNoQuery", `{}`, "query", false},
		{"ErrNoQuery/Typo", `{"qeury": "{ stats { joinsWithoutYear } }"}`, "query", false},
		{"ErrNullQuery", `{"query": null}`, "query", false},
		{"ErrQueryNotString", `{"query": {"a": 1}}`, "query", true},
		{"ErrOperationNameNotString", `{"query": "{ stats { joinsWithoutYear } }", "operationName": 5}`, "operationName", true},
		{"ErrVariablesNotObject", `{"query": "query Q ($i: Int!) { cities(first: $i) { totalCount } }", "variables": [7]}`, "variables", true},
		{"ErrExtensionsNotObject", `{"query": "{ stats { joinsWithoutYear } }", "extensions": "x"}`, "extensions", true},
		{"ErrNotUTF8", "{\"query\": \"{ city(id: \\\"\xe9\\\") { id } }\"}", "", false},
	} {
		for _, m := range []struct{ accept, media string }{{"application/graphql-response+json", ctGraphQL}, {"application/json", ctJSON}} {
			t.Run(tc.name+"/"+m.accept, func(t *testing.T) {
				a := post(t, s.url, tc.body, "Accept", m.accept)
				if tc.checkBody {
					a = a.fromServerGo()
				}
				a.mustFail(t, http.StatusBadRequest, m.media, "BAD_USER_INPUT", tc.field)
				if strings.HasPrefix(tc.name, "ErrBatch") && !strings.Contains(a.errors[0].Message, "batch") {
					t.Errorf("message: got %q, want it to say batches are not supported", a.errors[0].Message)
				}
			})
		}
	}

	t.Run("ErrSubscription", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.url+"/graphql", strings.NewReader(query(`subscription { graphChanged { version } }`)))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("a subscription over POST: %v (it should be refused at once)", err)
		}
		resp.Body.Close()
		post(t, s.url, query(`subscription { graphChanged { version } }`)).mustFail(t, http.StatusBadRequest, ctGraphQL, "BAD_REQUEST", "")
	})

	t.Run("ErrTooLarge", func(t *testing.T) {
		srv := MustProtocolServer(t, Options{MaxBodyBytes: 256})
		big := query("# " + strings.Repeat("x", 512) + "\n{ stats { joinsWithoutYear } }")
		a := post(t, srv, big, "Accept", "application/graphql-response+json")
		a.mustHead(t, http.StatusRequestEntityTooLarge, ctGraphQL)
		if len(a.errors) != 1 || a.errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("body: got %s, want BAD_USER_INPUT", a.body)
		}
		post(t, srv, big, "Accept", "application/json").mustHead(t, http.StatusRequestEntityTooLarge, ctJSON)
	})
}

// Methods other than GET, POST and OPTIONS are 405 with Allow.
func TestProtocol_Method(t *testing.T) {
	srv := MustProtocolServer(t, Options{})
	for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		t.Run("Err"+method, func(t *testing.T) {
			a := MustSend(t, method, srv, "", query("{ stats { joinsWithoutYear } }"), "Content-Type", "application/json")
			a.mustFail(t, http.StatusMethodNotAllowed, ctGraphQL, "BAD_REQUEST", "")
			if allow := a.header.Get("Allow"); allow != "GET, POST, OPTIONS" {
				t.Errorf("Allow: got %q, want GET, POST, OPTIONS", allow)
			}
		})
	}
	t.Run("ErrHEAD", func(t *testing.T) {
		a := MustSend(t, http.MethodHead, srv, "", "", "Accept", "application/json")
		a.mustHead(t, http.StatusMethodNotAllowed, ctJSON)
		if allow := a.header.Get("Allow"); allow != "GET, POST, OPTIONS" {
			t.Errorf("Allow: got %q, want GET, POST, OPTIONS", allow)
		}
	})
	t.Run("OPTIONS", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodOptions, srv+"/graphql", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Allow") != "OPTIONS, GET, POST" {
			t.Errorf("got %d Allow %q, want 200 Allow: OPTIONS, GET, POST", resp.StatusCode, resp.Header.Get("Allow"))
		}
	})
}

// A browser asking for HTML gets GraphiQL; the page's own requests
// (Accept: application/json, multipart/mixed) get application/json.
func TestProtocol_GraphiQL(t *testing.T) {
	srv := MustProtocolServer(t, Options{})
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		req, _ := http.NewRequest(method, srv+"/graphql", nil)
		req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s with Accept: text/html: got %d %q, want 200 text/html", method, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	post(t, srv, query("{ stats { joinsWithoutYear } }"), "Accept", "application/json, multipart/mixed").mustOK(t, ctJSON)
	// A browser following a link with a query gets JSON, not the page.
	get(t, srv, []string{"query", "{ stats { joinsWithoutYear } }"},
		"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").mustOK(t, ctGraphQL)
}

// CORS still answers preflights (Accept and Content-Type allowed) and
// labels every answer, refusals included.
func TestProtocol_CORS(t *testing.T) {
	srv := MustProtocolServer(t, Options{})
	const origin = "http://localhost:5173"

	req, _ := http.NewRequest(http.MethodOptions, srv+"/graphql", nil)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "accept,content-type") // as browsers send it
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 || resp.Header.Get("Access-Control-Allow-Origin") != origin ||
		!strings.Contains(strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")), "accept") {
		t.Errorf("preflight: got %d %v, want 2xx allowing %s with Accept", resp.StatusCode, resp.Header, origin)
	}

	for _, a := range []protoAnswer{
		post(t, srv, query("{ stats { joinsWithoutYear } }"), "Origin", origin, "Accept", "application/graphql-response+json"),
		post(t, srv, query("{ stats { joinsWithoutYear } }"), "Origin", origin, "Accept", "text/plain"),
		post(t, srv, query("{ stats { joinsWithoutYear } }"), "Origin", origin, "Content-Type", "text/plain"),
	} {
		if got := a.header.Get("Access-Control-Allow-Origin"); got != origin {
			t.Errorf("status %d: Access-Control-Allow-Origin: got %q, want %q", a.status, got, origin)
		}
	}
}

// Answers written before a transport runs (authentication's 401) carry
// the negotiated media type too.
func TestProtocol_Unauthenticated(t *testing.T) {
	read, authn := MustKey(t, "dashboard", auth.RoleRead)
	srv := MustProtocolServer(t, Options{Auth: authn, ReadsNeedKey: true})
	q := query("{ stats { joinsWithoutYear } }")
	post(t, srv, q).fromServerGo().mustFail(t, http.StatusUnauthorized, ctGraphQL, "UNAUTHENTICATED", "")
	post(t, srv, q, "Accept", "application/json").fromServerGo().mustFail(t, http.StatusUnauthorized, ctJSON, "UNAUTHENTICATED", "")
	post(t, srv, q, "Authorization", "Bearer "+read).mustOK(t, ctGraphQL)
}

// A request whose document comes from a persisted query has no query
// parameter: it reaches the persisted-query extension rather than being
// refused as missing one.
func TestProtocol_PersistedQuery(t *testing.T) {
	srv := MustProtocolServer(t, Options{})
	q := "{ stats { joinsWithoutYear } }"
	sum := sha256.Sum256([]byte(q))
	ext := `{"persistedQuery": {"version": 1, "sha256Hash": "` + hex.EncodeToString(sum[:]) + `"}}`

	get(t, srv, []string{"extensions", ext}).mustFail(t, http.StatusBadRequest, ctGraphQL, "PERSISTED_QUERY_NOT_FOUND", "")
	get(t, srv, []string{"extensions", ext}, "Accept", "application/json").mustFail(t, http.StatusOK, ctJSON, "PERSISTED_QUERY_NOT_FOUND", "")
	post(t, srv, `{"query": "`+q+`", "extensions": `+ext+`}`).mustOK(t, ctGraphQL)
	get(t, srv, []string{"extensions", ext}).mustOK(t, ctGraphQL)
	post(t, srv, `{"extensions": `+ext+`}`).mustOK(t, ctGraphQL)
}

// protocol leaves WebSocket upgrades alone: whatever their Accept, they
// reach the WebSocket transport (ws.go) with a writer that can hijack.
func TestProtocol_WebSocket(t *testing.T) {
	t.Run("Passthrough", func(t *testing.T) {
		var hijack bool
		srv := httptest.NewServer(protocol(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, hijack = w.(http.Hijacker)
			w.WriteHeader(http.StatusTeapot)
		}), Options{}))
		defer srv.Close()
		req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
		req.Header.Set("Upgrade", "websocket")
		req.Header.Set("Connection", "Upgrade")
		req.Header.Set("Accept", "text/plain")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTeapot || !hijack {
			t.Errorf("got %d (hijacker %v), want the wrapped handler's 418 with a hijackable writer", resp.StatusCode, hijack)
		}
	})

	t.Run("OK", func(t *testing.T) {
		srv := MustProtocolServer(t, Options{})
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		conn, resp, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(srv, "http")+"/graphql", &coderws.DialOptions{
			Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: http.Header{"Accept": {"text/plain"}}})
		if err != nil {
			t.Fatalf("dial: %v (response %v)", err, resp)
		}
		defer conn.CloseNow()
		if conn.Subprotocol() != "graphql-transport-ws" {
			t.Errorf("subprotocol: got %q, want graphql-transport-ws", conn.Subprotocol())
		}
	})
}
