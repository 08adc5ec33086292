package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"citynet/documents"
	"citynet/graph"
)

const alphaPage = "Northern League\n\nAlphaville jest pełnym członkiem stowarzyszenia Northern League od listopada 2005 r.\n"

const addDocument = `mutation($in: DocumentInput!, $dry: Boolean) {
  addDocument(input: $in, dryRun: $dry) { dryRun existing document { sourceId hash language text source { id title } }
    proposals { id relation status confidence summary quotes { text start end } entities { role id match isNew } records } } }`

func (s *importServer) postDocument(tb testing.TB, key, contentType, query, body string) (int, map[string]any) {
	tb.Helper()
	resp := s.send(tb, key, "/documents", contentType, query, body)
	var a map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		tb.Fatalf("status %d: body is not JSON: %v", resp.StatusCode, err)
	}
	return resp.StatusCode, a
}

func TestDocuments_GraphQL(t *testing.T) {
	s := MustImportServer(t, 1<<20)
	ctx := context.Background()
	in := map[string]any{"content": alphaPage, "title": "Northern League", "retrieved": "2026-12-05"}
	t.Run("ErrCredentials", func(t *testing.T) {
		for key, want := range map[string]string{"": "UNAUTHENTICATED", s.read: "FORBIDDEN"} {
			if code, _ := errorCode(t, s.gql(t, key, addDocument, map[string]any{"in": in})); code != want {
				t.Errorf("key %q: got %s, want %s", key, code, want)
			}
		}
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		for _, c := range []struct {
			in    map[string]any
			field string
		}{
			{map[string]any{"content": "   "}, "content"},
			{map[string]any{"content": "La ville Alpha est membre de la Northern League depuis 2005 et travaille avec les autres villes de la région."}, "language"},
			{map[string]any{"content": alphaPage, "language": "fr"}, "language"},
		} {
			code, field := errorCode(t, s.gql(t, s.write, addDocument, map[string]any{"in": c.in}))
			if code != "BAD_USER_INPUT" || field != c.field {
				t.Errorf("%v: got %s on %q, want BAD_USER_INPUT on %q", c.in, code, field, c.field)
			}
		}
		if ps, _ := s.store.Proposals(ctx, graph.ProposalFilter{}); len(ps) != 0 {
			t.Errorf("proposals after refused input: got %d, want 0", len(ps))
		}
	})
	var source, id string
	t.Run("Add", func(t *testing.T) {
		a := s.gql(t, s.write, addDocument, map[string]any{"in": in})
		if len(a.Errors) > 0 {
			t.Fatal(a.Errors)
		}
		props, _ := dig(a.Data, "addDocument", "proposals").([]any)
		if len(props) != 1 {
			t.Fatalf("proposals: got %v, want one", props)
		}
		p := props[0].(map[string]any)
		id, _ = p["id"].(string)
		source, _ = dig(a.Data, "addDocument", "document", "sourceId").(string)
		if p["summary"] != "Alphaville is a member of Northern League since 2005-11" || p["relation"] != "memberships" {
			t.Errorf("proposal: got %v", p)
		}
		ents := p["entities"].([]any)
		if dig(ents[0], "id") != "alpha" || dig(ents[0], "match") != "EXACT" || dig(ents[1], "id") != "n1" {
			t.Errorf("entities: got %v, want alpha and n1 resolved", ents)
		}
		q := p["quotes"].([]any)[0].(map[string]any)
		text := dig(a.Data, "addDocument", "document", "text").(string)
		start, end := int(q["start"].(float64)), int(q["end"].(float64))
		if text[start:end] != q["text"] {
			t.Errorf("quote %v is not text[%d:%d]", q, start, end)
		}
		if dig(a.Data, "addDocument", "document", "source", "title") != "Northern League" {
			t.Errorf("source: got %v", dig(a.Data, "addDocument", "document", "source"))
		}
		again := s.gql(t, s.write, addDocument, map[string]any{"in": in})
		if dig(again.Data, "addDocument", "existing") != true || dig(again.Data, "addDocument", "document", "sourceId") != source {
			t.Errorf("the same text again: got %v, want existing, source %s", again.Data, source)
		}
	})
	t.Run("Proposals", func(t *testing.T) {
		a := s.gql(t, s.read, `query($s: ID!) { proposals(source: $s, status: PENDING) { id source { id } } document(source: $s) { hash } }`, map[string]any{"s": source})
		if ps, _ := dig(a.Data, "proposals").([]any); len(ps) != 1 || dig(ps[0], "id") != id {
			t.Errorf("proposals: got %v, want [%s]", ps, id)
		}
		if dig(a.Data, "document", "hash") != graph.ContentHash(alphaPage) {
			t.Errorf("document hash: got %v", dig(a.Data, "document"))
		}
	})
	t.Run("Accept", func(t *testing.T) {
		const accept = `mutation($id: ID!, $dry: Boolean) { acceptProposal(id: $id, dryRun: $dry) { dryRun proposal { status decidedBy } changes { section key change } } }`
		a := s.gql(t, s.write, accept, map[string]any{"id": id, "dry": true})
		if dig(a.Data, "acceptProposal", "proposal", "status") != "PENDING" {
			t.Errorf("dry run: got %v", a)
		}
		ms, _ := s.store.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"alpha"}, NetworkIDs: []string{"n1"}})
		if len(ms) != 1 {
			t.Fatalf("memberships of alpha in n1 before accepting: got %d, want the synthetic one", len(ms))
		}
		a = s.gql(t, s.write, accept, map[string]any{"id": id})
		if dig(a.Data, "acceptProposal", "proposal", "status") != "ACCEPTED" || dig(a.Data, "acceptProposal", "proposal", "decidedBy") != "curator" {
			t.Fatalf("accept: got %+v", a)
		}
		ms, _ = s.store.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"alpha"}, NetworkIDs: []string{"n1"}})
		var found *graph.Membership
		for _, m := range ms {
			if m.Since == "2005-11" {
				found = m
			}
		}
		if found == nil || found.Status != graph.StatusFullMember || found.Sources[0].SourceID != source || found.UpdatedBy() == nil {
			t.Fatalf("membership since 2005-11: got %+v", ms)
		}
		if !strings.Contains(s.log.String(), "audit: write applied") || !strings.Contains(s.log.String(), "mutation acceptProposal") {
			t.Errorf("audit log: got %s, want the accepted write", s.log.String())
		}
		code, _ := errorCode(t, s.gql(t, s.write, `mutation($id: ID!) { rejectProposal(id: $id) { status } }`, map[string]any{"id": id}))
		if code != "CONFLICT" {
			t.Errorf("rejecting an accepted proposal: got %s, want CONFLICT", code)
		}
	})
}

func TestDocuments_Post(t *testing.T) {
	s := MustImportServer(t, 1<<20)
	t.Run("OK", func(t *testing.T) {
		status, a := s.postDocument(t, s.write, "text/plain; charset=utf-8", "?title=Northern+League&language=pl", alphaPage)
		if status != http.StatusCreated || a["existing"] != false || len(a["proposals"].([]any)) != 1 {
			t.Fatalf("got %d %v", status, a)
		}
		status, again := s.postDocument(t, s.write, "text/plain", "", alphaPage)
		if status != http.StatusOK || again["existing"] != true || again["source"] != a["source"] {
			t.Errorf("same text again: got %d %v, want 200, existing, source %v", status, again, a["source"])
		}
	})
	t.Run("HTML", func(t *testing.T) {
		status, a := s.postDocument(t, s.write, "text/html", "", "<h1>Northern League</h1><p>Bravograd jest członkiem stowarzyszenia Northern League od 1990 r.</p>")
		if status != http.StatusCreated || len(a["proposals"].([]any)) != 1 {
			t.Fatalf("got %d %v", status, a)
		}
	})
	for _, c := range []struct {
		name, ct, body string
		status         int
		field          string
	}{
		{"ErrBinary", "text/plain", "\x00\x01PK\x03\x04 some zipped bytes follow here", http.StatusUnprocessableEntity, "content"},
		{"ErrEmpty", "text/plain", "", http.StatusUnprocessableEntity, "content"},
		{"ErrTooLarge", "text/plain", strings.Repeat("Alpha jest miastem. ", 50<<20/20), http.StatusRequestEntityTooLarge, "content"},
		{"ErrMediaType", "application/pdf", alphaPage, http.StatusUnsupportedMediaType, "Content-Type"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, _ := s.store.Dataset(context.Background())
			status, a := s.postDocument(t, s.write, c.ct, "", c.body)
			errs, _ := a["errors"].([]any)
			if status != c.status || len(errs) != 1 || dig(errs[0], "extensions", "code") != "BAD_USER_INPUT" || dig(errs[0], "extensions", "field") != c.field {
				t.Errorf("got %d %v, want %d BAD_USER_INPUT on %s", status, a, c.status, c.field)
			}
			after, _ := s.store.Dataset(context.Background())
			if len(after.Sources) != len(before.Sources) {
				t.Errorf("sources: got %d, want %d (nothing written)", len(after.Sources), len(before.Sources))
			}
		})
	}
	t.Run("ErrCredentials", func(t *testing.T) {
		if status, _ := s.postDocument(t, s.read, "text/plain", "", alphaPage); status != http.StatusForbidden {
			t.Errorf("read key: got %d, want 403", status)
		}
	})
}

// TestDocuments_EditReread: editProposal takes records that refer to the
// graph (they are checked against it, not alone), and rereadDocument does
// not propose a rejected fact again.
func TestDocuments_EditReread(t *testing.T) {
	s := MustImportServer(t, 1<<20)
	page := alphaPage + "\nBravograd jest członkiem stowarzyszenia Northern League od 1990 r.\n"
	a := s.gql(t, s.write, addDocument, map[string]any{"in": map[string]any{"content": page}})
	props, _ := dig(a.Data, "addDocument", "proposals").([]any)
	if len(props) != 2 {
		t.Fatalf("proposals: got %v, want two", a)
	}
	source, _ := dig(a.Data, "addDocument", "document", "sourceId").(string)
	first := props[0].(map[string]any)
	records := strings.Replace(first["records"].(string), `"FULL_MEMBER"`, `"OBSERVER"`, 1)
	e := s.gql(t, s.write, `mutation($id: ID!, $r: String!) { editProposal(id: $id, records: $r) { status records } }`,
		map[string]any{"id": first["id"], "r": records})
	if len(e.Errors) > 0 || !strings.Contains(dig(e.Data, "editProposal", "records").(string), `"OBSERVER"`) {
		t.Fatalf("edit: got %+v", e)
	}
	code, _ := errorCode(t, s.gql(t, s.write, `mutation($id: ID!, $r: String!) { editProposal(id: $id, records: $r) { status } }`,
		map[string]any{"id": first["id"], "r": strings.Replace(records, "Alphaville jest", "Somebody else is", 1)}))
	if code != "BAD_USER_INPUT" {
		t.Errorf("an edit quoting what the page does not say: got %s, want BAD_USER_INPUT", code)
	}
	second := props[1].(map[string]any)
	if r := s.gql(t, s.write, `mutation($id: ID!) { rejectProposal(id: $id) { status } }`, map[string]any{"id": second["id"]}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	rr := s.gql(t, s.write, `mutation($s: ID!) { rereadDocument(source: $s) { id status } }`, map[string]any{"s": source})
	got, _ := dig(rr.Data, "rereadDocument").([]any)
	statuses := map[string]string{}
	for _, p := range got {
		statuses[dig(p, "id").(string)] = dig(p, "status").(string)
	}
	if len(got) != 2 || statuses[second["id"].(string)] != "REJECTED" || statuses[first["id"].(string)] != "PENDING" {
		t.Errorf("after a re-read: got %v, want the rejected one kept and the pending one proposed again", got)
	}
}

// TestDocuments_ModelReader: with a model configured, POST /documents
// proposes the rules' memberships and the model's that pass the quote
// checks; a model that fails leaves the rules' proposals, and the warning
// it logs holds no key.
func TestDocuments_ModelReader(t *testing.T) {
	const page = "Northern League\n\nAlphaville jest pełnym członkiem stowarzyszenia Northern League od listopada 2005 r.\n\nRazem z Bravogradem w Northern League działa od 2010 r. wspólny zespół.\n"
	fail := false
	model := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail {
			http.Error(w, "overloaded", http.StatusServiceUnavailable)
			return
		}
		content, _ := json.Marshal(map[string]any{"memberships": []map[string]string{
			{"city": "Bravograd", "network": "Northern League", "since": "od 2010 r.", "quote": "Razem z Bravogradem w Northern League działa od 2010 r. wspólny zespół."},
			{"city": "Charlieburg", "network": "Northern League", "quote": "Charlieburg należy do Northern League."}, // not the page's text
		}})
		_ = json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]string{"content": string(content)}}}})
	}))
	t.Cleanup(model.Close)
	s := MustImportServer(t, 1<<20, func(o *Options) {
		o.LLM = &documents.LLM{URL: model.URL + "/v1", Model: "test", Key: "sk-model-key-0123456789", Timeout: 5 * time.Second}
	})
	summaries := func(a map[string]any) []string {
		var out []string
		for _, p := range a["proposals"].([]any) {
			out = append(out, p.(map[string]any)["summary"].(string))
		}
		slices.Sort(out)
		return out
	}
	status, a := s.postDocument(t, s.write, "text/plain", "?title=Northern+League&language=pl&dry_run=true", page)
	want := []string{"Alphaville is a member of Northern League since 2005-11", "Bravograd is a member of Northern League since 2010"}
	if got := summaries(a); status != http.StatusOK || strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("got %d %v, want %v", status, got, want)
	}
	fail = true
	status, a = s.postDocument(t, s.write, "text/plain", "?title=Northern+League&language=pl&dry_run=true", page)
	if got := summaries(a); status != http.StatusOK || strings.Join(got, "; ") != want[0] {
		t.Fatalf("model failing: got %d %v, want the rules' %v", status, got, want[:1])
	}
	if l := s.log.String(); !strings.Contains(l, "model reader failed") || strings.Contains(l, "sk-model-key") {
		t.Errorf("log: want the failure, never the key:\n%s", l)
	}
}
