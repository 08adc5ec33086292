package server

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"

	"citynet/auth"
	"citynet/documents"
	"citynet/graph"
)

// documentService is the document service over the store: documents and
// proposals kept by the backend (raw, which must implement
// graph.DocumentStore), graph writes through the wrapped store so they
// are audited and published like every write, read by the rules and the
// optional model (llm, nil: off). nil when the backend keeps no
// documents.
func documentService(raw, wrapped graph.Store, llm *documents.LLM, log *slog.Logger) *documents.Service {
	d, ok := raw.(graph.DocumentStore)
	if !ok {
		return nil
	}
	return &documents.Service{Store: wrapped, Docs: d, LLM: llm, Log: log}
}

// documentsHandler serves POST /documents: the page as the body
// (text/plain or text/html, metadata in the query: title, url, publisher,
// language, retrieved, published, dry_run) or a JSON object with the
// fields of addDocument's input. It answers the source, whether the text
// was there already, and the proposals.
func documentsHandler(svc *documents.Service, log *slog.Logger) http.Handler {
	// Errors in the one shape of /import and /graphql.
	fail := func(w http.ResponseWriter, status int, err error) {
		importError(w, status, graph.ErrorMessage(err), extensionsOf(err))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !requireWrite(w, r) {
			return
		}
		if svc == nil {
			fail(w, http.StatusNotImplemented, graph.Errorf(graph.ENOTIMPLEMENTED, "this store does not keep documents"))
			return
		}
		// A little over the largest document, so that JSON escaping of a
		// page at the limit still fits; the service checks the text itself.
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 2*graph.MaxDocumentBytes))
		if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
			fail(w, http.StatusRequestEntityTooLarge, graph.Invalid("content", "is larger than %d bytes", mbe.Limit))
			return
		} else if err != nil {
			fail(w, http.StatusBadRequest, graph.Invalid("content", "could not be read"))
			return
		}
		q := r.URL.Query()
		dryRun, _ := strconv.ParseBool(q.Get("dry_run"))
		in := documents.Input{Content: body, Title: q.Get("title"), URL: q.Get("url"), Publisher: q.Get("publisher"),
			Language: q.Get("language"), Retrieved: q.Get("retrieved"), Published: q.Get("published"), DryRun: dryRun}
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch mediaType {
		case "text/plain", "":
			in.Format = "text"
		case "text/html":
			in.Format = "html"
		case "application/json":
			var j struct {
				Content, Format, Title, URL, Publisher, Language, Retrieved, Published string
			}
			if err := json.Unmarshal(body, &j); err != nil {
				fail(w, http.StatusBadRequest, graph.Invalid("body", "is not a JSON object with content, format, title, url, publisher, language, retrieved, published"))
				return
			}
			in = documents.Input{Content: []byte(j.Content), Format: j.Format, Title: j.Title, URL: j.URL, Publisher: j.Publisher,
				Language: j.Language, Retrieved: j.Retrieved, Published: j.Published, DryRun: dryRun}
		default:
			fail(w, http.StatusUnsupportedMediaType, graph.Invalid("Content-Type", "send text/plain, text/html or application/json"))
			return
		}
		caller, _ := auth.FromContext(r.Context())
		a, err := svc.Add(withVia(r.Context(), "POST /documents"), in, caller.Name)
		var de *graph.DatasetError
		switch {
		case errors.As(err, &de):
			importError(w, http.StatusUnprocessableEntity, refusedMessage(de), problemExtensions(de))
			return
		case graph.ErrorCode(err) == graph.EUNAVAILABLE:
			fail(w, http.StatusServiceUnavailable, err)
			return
		case graph.ErrorCode(err) == graph.EINVALID:
			fail(w, http.StatusUnprocessableEntity, err)
			return
		case graph.ErrorCode(err) == graph.ECONFLICT:
			fail(w, http.StatusConflict, err)
			return
		case err != nil:
			log.ErrorContext(r.Context(), "adding a document failed", "error", err)
			fail(w, http.StatusInternalServerError, graph.Errorf(graph.EINTERNAL, "internal error"))
			return
		}
		status := http.StatusCreated
		if a.Existing || dryRun {
			status = http.StatusOK
		}
		props := make([]map[string]any, len(a.Proposals))
		for i, p := range a.Proposals {
			props[i] = map[string]any{"id": p.ID, "relation": p.Section, "status": p.Status, "confidence": p.Confidence,
				"summary": p.Summary, "quotes": p.Quotes, "entities": p.Entities, "records": p.Put}
		}
		writeJSON(w, status, map[string]any{"dryRun": dryRun, "existing": a.Existing, "source": a.Source.ID,
			"hash": a.Document.Hash, "language": a.Document.Language, "proposals": props})
	})
}
