package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"strconv"
	"time"

	"citynet/auth"
	"citynet/graph"
)

// importAnswerWindow is how long the answer of an import may take to
// send once the import's own deadline has passed.
const importAnswerWindow = 30 * time.Second

// importHandler serves POST /import: a whole dataset file (JSON, the
// dataset format) or a membership list (CSV), read as it arrives, validated
// as a whole and applied in one write, or with ?dry_run=true only counted.
// It needs a write credential; every accepted write is logged for audit.
// Reading, checking and applying share one deadline (timeout). Every
// error is answered in the shape /graphql answers them (importError).
func importHandler(store graph.Store, log *slog.Logger, maxBytes int64, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !requireWrite(w, r) {
			return
		}
		dryRun, _ := strconv.ParseBool(r.URL.Query().Get("dry_run"))
		name := r.URL.Query().Get("name")
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		format := map[string]graph.ImportFormat{"text/csv": graph.ImportCSV, "application/json": graph.ImportJSON, "": graph.ImportJSON}[mediaType]
		if format == "" {
			importError(w, http.StatusUnsupportedMediaType, "send application/json (the dataset format) or text/csv (a membership list)",
				map[string]any{"code": codes[graph.EINVALID], "field": "Content-Type"})
			return
		}
		if name == "" {
			name = map[graph.ImportFormat]string{graph.ImportCSV: "import.csv", graph.ImportJSON: "import.json"}[format]
		}
		ctx, cancel := graph.WithImportDeadline(r.Context(), timeout)
		defer cancel()
		// The import's deadline replaces the server's read and write
		// timeouts, which a large body on a slow link outlasts.
		rc := http.NewResponseController(w)
		if dl, ok := ctx.Deadline(); ok {
			_ = rc.SetReadDeadline(dl) // ErrNotSupported by some writers: keep their deadlines
			_ = rc.SetWriteDeadline(dl.Add(importAnswerWindow))
		}
		body := &bodyReader{r: http.MaxBytesReader(w, r.Body, maxBytes)}
		caller, _ := auth.FromContext(ctx)
		var sum graph.MergeSummary
		ds, err := store.Dataset(ctx)
		var in *graph.Dataset
		if err == nil {
			in, err = graph.DecodeImport(ctx, name, format, body, ds)
		}
		if err == nil {
			var res *graph.ChangeResult
			actx := withVia(ctx, fmt.Sprintf("POST /import %s (%d bytes)", name, body.n))
			if res, err = store.Apply(actx, &graph.Change{Put: in, By: caller.Name, DryRun: dryRun}); err == nil {
				sum = res.Summary
			}
		}
		if err != nil {
			importFailed(w, r, log, body, timeout, graph.ImportError(ctx, timeout, err))
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"dryRun": dryRun, "summary": sum})
	})
}

// importFailed answers an import that failed with err.
func importFailed(w http.ResponseWriter, r *http.Request, log *slog.Logger, body *bodyReader, timeout time.Duration, err error) {
	var dse *graph.DatasetError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		importError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("import is larger than %d bytes (MAX_IMPORT_BYTES)", mbe.Limit),
			map[string]any{"code": codes[graph.EINVALID], "limit": mbe.Limit})
	case errors.As(err, &dse):
		importError(w, http.StatusUnprocessableEntity, refusedMessage(dse), problemExtensions(dse))
	case graph.ErrorCode(err) == graph.ETIMEOUT || body.err != nil && errors.Is(body.err, os.ErrDeadlineExceeded):
		// The read deadline (the import's) may fire just before the
		// context's timer.
		err = graph.ImportTimeoutError(timeout)
		importError(w, http.StatusGatewayTimeout, graph.ErrorMessage(err), extensionsOf(err))
	case body.err != nil:
		importError(w, http.StatusBadRequest, "could not read the body: the upload was cut short", map[string]any{"code": codes[graph.EINVALID]})
	case graph.ErrorCode(err) == graph.EINVALID:
		importError(w, http.StatusUnprocessableEntity, graph.ErrorMessage(err), extensionsOf(err))
	case graph.ErrorCode(err) == graph.ECONFLICT:
		importError(w, http.StatusConflict, graph.ErrorMessage(err), extensionsOf(err))
	case graph.ErrorCode(err) == graph.EUNAVAILABLE:
		// A read-only store: nothing was written, try again later.
		importError(w, http.StatusServiceUnavailable, graph.ErrorMessage(err), extensionsOf(err))
	default:
		log.ErrorContext(r.Context(), "import failed", "error", err)
		importError(w, http.StatusInternalServerError, "internal error", map[string]any{"code": codes[graph.EINTERNAL]})
	}
}

// extensionsOf is a coded error's code, field and details, as the GraphQL
// error presenter gives them.
func extensionsOf(err error) map[string]any {
	ext := map[string]any{"code": codes[graph.ErrorCode(err)]}
	var de *graph.Error
	if errors.As(err, &de) {
		if de.Field != "" {
			ext["field"] = de.Field
		}
		for k, v := range de.Extensions {
			ext[k] = v
		}
	}
	return ext
}

// requireWrite answers 401 (no credential) or 403 (a read-only one) in
// the one error shape, and reports whether the caller may write.
func requireWrite(w http.ResponseWriter, r *http.Request) bool {
	err := auth.RequireWrite(r.Context())
	if err == nil {
		return true
	}
	status := http.StatusUnauthorized
	if graph.ErrorCode(err) == graph.EFORBIDDEN {
		status = http.StatusForbidden
	} else {
		w.Header().Set("WWW-Authenticate", `Bearer realm="citynet"`)
	}
	importError(w, status, graph.ErrorMessage(err), map[string]any{"code": codes[graph.ErrorCode(err)]})
	return false
}

// importError answers a failed import in the shape of a GraphQL error
// response, {"errors": [{"message", "extensions": {"code", …}}]}, whatever
// the failure (credentials, content type, size, problems with the file,
// time, internal), so a client reads /import and /graphql alike.
func importError(w http.ResponseWriter, status int, message string, ext map[string]any) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{"message": message, "extensions": ext}}})
}

// refusedMessage says that a write was refused and how many problems it had.
func refusedMessage(dse *graph.DatasetError) string {
	return fmt.Sprintf("the write was refused: %d problem(s), nothing was written", dse.Count())
}

// problemExtensions are the extensions of a write refused for problems:
// the first graph.MaxProblems of them, and the count of all.
func problemExtensions(dse *graph.DatasetError) map[string]any {
	return map[string]any{"code": codes[graph.EINVALID], "problems": problemList(dse), "problemCount": dse.Count()}
}

// problemList lists a refused write's problems for a response: where
// (file, line, record, field; the input path for a mutation's argument)
// and what.
func problemList(de *graph.DatasetError) []map[string]any {
	out := make([]map[string]any, len(de.Problems))
	for i, p := range de.Problems {
		out[i] = map[string]any{"file": p.File, "record": p.Record, "field": p.Field, "message": p.Message}
		if p.Line > 0 {
			out[i]["line"] = p.Line
		}
		if p.Path != "" {
			out[i]["path"] = p.Path
		}
	}
	return out
}

// bodyReader counts the bytes of a body and keeps the first error reading
// it.
type bodyReader struct {
	r   io.Reader
	n   int64
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += int64(n)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
