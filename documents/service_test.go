package documents_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"citynet/documents"
	"citynet/graph"
	"citynet/graph/memory"
)

const bydgoszcz = "EUROCITIES\n\nBydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.\n\nW Polsce członkami stowarzyszenia są: Gdańsk, Poznań oraz Bydgoszcz.\n"

func newService(t *testing.T) (*documents.Service, *memory.Store) {
	t.Helper()
	ds := &graph.Dataset{
		Countries: []*graph.Country{{ID: "PL", Name: "Poland", LocalName: "Polska", AltNames: []string{"Polsce"}}},
		Cities:    []*graph.City{{ID: "bydgoszcz", Name: "Bydgoszcz", CountryID: "PL"}},
		Networks:  []*graph.Network{{ID: "eurocities", Name: "EUROCITIES", AltNames: []string{"Eurocities"}, Scope: graph.ScopeEuropean}},
	}
	s, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &documents.Service{Store: s, Docs: s}, s
}

func sourceCount(t *testing.T, s graph.Store) int {
	t.Helper()
	ds, err := s.Dataset(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ds.Sources)
}

func TestService_Add(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		svc, st := newService(t)
		a, err := svc.Add(ctx, documents.Input{Content: []byte(bydgoszcz), Title: "EUROCITIES", Publisher: "Urząd Miasta Bydgoszczy", Retrieved: "2026-12-05"}, "curator")
		if err != nil {
			t.Fatal(err)
		}
		if a.Source.Language != "pl" || a.Document.Hash != graph.ContentHash(bydgoszcz) || a.Existing {
			t.Errorf("got source %+v, document hash %s, existing %v", a.Source, a.Document.Hash, a.Existing)
		}
		if len(a.Proposals) != 3 {
			t.Errorf("proposals: got %d, want 3 (Bydgoszcz since 2005-11, Gdańsk, Poznań)", len(a.Proposals))
		}
		if got := sourceCount(t, st); got != 1 {
			t.Errorf("sources: got %d, want 1", got)
		}
		again, err := svc.Add(ctx, documents.Input{Content: []byte(bydgoszcz), Title: "Another title"}, "curator")
		if err != nil {
			t.Fatal(err)
		}
		if !again.Existing || again.Source.ID != a.Source.ID || len(again.Proposals) != 3 {
			t.Errorf("same content again: got existing=%v source %s, want the same source %s", again.Existing, again.Source.ID, a.Source.ID)
		}
		if got := sourceCount(t, st); got != 1 {
			t.Errorf("sources after the same content again: got %d, want 1", got)
		}
	})
	t.Run("HTML", func(t *testing.T) {
		svc, _ := newService(t)
		html := "<html><body><h1>EUROCITIES</h1><p>Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.</p></body></html>"
		a, err := svc.Add(ctx, documents.Input{Content: []byte(html), Format: "HTML"}, "curator")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(a.Document.Text, "<") || len(a.Proposals) != 1 || a.Source.Title != "EUROCITIES" {
			t.Errorf("got text %q, %d proposals, title %q", a.Document.Text, len(a.Proposals), a.Source.Title)
		}
	})
	for _, c := range []struct {
		name  string
		in    documents.Input
		field string
	}{
		{"ErrBinary", documents.Input{Content: []byte("\x00\x01\x02PK\x03\x04 binary zip file contents here")}, "content"},
		{"ErrEmpty", documents.Input{Content: []byte("  \n\n ")}, "content"},
		{"ErrTooLarge", documents.Input{Content: []byte(strings.Repeat("Kraków jest miastem. ", 50<<20/21))}, "content"},
		{"ErrUnknownLanguage", documents.Input{Content: []byte("La ville de Bydgoszcz est membre à part entière du réseau Eurocities depuis novembre 2005 et travaille avec les autres villes.")}, "language"},
		{"ErrLanguageGiven", documents.Input{Content: []byte(bydgoszcz), Language: "fr"}, "language"},
		{"ErrFormat", documents.Input{Content: []byte(bydgoszcz), Format: "pdf"}, "format"},
		{"ErrRetrieved", documents.Input{Content: []byte(bydgoszcz), Retrieved: "2026-13"}, "retrieved"},
	} {
		t.Run(c.name, func(t *testing.T) {
			svc, st := newService(t)
			_, err := svc.Add(ctx, c.in, "curator")
			var e *graph.Error
			if graph.ErrorCode(err) != graph.EINVALID || !asError(err, &e) || e.Field != c.field {
				t.Fatalf("got %v, want EINVALID on %s", err, c.field)
			}
			if n := sourceCount(t, st); n != 0 {
				t.Errorf("sources: got %d, want 0 (nothing written)", n)
			}
			if ps, _ := st.Proposals(ctx, graph.ProposalFilter{}); len(ps) != 0 {
				t.Errorf("proposals: got %d, want 0", len(ps))
			}
		})
	}
	t.Run("DryRun", func(t *testing.T) {
		svc, st := newService(t)
		a, err := svc.Add(ctx, documents.Input{Content: []byte(bydgoszcz), DryRun: true}, "curator")
		if err != nil || len(a.Proposals) != 3 {
			t.Fatalf("got %v, %v", a, err)
		}
		if n := sourceCount(t, st); n != 0 {
			t.Errorf("sources after a dry run: got %d, want 0", n)
		}
	})
}

func asError(err error, e **graph.Error) bool {
	x, ok := err.(*graph.Error)
	*e = x
	return ok
}

func TestService_Review(t *testing.T) {
	ctx := context.Background()
	svc, st := newService(t)
	a, err := svc.Add(ctx, documents.Input{Content: []byte(bydgoszcz), Title: "EUROCITIES"}, "curator")
	if err != nil {
		t.Fatal(err)
	}
	byCity := map[string]*graph.Proposal{}
	for _, p := range a.Proposals {
		byCity[p.Put.Memberships[len(p.Put.Memberships)-1].CityID] = p
	}
	t.Run("AcceptDryRun", func(t *testing.T) {
		p, res, err := svc.Accept(ctx, byCity["bydgoszcz"].ID, "curator", true)
		if err != nil || p.Status != graph.ProposalPending || res.Summary["memberships"].Created != 1 {
			t.Fatalf("got %+v, %+v, %v", p, res, err)
		}
		ms, _ := st.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"bydgoszcz"}})
		if len(ms) != 0 {
			t.Errorf("memberships after a dry run: got %d, want 0", len(ms))
		}
	})
	t.Run("Accept", func(t *testing.T) {
		p, _, err := svc.Accept(ctx, byCity["bydgoszcz"].ID, "curator", false)
		if err != nil || p.Status != graph.ProposalAccepted || p.DecidedBy != "curator" {
			t.Fatalf("got %+v, %v", p, err)
		}
		ms, _ := st.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"bydgoszcz"}})
		if len(ms) != 1 || ms[0].Since != "2005-11" || ms[0].Status != graph.StatusFullMember || len(ms[0].Sources) == 0 ||
			ms[0].Sources[0].SourceID != a.Source.ID || !strings.Contains(bydgoszcz, ms[0].Sources[0].Quote) {
			t.Errorf("membership: got %+v", ms)
		}
		_, _, err = svc.Accept(ctx, p.ID, "curator", false)
		if graph.ErrorCode(err) != graph.ECONFLICT {
			t.Errorf("accepting twice: got %v, want CONFLICT", err)
		}
	})
	t.Run("ErrAcceptInvalid", func(t *testing.T) {
		// Gdańsk is a new city with its country from "W Polsce"; a
		// proposal whose records are invalid is refused whole.
		p := byCity["gdansk"]
		bad := &graph.Dataset{Cities: []*graph.City{{ID: "gdansk", Name: "Gdańsk"}}, Memberships: p.Put.Memberships}
		_, err := svc.Edit(ctx, p.ID, bad, "curator")
		if de := (*graph.DatasetError)(nil); !errors.As(err, &de) {
			t.Errorf("edit without a country: got %v, want BAD_USER_INPUT", err)
		}
	})
	t.Run("EditThenAccept", func(t *testing.T) {
		p := byCity["gdansk"]
		put := &graph.Dataset{Cities: p.Put.Cities, Memberships: []*graph.Membership{{CityID: "gdansk", NetworkID: "eurocities", Status: graph.StatusMember, Phase: "edited",
			Sources: p.Put.Memberships[0].Sources}}}
		if _, err := svc.Edit(ctx, p.ID, put, "curator"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Accept(ctx, p.ID, "curator", false); err != nil {
			t.Fatal(err)
		}
		ms, _ := st.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"gdansk"}})
		if len(ms) != 1 || ms[0].Phase != "edited" {
			t.Errorf("got %+v, want the edited membership", ms)
		}
		bad := &graph.Dataset{Memberships: []*graph.Membership{{CityID: "gdansk", NetworkID: "eurocities", Status: graph.StatusMember,
			Sources: []graph.Citation{{SourceID: a.Source.ID, Quote: "words the page does not have"}}}}}
		if _, err := svc.Edit(ctx, byCity["poznan"].ID, bad, "curator"); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("edit quoting what the page does not say: got %v, want BAD_USER_INPUT", err)
		}
	})
	t.Run("RejectRemembered", func(t *testing.T) {
		p, err := svc.Reject(ctx, byCity["poznan"].ID, "curator")
		if err != nil || p.Status != graph.ProposalRejected {
			t.Fatalf("got %+v, %v", p, err)
		}
		ps, err := svc.Reread(ctx, a.Source.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range ps {
			if q.Status == graph.ProposalPending && strings.Contains(q.Summary, "Poznań") {
				t.Errorf("re-read proposed the rejected fact again: %+v", q)
			}
		}
		var statuses []string
		for _, q := range ps {
			statuses = append(statuses, string(q.Status))
		}
		slices.Sort(statuses)
		if strings.Join(statuses, " ") != "ACCEPTED ACCEPTED REJECTED" {
			t.Errorf("after a re-read: got %v, want the two accepted and the rejected, nothing new", statuses)
		}
	})
}

// TestService_Accept_DatesUndated: a dated membership proposed where the
// graph has the same membership without a date dates that record rather
// than adding a second one beside it.
func TestService_Accept_DatesUndated(t *testing.T) {
	ctx := context.Background()
	svc, st := newService(t)
	if _, err := st.Apply(ctx, &graph.Change{Put: &graph.Dataset{
		Sources:     []*graph.Source{{ID: "old", Title: "Old", Language: "pl"}},
		Memberships: []*graph.Membership{{CityID: "bydgoszcz", NetworkID: "eurocities", Status: graph.StatusMember, Sources: []graph.Citation{{SourceID: "old", Quote: "Bydgoszcz"}}}}}}); err != nil {
		t.Fatal(err)
	}
	a, err := svc.Add(ctx, documents.Input{Content: []byte("Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.\n")}, "curator")
	if err != nil || len(a.Proposals) != 1 {
		t.Fatalf("got %v, %v", a, err)
	}
	if _, _, err := svc.Accept(ctx, a.Proposals[0].ID, "curator", false); err != nil {
		t.Fatal(err)
	}
	ms, _ := st.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"bydgoszcz"}})
	if len(ms) != 1 || ms[0].Since != "2005-11" || ms[0].Status != graph.StatusFullMember || len(ms[0].Sources) != 2 {
		t.Errorf("got %+v, want one membership since 2005-11, FULL_MEMBER, citing both sources", ms)
	}
}

// TestService_Add_SourceDeleted: a page whose source was deleted since it
// was added is added again under the same source, its rejected facts
// still not proposed.
func TestService_Add_SourceDeleted(t *testing.T) {
	ctx := context.Background()
	svc, st := newService(t)
	a, err := svc.Add(ctx, documents.Input{Content: []byte(bydgoszcz), Title: "EUROCITIES"}, "curator")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Reject(ctx, a.Proposals[0].ID, "curator"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Apply(ctx, &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeSource, a.Source.ID)}}); err != nil {
		t.Fatal(err)
	}
	again, err := svc.Add(ctx, documents.Input{Content: []byte(bydgoszcz), Title: "EUROCITIES"}, "curator")
	if err != nil {
		t.Fatal(err)
	}
	if again.Existing || again.Source.ID != a.Source.ID || len(again.Proposals) != 2 {
		t.Errorf("got existing=%v source %s, %d proposals; want the source %s added again with 2 proposals (one was rejected)",
			again.Existing, again.Source.ID, len(again.Proposals), a.Source.ID)
	}
	if n := sourceCount(t, st); n != 1 {
		t.Errorf("sources: got %d, want 1", n)
	}
}
