package documents

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"citynet/graph"
)

// Service adds documents and takes proposals through review. Writes to
// the graph go through Store.Apply, the one all-or-nothing write path
// (with its audit and change feed when the server wraps the store);
// documents and proposals are kept by Docs.
type Service struct {
	Store graph.Store
	Docs  graph.DocumentStore
	Now   func() time.Time
	// LLM is the optional model-backed reader (nil: the rules alone).
	LLM *LLM
	// Log is where a failed model reading is reported (nil: slog's
	// default); the rules' proposals stand without it.
	Log *slog.Logger
}

// extract reads a document: the rules, and the model when one is
// configured. A model that fails costs its memberships, never the
// document: the failure is logged and the rules' proposals returned.
func (s *Service) extract(ctx context.Context, ds *graph.Dataset, doc *graph.Document, meta Meta, skip map[string]bool) []*graph.Proposal {
	props, dropped, err := ExtractWith(ctx, s.LLM, ds, doc, meta, skip)
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	if err != nil {
		log.Warn("model reader failed; the rules' proposals stand", "source", meta.SourceID, "err", err)
	}
	if dropped > 0 {
		log.Info("model memberships left out by the checks", "source", meta.SourceID, "dropped", dropped)
	}
	return props
}

// Input is a document as sent: its bytes and what the sender says of it.
type Input struct {
	Content   []byte
	Format    string // "text" (default) or "html"
	Title     string
	URL       string
	Publisher string
	Language  string // BCP 47; empty: detected
	Retrieved string // date the page was fetched (ISO 8601, any precision)
	Published string
	DryRun    bool // read and propose, write nothing
}

// Added is what adding a document did.
type Added struct {
	Source    *graph.Source
	Document  *graph.Document
	Proposals []*graph.Proposal
	// Existing is true when the same text was added before: its source
	// and proposals are returned and nothing is written.
	Existing bool
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Add checks, stores and reads a document. Bad input (binary, empty, too
// large, a language no extractor reads, a bad date) is an EINVALID error
// naming the field, and nothing is written.
func (s *Service) Add(ctx context.Context, in Input, by string) (*Added, error) {
	if err := graph.CheckDocumentText("content", in.Content); err != nil {
		return nil, err
	}
	text := string(in.Content)
	switch strings.ToLower(in.Format) {
	case "", "text", "txt", "text/plain":
		in.Format = "text"
	case "html", "text/html":
		t, err := HTMLText(in.Content)
		if err != nil {
			return nil, graph.Invalid("content", "is not HTML: %v", err)
		}
		if err := graph.CheckDocumentText("content", []byte(t)); err != nil {
			return nil, graph.Invalid("content", "has no text once its markup is removed")
		}
		text, in.Format = t, "html"
	default:
		return nil, graph.Invalid("format", "is %q; send TEXT or HTML", in.Format)
	}
	lang, err := CheckLanguage(in.Language, text)
	if err != nil {
		return nil, err
	}
	retrieved, err := graph.ParseDate(in.Retrieved)
	if err != nil {
		return nil, graph.Invalid("retrieved", "%v", err)
	}
	published, err := graph.ParseDate(in.Published)
	if err != nil {
		return nil, graph.Invalid("published", "%v", err)
	}
	hash := graph.ContentHash(text)
	sourceID := ""
	if old, err := s.Docs.DocumentByHash(ctx, hash); err != nil {
		return nil, err
	} else if old != nil {
		src, err := s.Store.Source(ctx, old.SourceID)
		switch {
		case graph.ErrorCode(err) == graph.ENOTFOUND:
			// The source was deleted since: add it again under its id,
			// its decided proposals still remembered.
			sourceID = old.SourceID
		case err != nil:
			return nil, err
		default:
			ps, err := s.Docs.Proposals(ctx, graph.ProposalFilter{SourceID: old.SourceID})
			if err != nil {
				return nil, err
			}
			return &Added{Source: src, Document: old, Proposals: ps, Existing: true}, nil
		}
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = firstLine(text)
	}
	slug := graph.Slug(title)
	if len(slug) > 48 {
		slug = strings.Trim(slug[:48], "-")
	}
	if slug == "" {
		slug = "document"
	}
	if sourceID == "" {
		sourceID = slug + "-" + hash[:8]
	}
	src := &graph.Source{ID: sourceID, Title: title, Publisher: strings.TrimSpace(in.Publisher),
		Language: lang, URL: strings.TrimSpace(in.URL), Published: published}
	doc := &graph.Document{SourceID: src.ID, Hash: hash, Text: text, Format: in.Format, Language: lang,
		Retrieved: retrieved, AddedAt: s.now(), AddedBy: by}
	ds, err := s.Store.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	skip, err := s.decided(ctx, src.ID)
	if err != nil {
		return nil, err
	}
	props := s.extract(ctx, ds, doc, Meta{SourceID: src.ID, Title: src.Title, Publisher: src.Publisher, Language: lang}, skip)
	put := &graph.Dataset{Sources: []*graph.Source{src}}
	if _, err := s.Store.Apply(ctx, &graph.Change{Put: put, Create: true, By: by, DryRun: true}); err != nil {
		return nil, err
	}
	if in.DryRun {
		return &Added{Source: src, Document: doc, Proposals: props}, nil
	}
	if _, err := s.Store.Apply(ctx, &graph.Change{Put: put, Create: true, By: by}); err != nil {
		return nil, err
	}
	if err := s.Docs.PutDocument(ctx, doc, props); err != nil {
		// The source alone is no use: take it back, so a failed add
		// leaves nothing behind.
		if _, derr := s.Store.Apply(context.WithoutCancel(ctx), &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeSource, src.ID)}, By: by}); derr != nil {
			return nil, derr
		}
		return nil, err
	}
	return &Added{Source: src, Document: doc, Proposals: props}, nil
}

func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if utf8.RuneCountInString(l) >= 3 {
			if r := []rune(l); len(r) > 120 {
				l = string(r[:120])
			}
			return l
		}
	}
	return "Document"
}

// Reread reads a stored document again against the graph as it is now:
// pending proposals are replaced, decided ones stay, and facts rejected
// before are not proposed again.
func (s *Service) Reread(ctx context.Context, sourceID string) ([]*graph.Proposal, error) {
	doc, err := s.Docs.Document(ctx, sourceID)
	if err != nil {
		return nil, err
	}
	src, err := s.Store.Source(ctx, sourceID)
	if err != nil {
		return nil, err
	}
	skip, err := s.decided(ctx, sourceID)
	if err != nil {
		return nil, err
	}
	ds, err := s.Store.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	props := s.extract(ctx, ds, doc, Meta{SourceID: src.ID, Title: src.Title, Publisher: src.Publisher, Language: doc.Language}, skip)
	if err := s.Docs.PutDocument(ctx, doc, props); err != nil {
		return nil, err
	}
	return s.Docs.Proposals(ctx, graph.ProposalFilter{SourceID: sourceID})
}

// decided returns the fingerprints of a source's accepted and rejected
// proposals: facts not to propose again.
func (s *Service) decided(ctx context.Context, sourceID string) (map[string]bool, error) {
	ps, err := s.Docs.Proposals(ctx, graph.ProposalFilter{SourceID: sourceID})
	if err != nil {
		return nil, err
	}
	skip := map[string]bool{}
	for _, p := range ps {
		if p.Status != graph.ProposalPending {
			skip[p.Fingerprint] = true
		}
	}
	return skip, nil
}

// pending returns a proposal that can still be decided.
func (s *Service) pending(ctx context.Context, id string) (*graph.Proposal, error) {
	p, err := s.Docs.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != graph.ProposalPending {
		return nil, graph.Errorf(graph.ECONFLICT, "proposal %s is already %s", id, strings.ToLower(string(p.Status)))
	}
	return p, nil
}

// Accept writes a proposal's records through Store.Apply, all or nothing,
// citing the document and quotes. A record already in the graph keeps its
// fields and citations and gains the new ones. With dryRun nothing is
// written and the proposal stays pending.
func (s *Service) Accept(ctx context.Context, id, by string, dryRun bool) (*graph.Proposal, *graph.ChangeResult, error) {
	p, err := s.pending(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	doc, err := s.Docs.Document(ctx, p.SourceID)
	if err != nil {
		return nil, nil, err
	}
	if err := p.CheckQuotes(doc); err != nil {
		return nil, nil, err
	}
	ds, err := s.Store.Dataset(ctx)
	if err != nil {
		return nil, nil, err
	}
	put := mergeExisting(ds, p.Put)
	put, dated := dateUndated(ds, put)
	res, err := s.Store.Apply(ctx, &graph.Change{Put: put, Delete: dated, By: by, DryRun: dryRun})
	if err != nil || dryRun {
		return p, res, err
	}
	q := *p
	q.Status, q.DecidedAt, q.DecidedBy = graph.ProposalAccepted, s.now(), by
	if err := s.Docs.SaveProposal(ctx, &q); err != nil {
		return nil, nil, err
	}
	return &q, res, nil
}

// Reject marks a proposal rejected: it is kept, so reading the document
// again does not propose the fact again.
func (s *Service) Reject(ctx context.Context, id, by string) (*graph.Proposal, error) {
	p, err := s.pending(ctx, id)
	if err != nil {
		return nil, err
	}
	q := *p
	q.Status, q.DecidedAt, q.DecidedBy = graph.ProposalRejected, s.now(), by
	if err := s.Docs.SaveProposal(ctx, &q); err != nil {
		return nil, err
	}
	return &q, nil
}

// Edit replaces what a pending proposal would write (records in the
// dataset format: a corrected date, a country for a new city, another
// id). Every citation of the document must still quote it verbatim, and
// the records must make a valid change of the current graph.
func (s *Service) Edit(ctx context.Context, id string, put *graph.Dataset, by string) (*graph.Proposal, error) {
	p, err := s.pending(ctx, id)
	if err != nil {
		return nil, err
	}
	doc, err := s.Docs.Document(ctx, p.SourceID)
	if err != nil {
		return nil, err
	}
	if put == nil || len(put.Sources) > 0 {
		return nil, graph.Invalid("records", "give the records to write, without sources: the document is the source")
	}
	for _, cites := range put.Citations() {
		for i, c := range cites {
			if c.SourceID == p.SourceID && !strings.Contains(doc.Text, c.Quote) {
				return nil, graph.Invalid("records", "citation %d quotes %q, which is not in the document", i, c.Quote)
			}
		}
	}
	ds, err := s.Store.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.Store.Apply(ctx, &graph.Change{Put: mergeExisting(ds, put), By: by, DryRun: true}); err != nil {
		return nil, err
	}
	q := *p
	q.Put = put
	if err := s.Docs.SaveProposal(ctx, &q); err != nil {
		return nil, err
	}
	return &q, nil
}

// mergeExisting returns put with every record that is already in the
// graph (same key) replaced by the graph's record plus put's citations
// and the fields the graph's record leaves empty: accepting a proposal
// adds to a fact, it never drops what curators wrote before.
func mergeExisting(ds *graph.Dataset, put *graph.Dataset) *graph.Dataset {
	out := &graph.Dataset{}
	add := func(rec any) {
		old := ds.Find(graph.RefOf(rec))
		if old == nil {
			out.Add(rec)
			return
		}
		out.Add(mergeRecord(old, rec))
	}
	for _, x := range put.Countries {
		add(x)
	}
	for _, x := range put.Cities {
		add(x)
	}
	for _, x := range put.Networks {
		add(x)
	}
	for _, x := range put.Institutions {
		add(x)
	}
	for _, x := range put.People {
		add(x)
	}
	for _, x := range put.Memberships {
		add(x)
	}
	for _, x := range put.Foundings {
		add(x)
	}
	for _, x := range put.Offices {
		add(x)
	}
	for _, x := range put.Events {
		add(x)
	}
	for _, x := range put.Partnerships {
		add(x)
	}
	for _, x := range put.Claims {
		add(x)
	}
	return out
}

// dateUndated turns a proposed dated membership whose city and network
// the graph has only without a date into that membership, dated: the
// undated record (its fields and citations kept) is replaced in the same
// write, rather than left beside a second record of the same membership.
func dateUndated(ds *graph.Dataset, put *graph.Dataset) (*graph.Dataset, []graph.Ref) {
	var dels []graph.Ref
	cloned := false
	for i, m := range put.Memberships {
		if m.Since == "" || ds.Find(graph.RefOf(m)) != nil {
			continue
		}
		old, ok := ds.Find(graph.MembershipRef(m.CityID, m.NetworkID, "")).(*graph.Membership)
		if !ok {
			continue
		}
		x := *old
		x.Since = m.Since
		x.Until = cmpOr(x.Until, m.Until)
		if x.Status == graph.StatusMember {
			x.Status = m.Status
		}
		x.Sources = unionCites(old.Sources, m.Sources)
		if !cloned {
			put, cloned = shallow(put), true
		}
		put.Memberships[i] = &x
		dels = append(dels, graph.RefOf(old))
	}
	return put, dels
}

func shallow(ds *graph.Dataset) *graph.Dataset {
	out := *ds
	out.Memberships = slices.Clone(ds.Memberships)
	return &out
}

func unionCites(a, b []graph.Citation) []graph.Citation {
	out := slices.Clone(a)
	for _, c := range b {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// mergeRecord keeps old's facts, adding new's citations and filling
// old's empty fields from new.
func mergeRecord(old, new any) any {
	switch o := old.(type) {
	case *graph.City:
		x := *o
		x.Sources = unionCites(o.Sources, new.(*graph.City).Sources)
		return &x
	case *graph.Network:
		n := new.(*graph.Network)
		x := *o
		x.Sources = unionCites(o.Sources, n.Sources)
		x.SeatID = cmpOr(x.SeatID, n.SeatID) // a proposed seat fills an empty one
		return &x
	case *graph.Person:
		x := *o
		x.Sources = unionCites(o.Sources, new.(*graph.Person).Sources)
		return &x
	case *graph.Institution:
		x := *o
		x.Sources = unionCites(o.Sources, new.(*graph.Institution).Sources)
		return &x
	case *graph.Country:
		x := *o
		x.Sources = unionCites(o.Sources, new.(*graph.Country).Sources)
		return &x
	case *graph.Membership:
		n := new.(*graph.Membership)
		x := *o
		x.Sources = unionCites(o.Sources, n.Sources)
		x.Until = cmpOr(x.Until, n.Until)
		x.Phase = cmpOr(x.Phase, n.Phase)
		if x.Status == graph.StatusMember {
			x.Status = n.Status
		}
		return &x
	case *graph.Founding:
		n := new.(*graph.Founding)
		x := *o
		x.Sources = unionCites(o.Sources, n.Sources)
		x.Date = cmpOr(x.Date, n.Date)
		return &x
	case *graph.Office:
		x := *o
		x.Sources = unionCites(o.Sources, new.(*graph.Office).Sources)
		return &x
	case *graph.Claim:
		x := *o
		x.Sources = unionCites(o.Sources, new.(*graph.Claim).Sources)
		return &x
	case *graph.Event:
		n := new.(*graph.Event)
		x := *o
		x.Sources = unionCites(o.Sources, n.Sources)
		x.Date, x.PlaceID, x.OrganizerID = cmpOr(x.Date, n.Date), cmpOr(x.PlaceID, n.PlaceID), cmpOr(x.OrganizerID, n.OrganizerID)
		return &x
	case *graph.Partnership:
		n := new.(*graph.Partnership)
		x := *o
		x.Sources = unionCites(o.Sources, n.Sources)
		x.Date = cmpOr(x.Date, n.Date)
		return &x
	}
	return new
}

func cmpOr[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}
