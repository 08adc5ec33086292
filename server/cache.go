package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/klauspost/compress/gzhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"citynet/auth"
	"citynet/graph"
)

// Caching configures persisted queries, HTTP caching and compression. The
// zero value gives the defaults below; a negative value turns a feature
// off.
type Caching struct {
	// APQCacheSize is how many automatic persisted queries (hash → query
	// text) are kept, least recently used out first. 0:
	// DefaultAPQCacheSize; negative: persisted queries are refused.
	APQCacheSize int
	// QueryCacheSize is how many parsed and validated query documents
	// are kept. 0: DefaultQueryCacheSize.
	QueryCacheSize int
	// MaxAge is how long a GET answer may be reused without asking
	// again (Cache-Control max-age, whole seconds). 0 (the default):
	// every reuse is revalidated with its ETag, which costs the server a
	// version check and no query, and never shows an answer older than
	// the last write. Negative: no ETags, every answer is no-store.
	MaxAge time.Duration
	// CompressMinBytes: answers at least this long are gzipped for
	// clients that accept it. 0: DefaultCompressMinBytes; negative: no
	// compression.
	CompressMinBytes int
}

// Defaults of Caching's zero fields.
const (
	DefaultAPQCacheSize     = 1000
	DefaultQueryCacheSize   = 1000
	DefaultCompressMinBytes = gzhttp.DefaultMinSize // 1 KiB: below one packet gzip saves nothing
)

// applyCaching sets the GraphQL handler's caches: automatic persisted
// queries (a client sends the SHA-256 of a query it sent once before,
// over POST or GET, instead of its text) and parsed documents.
func applyCaching(h *handler.Server, c Caching) {
	size := c.QueryCacheSize
	if size <= 0 {
		size = DefaultQueryCacheSize
	}
	h.SetQueryCache(lru.New[*ast.QueryDocument](size))
	if c.APQCacheSize < 0 {
		return
	}
	size = c.APQCacheSize
	if size == 0 {
		size = DefaultAPQCacheSize
	}
	h.Use(persistedQueries{extension.AutomaticPersistedQuery{Cache: lru.New[string](size)}})
}

// persistedQueries is gqlgen's APQ with a code on every error: a hash
// that does not match its query, or an APQ version other than 1, is the
// client's mistake (BAD_USER_INPUT), which uncoded it would be shown as
// an internal error.
type persistedQueries struct {
	extension.AutomaticPersistedQuery
}

func (p persistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	err := p.AutomaticPersistedQuery.MutateOperationParameters(ctx, raw)
	if err != nil && err.Extensions["code"] == nil {
		if err.Extensions == nil {
			err.Extensions = map[string]any{}
		}
		err.Extensions["code"] = codes[graph.EINVALID]
		err.Extensions["field"] = "extensions.persistedQuery"
	}
	return err
}

// cacheHeaders adds HTTP caching to GraphQL GET answers. The ETag names
// the answer before the query runs: the graph's version (which every
// committed write changes), the server build, the request's URL (query,
// variables, operation name, persisted-query hash), the headers the answer
// depends on (Accept: its media type; Accept-Encoding: gzip or not;
// Authorization: the caller). So If-None-Match gets a 304 for the price
// of a version check, without running the query. Only successful GET
// answers are cacheable: POST (and so every mutation), refusals, and
// answers with errors are no-store.
func cacheHeaders(next http.Handler, store graph.Store, c Caching) http.Handler {
	if c.MaxAge < 0 {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !isUpgrade(r) {
				w.Header().Set("Cache-Control", "no-store")
			}
			next.ServeHTTP(w, r)
		})
	}
	gzipped := c.CompressMinBytes >= 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isUpgrade(r) {
			next.ServeHTTP(w, r) // a WebSocket: nothing to cache
			return
		}
		h := w.Header()
		if r.Method != http.MethodGet {
			h.Set("Cache-Control", "no-store")
			next.ServeHTTP(w, r)
			return
		}
		version, err := store.Version(r.Context())
		if err != nil {
			// The query will meet the same failure and report it.
			h.Set("Cache-Control", "no-store")
			next.ServeHTTP(w, r)
			return
		}
		tag := etag(version, r, gzipped)
		if ifNoneMatch(r, tag) {
			setCacheable(h, tag, r, c.MaxAge)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		ba := &bufferedAnswer{w: w}
		next.ServeHTTP(ba, r)
		status := ba.status
		if status == 0 {
			status = http.StatusOK
		}
		// An answer computed across a write may mix versions: it gets no
		// ETag, so no cache keeps it under either version's name.
		if status == http.StatusOK && !hasErrors(ba.buf.Bytes()) && sameVersion(r.Context(), store, version) {
			setCacheable(h, tag, r, c.MaxAge)
		} else {
			h.Del("ETag")
			h.Set("Cache-Control", "no-store")
		}
		w.WriteHeader(status)
		w.Write(ba.buf.Bytes())
	})
}

// setCacheable sets the headers of a cacheable GET answer, and of its 304:
// RFC 9110 §15.4.5 wants the same ETag, Cache-Control and Vary on both.
func setCacheable(h http.Header, tag string, r *http.Request, maxAge time.Duration) {
	scope := "public"
	if r.Header.Get("Authorization") != "" {
		// Answers to a keyed caller are for that caller only: shared
		// caches must not keep them.
		scope = "private"
	}
	cc := scope + ", max-age=" + strconv.FormatInt(int64(maxAge/time.Second), 10)
	if maxAge < time.Second {
		cc += ", must-revalidate"
	}
	h.Set("ETag", tag)
	h.Set("Cache-Control", cc)
	// compress adds Accept-Encoding when it is on; CORS adds Origin.
	addVary(h, "Accept", "Authorization")
}

// addVary adds the header names that Vary does not list yet.
func addVary(h http.Header, names ...string) {
	have := map[string]bool{}
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			have[strings.ToLower(strings.TrimSpace(f))] = true
		}
	}
	for _, n := range names {
		if !have[strings.ToLower(n)] {
			h.Add("Vary", n)
		}
	}
}

// etag is the strong validator of a GET answer. The hash is truncated to
// 144 bits: plenty against collisions, short on the wire.
func etag(version string, r *http.Request, gzipped bool) string {
	var b []byte
	field := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	field(buildID())
	field(version)
	field(r.URL.Path)
	field(r.URL.RawQuery)
	field(strings.Join(r.Header.Values("Accept"), ","))
	if gzipped {
		// Whether the answer goes gzipped depends on this header (and on
		// its size, which the rest fixes): the two representations must
		// not share a strong ETag.
		field(strings.Join(r.Header.Values("Accept-Encoding"), ","))
	} else {
		field("")
	}
	field(caller(r))
	sum := sha256.Sum256(b)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// caller names who asks, for answers that may depend on it: the
// authenticated principal when authentication ran first, else a hash of
// the credential (never the credential itself). Anonymous callers are "".
func caller(r *http.Request) string {
	if p, ok := auth.FromContext(r.Context()); ok {
		return "principal " + string(p.Role) + " " + p.Name
	}
	if a := r.Header.Values("Authorization"); len(a) > 0 {
		sum := sha256.Sum256([]byte(strings.Join(a, "\n")))
		return "credential " + hex.EncodeToString(sum[:])
	}
	return ""
}

// buildID names the server build, so a new release (which may answer the
// same query differently) does not revalidate answers of the old one.
var buildID = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	s := bi.GoVersion + " " + bi.Main.Path + "@" + bi.Main.Version
	for _, kv := range bi.Settings {
		if strings.HasPrefix(kv.Key, "vcs.") {
			s += " " + kv.Key + "=" + kv.Value
		}
	}
	return s
})

// ifNoneMatch reports whether the request's If-None-Match lists tag
// (weak comparison, as RFC 9110 §13.1.2 wants for it). "*" is not
// honoured: it would answer 304 for a query that may fail.
func ifNoneMatch(r *http.Request, tag string) bool {
	for _, v := range r.Header.Values("If-None-Match") {
		for t := range strings.SplitSeq(v, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == tag {
				return true
			}
		}
	}
	return false
}

// sameVersion reports whether the graph is still at version.
func sameVersion(ctx context.Context, store graph.Store, version string) bool {
	v, err := store.Version(ctx)
	return err == nil && v == version
}

// hasErrors reports whether a GraphQL answer carries errors (or is not a
// GraphQL answer at all).
func hasErrors(body []byte) bool {
	var a struct {
		Errors json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &a) != nil {
		return true
	}
	e := string(bytes.TrimSpace(a.Errors))
	return e != "" && e != "null" && e != "[]"
}

// bufferedAnswer holds a GraphQL GET answer until it is known to be
// cacheable: the headers that say so must precede the body. gqlgen
// encodes an answer whole before writing it, so this costs one copy, not
// a change from streaming to buffering. It deliberately offers no Unwrap
// or Flush: nothing may send the headers early.
type bufferedAnswer struct {
	w      http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (b *bufferedAnswer) Header() http.Header { return b.w.Header() }

func (b *bufferedAnswer) WriteHeader(code int) {
	if b.status == 0 && code >= 200 {
		b.status = code
	}
}

func (b *bufferedAnswer) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.buf.Write(p)
}

// isUpgrade reports a request to switch protocols (a WebSocket for
// subscriptions): it must reach its handler with the connection
// untouched, as gqlgen's transports decide on the same header.
func isUpgrade(r *http.Request) bool { return r.Header.Get("Upgrade") != "" }

// compress gzips answers for clients that accept it (Accept-Encoding),
// when they are at least CompressMinBytes long; smaller ones, 304s and
// HEAD answers go as they are. WebSocket upgrades pass untouched (the
// connection is hijacked; WebSocket has its own compression).
//
// Exports stay streamed, and so are compressed too (CSV and GraphML
// shrink about tenfold): the gzip writer holds a bounded window, never
// the whole body, and it forwards SetWriteDeadline (through Unwrap), so
// an export keeps its per-write deadline. Left alone, deflate would pass
// on nothing until a block of about 64 KiB of input is done and the
// compressed bytes fill the connection's buffer, which for a slow or
// stalled walk holds back the first bytes a long time: the answer is
// flushed after every streamFlushBytes of input instead, at the cost of
// a few bytes of compression per flush.
func compress(next http.Handler, c Caching) http.Handler {
	if c.CompressMinBytes < 0 {
		return next
	}
	minSize := c.CompressMinBytes
	if minSize == 0 {
		minSize = DefaultCompressMinBytes
	}
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(minSize))
	if err != nil {
		panic("gzhttp: " + err.Error()) // only for options that cannot be: the size is positive
	}
	every := max(streamFlushBytes, minSize)
	gz := wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&flushEvery{ResponseWriter: w, every: every}, r)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isUpgrade(r) {
			next.ServeHTTP(w, r)
			return
		}
		gz.ServeHTTP(w, r)
	})
}

// streamFlushBytes is how much input a compressed answer holds back at
// most.
const streamFlushBytes = 32 << 10

// flushEvery flushes the gzip writer below it after every so many bytes
// written.
type flushEvery struct {
	http.ResponseWriter
	every, n int
}

func (f *flushEvery) Write(p []byte) (int, error) {
	n, err := f.ResponseWriter.Write(p)
	if f.n += n; err == nil && f.n >= f.every {
		f.n = 0
		f.Flush()
	}
	return n, err
}

func (f *flushEvery) Flush() {
	_ = http.NewResponseController(f.ResponseWriter).Flush() // ErrNotSupported: the bytes go at the next write
}

// Unwrap lets http.ResponseController reach the connection (write
// deadlines).
func (f *flushEvery) Unwrap() http.ResponseWriter { return f.ResponseWriter }
