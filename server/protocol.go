package server

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"citynet/graph"
)

// This file holds /graphql to the GraphQL over HTTP specification (the
// graphql/graphql-over-http draft). gqlgen's GET and POST transports
// differ from it where it matters to clients: application/json answers a
// document that does not parse or validate with 422 (the spec: 200), an
// unacceptable Accept gets graphql-response+json anyway (the spec
// recommends 406), a mutation over GET gets 406 (the spec: 405), the
// Content-Type has no charset, Accept weights are ignored, a missing query
// is a validation error, and a request no transport takes is an uncoded
// 400 "transport not supported" (text/plain). So protocol checks the HTTP
// envelope (method, Accept, Content-Type, batches) before anything else
// runs, and getTransport and postTransport replace gqlgen's.

// The two media types a GraphQL response is sent as. With
// application/graphql-response+json the status tells a request error
// (4xx, no data) from an executed operation (200, even with field
// errors); application/json is for legacy clients, which get 200 for
// every well-formed request, as before.
const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)

// codeBadRequest is extensions.code for a request refused for its HTTP
// envelope (method, Accept, Content-Type) rather than for what it asks;
// a malformed request parameter is BAD_USER_INPUT with its field.
const codeBadRequest = "BAD_REQUEST"

// addTransports sets how GraphQL requests arrive: GET (queries only) and
// POST with a JSON body, both answering as protocol negotiated; OPTIONS
// (gqlgen's, outside CORS preflights, which rs/cors answers).
func addTransports(h *handler.Server, opts Options) {
	h.AddTransport(transport.Options{})
	h.AddTransport(getTransport{})
	h.AddTransport(postTransport{})
}

// mediaKey holds the negotiated response media type in a request's context.
type mediaKey struct{}

// protocol wraps the GraphQL endpoint (authentication, body checks and
// the GraphQL handler) with what GraphQL over HTTP asks of the envelope:
// GET and POST only (405), an Accept that allows a GraphQL media type
// (406), a POST body in UTF-8 JSON (415) and not a batch (400). It then
// labels every JSON answer of the endpoint, including those written
// before a transport runs (checkBody's 400 and 413, authentication's
// 401), with the negotiated media type and charset. WebSocket upgrades
// (ws.go) and OPTIONS pass through untouched.
func protocol(next http.Handler, opts Options) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		varyOnAccept(w.Header())
		media := negotiate(r.Header.Values("Accept"))
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			refuse(w, cmp.Or(media, mediaJSON), http.StatusMethodNotAllowed, codeBadRequest, "",
				fmt.Sprintf("%s is not a GraphQL method here: send a POST (or a GET for a query)", r.Method))
			return
		}
		if media == "" {
			refuse(w, mediaJSON, http.StatusNotAcceptable, codeBadRequest, "",
				"the Accept header allows neither application/graphql-response+json nor application/json, the only types this endpoint answers in")
			return
		}
		if r.Method == http.MethodPost {
			if msg := checkContentType(r.Header.Get("Content-Type")); msg != "" {
				refuse(w, media, http.StatusUnsupportedMediaType, codeBadRequest, "", msg)
				return
			}
			if isBatch(r) {
				refuse(w, media, http.StatusBadRequest, codes[graph.EINVALID], "",
					"batched requests (a JSON array) are not supported: send one request object {\"query\": \"...\"} per POST")
				return
			}
		}
		r = r.WithContext(context.WithValue(r.Context(), mediaKey{}, media))
		next.ServeHTTP(&mediaWriter{ResponseWriter: w, media: media}, r)
	})
}

// negotiate picks the response media type from a request's Accept header
// values: of the two it supports, the one with the higher weight; at equal
// weight, one named outright over one matched by a wildcard, then the one
// listed first. No Accept header, */* and application/* get
// application/graphql-response+json, as the spec recommends since its
// 2025 watershed; a client that lists application/json first (GraphiQL,
// axios) keeps getting application/json. A range asking for a charset
// other than UTF-8 matches nothing. "" means neither type is acceptable.
func negotiate(accept []string) string {
	type mediaRange struct {
		typ string
		q   float64
	}
	var ranges []mediaRange
	given := false
	for _, v := range accept {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			given = true
			typ, params, err := mime.ParseMediaType(part)
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(s, 64); err != nil || q < 0 || q > 1 {
					continue
				}
			}
			if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
				continue
			}
			ranges = append(ranges, mediaRange{typ, q})
		}
	}
	if !given {
		return mediaGraphQLResponse
	}
	best, bestQ, bestSpec, bestPos := "", 0.0, -1, 0
	for _, media := range []string{mediaGraphQLResponse, mediaJSON} {
		// The most specific range that matches decides the weight.
		q, spec, pos := 0.0, -1, 0
		for i, rg := range ranges {
			s := -1
			switch rg.typ {
			case media:
				s = 2
			case "application/*":
				s = 1
			case "*/*":
				s = 0
			}
			if s > spec {
				q, spec, pos = rg.q, s, i
			}
		}
		if spec < 0 || q == 0 {
			continue
		}
		if q > bestQ || (q == bestQ && (spec > bestSpec || (spec == bestSpec && pos < bestPos))) {
			best, bestQ, bestSpec, bestPos = media, q, spec, pos
		}
	}
	return best
}

// checkContentType says what is wrong with a POST's Content-Type, or ""
// when it is JSON in UTF-8 (the spec's default when no charset is given).
func checkContentType(ct string) string {
	if ct == "" {
		return "a POST needs a Content-Type: send the request as application/json"
	}
	typ, params, err := mime.ParseMediaType(ct)
	if err != nil || typ != mediaJSON {
		return fmt.Sprintf("Content-Type %q is not supported: send the request as application/json", ct)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return fmt.Sprintf("charset %q is not supported: send the request body in UTF-8", cs)
	}
	return ""
}

// isBatch reports whether a POST body is a JSON array, i.e. a batch of
// requests. It looks at the first non-space byte of at most the first
// 4 KiB without consuming any (r.Body is replaced by a buffered reader of
// the same bytes); the size limit applies later as before.
func isBatch(r *http.Request) bool {
	if r.Body == nil || r.Body == http.NoBody {
		return false
	}
	br := bufio.NewReaderSize(r.Body, 4096)
	r.Body = struct {
		io.Reader
		io.Closer
	}{br, r.Body}
	head, _ := br.Peek(4096) // a short body or a read error: what there is
	for _, c := range head {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '[':
			return true
		}
		return false
	}
	return false
}

// mediaWriter labels the endpoint's JSON answers with the negotiated
// media type and charset, and keeps Vary: Accept however handlers set Vary.
type mediaWriter struct {
	http.ResponseWriter
	media string
	wrote bool
}

func (m *mediaWriter) WriteHeader(code int) {
	if !m.wrote {
		h := m.Header()
		if typ, _, err := mime.ParseMediaType(h.Get("Content-Type")); err == nil && (typ == mediaJSON || typ == mediaGraphQLResponse) {
			h.Set("Content-Type", m.media+"; charset=utf-8")
		}
		varyOnAccept(h)
		m.wrote = code >= 200
	}
	m.ResponseWriter.WriteHeader(code)
}

func (m *mediaWriter) Write(b []byte) (int, error) {
	if !m.wrote {
		m.WriteHeader(http.StatusOK)
	}
	return m.ResponseWriter.Write(b)
}

// Flush and Unwrap keep http.ResponseController working through the wrapper.
func (m *mediaWriter) Flush() {
	if !m.wrote {
		m.WriteHeader(http.StatusOK)
	}
	_ = http.NewResponseController(m.ResponseWriter).Flush()
}

func (m *mediaWriter) Unwrap() http.ResponseWriter { return m.ResponseWriter }

// varyOnAccept adds Accept to Vary unless it is listed already (or Vary
// is *): the answer depends on the negotiated media type.
func varyOnAccept(h http.Header) {
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, "Accept") {
				return
			}
		}
	}
	h.Add("Vary", "Accept")
}

// getTransport runs queries sent as
// GET /graphql?query=…&operationName=…&variables=…&extensions=… (variables
// and extensions JSON-encoded). A WebSocket upgrade is not its business.
type getTransport struct{}

var _ graphql.Transport = getTransport{}

func (getTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

func (getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	media := responseMedia(w, r)
	bad := func(field, msg string) { refuse(w, media, http.StatusBadRequest, codes[graph.EINVALID], field, msg) }
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		bad("", "the URL's query string is malformed: "+err.Error())
		return
	}
	for _, name := range []string{"query", "operationName", "variables", "extensions"} {
		if n := len(vals[name]); n > 1 {
			bad(name, fmt.Sprintf("URL parameter %q is given %d times: give it once", name, n))
			return
		}
	}
	params := &graphql.RawParams{Query: vals.Get("query"), OperationName: vals.Get("operationName"), Headers: r.Header}
	for _, p := range []struct {
		name string
		dst  *map[string]any
	}{{"variables", &params.Variables}, {"extensions", &params.Extensions}} {
		if s := vals.Get(p.name); s != "" {
			if err := decodeObject(s, p.dst); err != nil {
				bad(p.name, fmt.Sprintf("URL parameter %q must be a JSON object: %v", p.name, err))
				return
			}
		}
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	serve(w, r, exec, params, vals.Has("query"), media)
}

// decodeObject decodes s, a whole JSON object (or null), into dst.
func decodeObject(s string, dst *map[string]any) error {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("got a JSON %s", te.Value)
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the object")
	}
	return nil
}

// postTransport runs requests sent as a POST with an application/json
// body {"query", "operationName", "variables", "extensions"}. checkBody
// (server.go) has already refused a body that is too large or does not
// decode; protocol has refused other media types, charsets and batches.
type postTransport struct{}

var _ graphql.Transport = postTransport{}

func (postTransport) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	typ, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && typ == mediaJSON
}

func (postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	media := responseMedia(w, r)
	bad := func(msg string) { refuse(w, media, http.StatusBadRequest, codes[graph.EINVALID], "", msg) }
	b, err := io.ReadAll(r.Body)
	if err != nil {
		bad("could not read the request body")
		return
	}
	if !utf8.Valid(b) {
		bad("the request body is not valid UTF-8")
		return
	}
	var body struct {
		Query         *string        `json:"query"` // nil: missing or null
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
		Extensions    map[string]any `json:"extensions"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		bad("the request body is not a GraphQL request object: " + err.Error())
		return
	}
	params := &graphql.RawParams{
		OperationName: body.OperationName,
		Variables:     body.Variables,
		Extensions:    body.Extensions,
		Headers:       r.Header,
		ReadTime:      graphql.TraceTiming{Start: start, End: graphql.Now()},
	}
	if body.Query != nil {
		params.Query = *body.Query
	}
	serve(w, r, exec, params, body.Query != nil, media)
}

// responseMedia is the media type protocol negotiated (or, without
// protocol, negotiates it, falling back on application/json), set as the
// response's Content-Type.
func responseMedia(w http.ResponseWriter, r *http.Request) string {
	media, ok := r.Context().Value(mediaKey{}).(string)
	if !ok {
		media = cmp.Or(negotiate(r.Header.Values("Accept")), mediaJSON)
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	return media
}

// serve prepares, checks and runs one operation and writes its response.
// queryGiven says whether the request had a query parameter at all: one
// without (not a well-formed request) is a 400 unless an extension such
// as a persisted query supplied the document.
func serve(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, params *graphql.RawParams, queryGiven bool, media string) {
	ctx := r.Context()
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		// A mutation over GET is refused for its method even when it
		// would not validate.
		if r.Method == http.MethodGet {
			if op := operationType(params); op == ast.Mutation || op == ast.Subscription {
				notOverGET(w, media, op)
				return
			}
		}
		if !queryGiven && params.Query == "" && allCoded(errs, errcode.ValidationFailed) {
			refuse(w, media, http.StatusBadRequest, codes[graph.EINVALID], "query",
				`the request has no "query": send the GraphQL document as {"query": "..."} (or ?query=... on a GET)`)
			return
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		writeResponse(w, requestErrorStatus(media, resp.Errors), resp)
		return
	}
	switch op := opCtx.Operation.Operation; {
	case r.Method == http.MethodGet && op != ast.Query:
		notOverGET(w, media, op)
		return
	case op == ast.Subscription:
		// gqlgen would hold the POST open until the first event and
		// answer with that one alone.
		refuse(w, media, http.StatusBadRequest, codeBadRequest, "",
			"a subscription runs over a WebSocket at /graphql (graphql-transport-ws), not a POST")
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	status := http.StatusOK
	if resp.Data == nil && len(resp.Errors) > 0 { // refused before execution (a limit, say)
		status = requestErrorStatus(media, resp.Errors)
	}
	writeResponse(w, status, resp)
}

// notOverGET refuses a mutation or subscription sent as a GET: GET is a
// safe method, and a page on another origin can send one without a CORS
// preflight.
func notOverGET(w http.ResponseWriter, media string, op ast.Operation) {
	msg := "a mutation cannot run over GET: send it as a POST"
	if op == ast.Subscription {
		msg = "a subscription cannot run over a plain GET: open a WebSocket at /graphql (graphql-transport-ws)"
	}
	w.Header().Set("Allow", http.MethodPost)
	refuse(w, media, http.StatusMethodNotAllowed, codeBadRequest, "", msg)
}

// operationType is the type of the operation a request selects, or ""
// when its document does not parse or has no such operation.
func operationType(params *graphql.RawParams) ast.Operation {
	doc, err := parser.ParseQuery(&ast.Source{Input: params.Query})
	if err != nil {
		return ""
	}
	if op := doc.Operations.ForName(params.OperationName); op != nil {
		return op.Operation
	}
	return ""
}

// allCoded reports whether every error has extensions.code code.
func allCoded(errs gqlerror.List, code string) bool {
	for _, e := range errs {
		if c, _ := e.Extensions["code"].(string); c != code {
			return false
		}
	}
	return true
}

// requestErrorStatus is the status of a response without data (a request
// error: parse, validation, variables, a persisted query, a limit): 200
// under application/json, the legacy rule; under
// application/graphql-response+json 401 or 403 when the error says the
// caller may not do this, else 400. (Not 500 for INTERNAL_SERVER_ERROR:
// before execution that is an error nobody coded, such as a malformed
// persisted-query extension, and so far always the client's.)
func requestErrorStatus(media string, errs gqlerror.List) int {
	if media != mediaGraphQLResponse {
		return http.StatusOK
	}
	for _, e := range errs {
		switch e.Extensions["code"] {
		case codes[graph.EUNAUTHENTICATED]:
			return http.StatusUnauthorized
		case codes[graph.EFORBIDDEN]:
			return http.StatusForbidden
		}
	}
	return http.StatusBadRequest
}

// refuse answers with one error carrying code (and field, if any) and
// status, in media.
func refuse(w http.ResponseWriter, media string, status int, code, field, msg string) {
	ext := map[string]any{"code": code}
	if field != "" {
		ext["field"] = field
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	writeResponse(w, status, &graphql.Response{Errors: gqlerror.List{{Message: msg, Extensions: ext}}})
}

// writeResponse writes resp with status. A response without data (a
// request error) has no "data" entry at all, as the GraphQL specification
// asks, rather than gqlgen's "data": null.
func writeResponse(w http.ResponseWriter, status int, resp *graphql.Response) {
	var v any = resp
	if resp.Data == nil && len(resp.Errors) > 0 {
		v = struct {
			Errors     gqlerror.List  `json:"errors"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions}
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Errorf("encoding a GraphQL response: %w", err)) // recovered by gqlgen: 500, logged
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
