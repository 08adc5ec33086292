package graph

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Document is the text of a Source, kept so that every quote a proposal or
// a citation makes can be checked to be a verbatim substring of it. Its
// Hash is the SHA-256 of Text: the same content added twice is the same
// document, under the same source.
type Document struct {
	SourceID string `json:"source"`
	Hash     string `json:"hash"`
	Text     string `json:"text"`
	Format   string `json:"format"` // "text" or "html": what was sent
	Language string `json:"language"`
	// Retrieved is when the page was fetched, as the sender says.
	Retrieved Date      `json:"retrieved,omitempty"`
	AddedAt   time.Time `json:"addedAt,omitzero"`
	AddedBy   string    `json:"addedBy,omitempty"`
}

// Document limits. MaxDocumentBytes bounds what is read and stored: a
// municipal page is a few kilobytes, and the extractor's cost grows with the
// text, so a 50 MB upload is refused rather than read.
const (
	MaxDocumentBytes = 2 << 20
	MinDocumentRunes = 20
)

// ContentHash is the hex SHA-256 of text.
func ContentHash(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:])
}

// CheckDocumentText refuses what cannot be a page of text: too large,
// binary (not UTF-8, or with NUL and other control bytes a page does not
// contain) or empty. field names the argument at fault.
func CheckDocumentText(field string, raw []byte) error {
	switch {
	case len(raw) > MaxDocumentBytes:
		return Invalid(field, "is %d bytes; a document may have at most %d", len(raw), MaxDocumentBytes)
	case !utf8.Valid(raw):
		return Invalid(field, "is not UTF-8 text (a binary file?)")
	}
	ctrl := 0
	for _, r := range string(raw) {
		if r == 0 {
			return Invalid(field, "contains NUL bytes: a binary file, not text")
		}
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			ctrl++
		}
	}
	if ctrl > 0 && ctrl*100 > utf8.RuneCount(raw) {
		return Invalid(field, "is mostly control characters: a binary file, not text")
	}
	if utf8.RuneCountInString(strings.TrimSpace(string(raw))) < MinDocumentRunes {
		return Invalid(field, "is empty or too short to state a fact (at least %d characters)", MinDocumentRunes)
	}
	return nil
}

// ProposalStatus is where a proposal is in its review.
type ProposalStatus string

const (
	ProposalPending  ProposalStatus = "PENDING"
	ProposalAccepted ProposalStatus = "ACCEPTED"
	ProposalRejected ProposalStatus = "REJECTED"
)

// Valid reports whether s is a known status.
func (s ProposalStatus) Valid() bool {
	return s == ProposalPending || s == ProposalAccepted || s == ProposalRejected
}

// Quote is a verbatim piece of a document: Text == doc.Text[Start:Start+len(Text)].
type Quote struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
}

// Resolution says which node a name in the text was taken to be: an
// existing node (ID, with Match saying how the name matched it) or a new
// one (Match "NEW", ID the suggested slug, Name the name as written or its
// nominative guess).
type Resolution struct {
	Role    string   `json:"role"` // "city", "network", "founder", "party", "person", "place", "organizer", "subject"
	Type    NodeType `json:"type"`
	Text    string   `json:"text"` // the name exactly as written
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Match   string   `json:"match"` // EXACT, INFLECTED, OTHER_NAME, NEW
	Score   int      `json:"score"`
	Country string   `json:"country,omitempty"` // for a new city, when the text names it
}

// New reports whether the resolution proposes a node that is not in the graph.
func (r Resolution) New() bool { return r.Match == MatchNew }

// Resolution matches.
const (
	MatchExact     = "EXACT"
	MatchInflected = "INFLECTED"
	MatchOther     = "OTHER_NAME"
	MatchNew       = "NEW"
)

// Proposal is a fact a document states, proposed for review: the records
// accepting it would write (Put: new nodes and the fact itself, citing the
// document and quotes), the quotes, a confidence in [0, 1] and how each
// name was resolved. Its Fingerprint identifies the fact as the text states
// it, whatever the graph's ids, so a rejected fact is not proposed again
// when the document is read again.
type Proposal struct {
	ID          string         `json:"id"`
	SourceID    string         `json:"source"`
	Section     string         `json:"section"` // memberships, founders, events, partnerships, offices, claims
	Fingerprint string         `json:"fingerprint"`
	Status      ProposalStatus `json:"status"`
	Confidence  float64        `json:"confidence"`
	Summary     string         `json:"summary"`
	Quotes      []Quote        `json:"quotes"`
	Entities    []Resolution   `json:"entities"`
	Put         *Dataset       `json:"put"`
	DecidedAt   time.Time      `json:"decidedAt,omitzero"`
	DecidedBy   string         `json:"decidedBy,omitempty"`
}

// ProposalID derives a proposal's id from its source and fingerprint, so
// reading a document again gives its facts the same ids.
func ProposalID(sourceID, fingerprint string) string {
	return "p-" + ContentHash(sourceID + "\x00" + fingerprint)[:16]
}

// ProposalFilter selects proposals; zero fields do not filter.
type ProposalFilter struct {
	SourceID string
	Status   ProposalStatus
}

// Match reports whether p passes the filter.
func (f ProposalFilter) Match(p *Proposal) bool {
	return (f.SourceID == "" || p.SourceID == f.SourceID) && (f.Status == "" || p.Status == f.Status)
}

// SortProposals orders proposals by source, section, then the position of
// their first quote, then id.
func SortProposals(ps []*Proposal) {
	first := func(p *Proposal) int {
		if len(p.Quotes) == 0 {
			return -1
		}
		return p.Quotes[0].Start
	}
	slices.SortFunc(ps, func(a, b *Proposal) int {
		return cmp.Or(cmp.Compare(a.SourceID, b.SourceID), cmp.Compare(first(a), first(b)),
			cmp.Compare(a.Section, b.Section), cmp.Compare(a.ID, b.ID))
	})
}

// CheckQuotes verifies that every quote of p is a verbatim substring of
// the document's text at its offset.
func (p *Proposal) CheckQuotes(doc *Document) error {
	for i, q := range p.Quotes {
		if q.Text == "" || q.Start < 0 || q.Start+len(q.Text) > len(doc.Text) || doc.Text[q.Start:q.Start+len(q.Text)] != q.Text {
			return Invalid("quotes", "quote %d of proposal %s is not a verbatim substring of document %s", i, p.ID, doc.SourceID)
		}
	}
	return nil
}

// DocumentStore keeps documents and the proposals read from them. Both
// stores implement it beside Store; it is a separate interface so that
// wrappers and tools that only need the graph are not made to carry it.
type DocumentStore interface {
	// PutDocument stores a document and its proposals, replacing its
	// pending proposals; decided ones are kept. All or nothing.
	PutDocument(ctx context.Context, doc *Document, proposals []*Proposal) error
	// Document returns the document of a source; ENOTFOUND if none.
	Document(ctx context.Context, sourceID string) (*Document, error)
	// DocumentByHash returns the document with this content hash, nil if none.
	DocumentByHash(ctx context.Context, hash string) (*Document, error)
	// Proposals lists proposals in SortProposals order.
	Proposals(ctx context.Context, f ProposalFilter) ([]*Proposal, error)
	// Proposal returns one proposal; ENOTFOUND if none.
	Proposal(ctx context.Context, id string) (*Proposal, error)
	// SaveProposal replaces a stored proposal (a decision or an edit);
	// ENOTFOUND if it is not there.
	SaveProposal(ctx context.Context, p *Proposal) error
}
