package graph

import (
	"cmp"
	"slices"
)

// Support is one quoted sentence of a document and the record it supports:
// a Citation read from the document's side, for "what does this document
// say?" (Source.supports).
type Support struct {
	// The record: its section and key fields, as in a Ref.
	Ref
	Quote string
	// Subject is the node the record is about: the node itself, the first
	// end of a relationship (a membership's city, a founding's founder, an
	// office's person), a claim's subject. Object is a relationship's other
	// end, "" for a node or a claim.
	Subject, Object string
}

// SupportsOf returns what record rec has from the document sourceID: one
// Support per quote, none if it does not cite the document. rec is a
// record of a dataset section (*City, *Membership, *Claim, …).
func SupportsOf(rec any, sourceID string) []*Support {
	cs, subject, object := cited(rec)
	var out []*Support
	for _, c := range cs {
		if c.SourceID == sourceID {
			out = append(out, &Support{Ref: RefOf(rec), Quote: c.Quote, Subject: subject, Object: object})
		}
	}
	return out
}

// cited returns a record's citations and the nodes it joins.
func cited(rec any) (cs []Citation, subject, object string) {
	switch x := rec.(type) {
	case *Country:
		return x.Sources, x.ID, ""
	case *City:
		return x.Sources, x.ID, ""
	case *Network:
		return x.Sources, x.ID, ""
	case *Institution:
		return x.Sources, x.ID, ""
	case *Person:
		return x.Sources, x.ID, ""
	case *Event:
		return x.Sources, x.ID, ""
	case *Partnership:
		return x.Sources, x.ID, ""
	case *Membership:
		return x.Sources, x.CityID, x.NetworkID
	case *Founding:
		return x.Sources, x.FounderID, x.NetworkID
	case *Office:
		return x.Sources, x.PersonID, x.CityID
	case *Claim:
		return x.Sources, x.SubjectID, ""
	}
	return nil, "", "" // a Source cites nothing
}

// SupportsBySource returns what every document supports in ds, each list
// in SortSupports order: one pass, for a store to index.
func (ds *Dataset) SupportsBySource() map[string][]*Support {
	out := map[string][]*Support{}
	for _, s := range sections {
		s.each(ds, func(rec any) {
			cs, _, _ := cited(rec)
			seen := map[string]bool{}
			for _, c := range cs {
				if !seen[c.SourceID] {
					seen[c.SourceID] = true
					out[c.SourceID] = append(out[c.SourceID], SupportsOf(rec, c.SourceID)...)
				}
			}
		})
	}
	for _, ss := range out {
		SortSupports(ss)
	}
	return out
}

// SortSupports orders supports by section in dataset order, then by key
// field by field, then by quote, so that every store pages them alike.
func SortSupports(ss []*Support) {
	order := map[string]int{}
	for i, s := range sections {
		order[s.Name()] = i
	}
	slices.SortStableFunc(ss, func(a, b *Support) int {
		return cmp.Or(cmp.Compare(order[a.Section], order[b.Section]),
			slices.Compare(a.Key, b.Key), cmp.Compare(a.Quote, b.Quote))
	})
}
