package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"

	"citynet/auth"
	"citynet/graph"
)

// importHandler serves POST /import: a whole dataset file (JSON, the
// dataset format) or a membership list (CSV), validated as a whole and
// applied in one write, or with ?dry_run=true only counted. It needs a
// write credential; every accepted write is logged for audit.
func importHandler(store graph.Store, log *slog.Logger, maxBytes int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := auth.RequireWrite(r.Context()); err != nil {
			status := http.StatusUnauthorized
			if graph.ErrorCode(err) == graph.EFORBIDDEN {
				status = http.StatusForbidden
			} else {
				w.Header().Set("WWW-Authenticate", `Bearer realm="citynet"`)
			}
			writeJSON(w, status, map[string]any{"errors": []map[string]string{{"message": graph.ErrorMessage(err), "code": codes[graph.ErrorCode(err)]}}})
			return
		}
		dryRun, _ := strconv.ParseBool(r.URL.Query().Get("dry_run"))
		name := r.URL.Query().Get("name")
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if name == "" {
			name = map[string]string{"text/csv": "import.csv"}[mediaType]
			if name == "" {
				name = "import.json"
			}
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
		if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"errors": []map[string]string{{
				"message": "import is larger than " + strconv.FormatInt(mbe.Limit, 10) + " bytes", "code": codes[graph.EINVALID]}}})
			return
		} else if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"errors": []map[string]string{{"message": "could not read the body", "code": codes[graph.EINVALID]}}})
			return
		}
		format := map[string]graph.ImportFormat{"text/csv": graph.ImportCSV, "application/json": graph.ImportJSON, "": graph.ImportJSON}[mediaType]
		if format == "" {
			writeJSON(w, http.StatusUnsupportedMediaType, map[string]any{"errors": []map[string]string{{
				"message": "send application/json (the dataset format) or text/csv (a membership list)", "code": codes[graph.EINVALID]}}})
			return
		}
		caller, _ := auth.FromContext(r.Context())
		var sum graph.MergeSummary
		ds, err := store.Dataset(r.Context())
		var in *graph.Dataset
		if err == nil {
			in, err = graph.DecodeImport(name, format, body, ds)
		}
		if err == nil {
			var res *graph.ChangeResult
			ctx := withVia(r.Context(), fmt.Sprintf("POST /import %s (%d bytes)", name, len(body)))
			if res, err = store.Apply(ctx, &graph.Change{Put: in, By: caller.Name, DryRun: dryRun}); err == nil {
				sum = res.Summary
			}
		}
		var de *graph.DatasetError
		switch {
		case errors.As(err, &de):
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": problemsJSON(de)})
			return
		case graph.ErrorCode(err) == graph.EUNAVAILABLE:
			// A read-only store: nothing was written, try again later.
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"errors": []map[string]string{{"message": graph.ErrorMessage(err), "code": codes[graph.EUNAVAILABLE]}}})
			return
		case err != nil:
			log.ErrorContext(r.Context(), "import failed", "error", err)
			writeJSON(w, http.StatusInternalServerError, map[string]any{"errors": []map[string]string{{"message": "internal error", "code": codes[graph.EINTERNAL]}}})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"dryRun": dryRun, "summary": sum})
	})
}

func problemsJSON(de *graph.DatasetError) []map[string]string {
	out := problemList(de)
	for _, p := range out {
		p["code"] = codes[graph.EINVALID]
	}
	return out
}

// problemList lists a refused write's problems for a response: where
// (file, record, field; the input path for a mutation's argument) and what.
func problemList(de *graph.DatasetError) []map[string]string {
	out := make([]map[string]string, len(de.Problems))
	for i, p := range de.Problems {
		out[i] = map[string]string{"file": p.File, "record": p.Record, "field": p.Field, "message": p.Message}
		if p.Path != "" {
			out[i]["path"] = p.Path
		}
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
