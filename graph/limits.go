package graph

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Limits every backend enforces the same way.
const (
	DefaultMaxHops        = 6
	MaxMaxHops            = 12
	DefaultDepth          = 1
	MaxDepth              = 4
	DefaultNeighborLimit  = 200
	MaxNeighborLimit      = 2000
	DefaultSearchResults  = 10
	MaxSearchResults      = 100
	MaxSearchTextLength   = 200
	DefaultMinSharedPairs = 2

	DefaultOverlapNetworks = 20
	MaxOverlapNetworks     = 100
	DefaultSimilarCities   = 10
	DefaultCentrality      = 20
	// ExactBetweennessNodes and BetweennessSamples bound the cost of
	// betweenness: O(samples × (nodes + memberships)).
	ExactBetweennessNodes = 5000
	BetweennessSamples    = 256

	// MaxOffset caps the offset a cursor can ask for: a list is far shorter,
	// so a larger cursor (hand-made, near MaxInt64) gets the same empty page
	// from every store, and offset + limit cannot overflow (Cypher's
	// $skip + $limit fails on overflow where Go slicing would not).
	MaxOffset = 1 << 40
)

const cursorPrefix = "offset:"

// EncodeCursor returns the opaque cursor of the item at offset.
func EncodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

// Offset checks the page and returns the offset of its first item and its
// size. Cursors are positions in the list's stable order.
func (p Page) Offset() (offset, limit int, err error) {
	limit = p.First
	if limit < 0 {
		return 0, 0, Invalid("first", "must not be negative, got %d", limit)
	}
	if limit > MaxPageSize {
		return 0, 0, Invalid("first", "must be at most %d, got %d", MaxPageSize, limit)
	}
	if p.After == "" {
		return 0, limit, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(p.After)
	s, ok := strings.CutPrefix(string(b), cursorPrefix)
	n, err2 := strconv.Atoi(s)
	if err != nil || !ok || err2 != nil || n < 0 {
		return 0, 0, Invalid("after", "%q is not a cursor returned by this API", p.After)
	}
	return min(n, MaxOffset-1) + 1, limit, nil
}

// Paginate cuts one page out of a fully ordered slice.
func Paginate[T any](items []T, p Page) (*Connection[T], error) {
	offset, limit, err := p.Offset()
	if err != nil {
		return nil, err
	}
	return Window(items, len(items), offset, limit), nil
}

// Window builds a connection from the items starting at offset of a list of
// total items. items may be the whole list (len == total) or just the page.
func Window[T any](items []T, total, offset, limit int) *Connection[T] {
	if len(items) == total {
		start := min(offset, total)
		items = items[start:min(start+limit, total)]
	}
	items = items[:min(len(items), limit)]
	c := &Connection[T]{Items: items, TotalCount: total, HasPrev: offset > 0}
	c.HasNext = offset+len(items) < total
	c.Cursors = make([]string, len(items))
	for i := range items {
		c.Cursors[i] = EncodeCursor(offset + i)
	}
	return c
}

// CheckHops validates path's maxHops.
func CheckHops(maxHops int) error {
	if maxHops < 1 || maxHops > MaxMaxHops {
		return Invalid("maxHops", "must be between 1 and %d, got %d", MaxMaxHops, maxHops)
	}
	return nil
}

// CheckNeighborhood validates neighborhood's depth and limit.
func CheckNeighborhood(depth, limit int) error {
	if depth < 0 || depth > MaxDepth {
		return Invalid("depth", "must be between 0 and %d, got %d", MaxDepth, depth)
	}
	if limit < 1 || limit > MaxNeighborLimit {
		return Invalid("limit", "must be between 1 and %d, got %d", MaxNeighborLimit, limit)
	}
	return nil
}

// CheckMinShared validates cityPairs' minShared.
func CheckMinShared(minShared int) error {
	if minShared < 1 {
		return Invalid("minShared", "must be at least 1, got %d", minShared)
	}
	return nil
}

// CheckSearch validates search arguments and returns the folded text.
func CheckSearch(text string, first int) (string, error) {
	if len(text) > MaxSearchTextLength {
		return "", Invalid("text", "must be at most %d bytes", MaxSearchTextLength)
	}
	q := Fold(text)
	if q == "" {
		return "", Invalid("text", "must contain at least one letter or digit")
	}
	if first < 1 || first > MaxSearchResults {
		return "", Invalid("first", "must be between 1 and %d, got %d", MaxSearchResults, first)
	}
	return q, nil
}

// CheckRels validates a relationship-type filter.
func CheckRels(rels []RelType) error {
	for i, r := range rels {
		if !r.Valid() {
			return Invalid("relations["+strconv.Itoa(i)+"]", "unknown relationship type %q", r)
		}
	}
	return nil
}

// CheckYears validates a year range.
func CheckYears(field string, from, to *int) error {
	if from != nil && to != nil && *from > *to {
		return Invalid(field, "range is empty: from %d is after to %d", *from, *to)
	}
	return nil
}

// CheckIDs validates a list of ids that a filter matches any of: an empty
// id names nothing (and would match the records that have no such link on
// one backend and none on another), so it is rejected.
func CheckIDs(field string, ids []string) error {
	for i, id := range ids {
		if id == "" {
			return Invalid(field+"["+strconv.Itoa(i)+"]", "must not be empty")
		}
	}
	return nil
}

// Check validates the filter's id lists and ranges.
func (f CityFilter) Check() error {
	if err := CheckIDs("filter.countryIds", f.CountryIDs); err != nil {
		return err
	}
	if f.Near != nil {
		if err := f.Near.Check("filter.near"); err != nil {
			return err
		}
	}
	if f.Within != nil {
		if err := f.Within.Check("filter.within"); err != nil {
			return err
		}
	}
	return CheckYears("filter.joinedFrom", f.JoinedFrom, f.JoinedTo)
}

// CheckSpans validates the network ids of NetworkSpans.
func CheckSpans(ids []string) error {
	if len(ids) > MaxPageSize {
		return Invalid("networks", "at most %d ids at once, got %d", MaxPageSize, len(ids))
	}
	return CheckIDs("networks", ids)
}

// Check validates the filter's enums and ranges.
func (f NetworkFilter) Check() error {
	if f.Scope != "" && !f.Scope.Valid() {
		return Invalid("filter.scope", "unknown scope %q", f.Scope)
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return Invalid("filter.kind", "unknown network kind %q", f.Kind)
	}
	if f.MinMembers < 0 {
		return Invalid("filter.minMembers", "must not be negative, got %d", f.MinMembers)
	}
	return CheckYears("filter.foundedFrom", f.FoundedFrom, f.FoundedTo)
}

// Check validates the filter's id lists and enums.
func (f InstitutionFilter) Check() error {
	if err := CheckIDs("filter.cityIds", f.CityIDs); err != nil {
		return err
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return Invalid("filter.kind", "unknown institution kind %q", f.Kind)
	}
	return nil
}

// Check validates the filter's id lists, enums and ranges.
func (f EventFilter) Check() error {
	for _, l := range []struct {
		field string
		ids   []string
	}{{"filter.placeIds", f.PlaceIDs}, {"filter.organizerIds", f.OrganizerIDs}, {"filter.participantIds", f.ParticipantIDs}} {
		if err := CheckIDs(l.field, l.ids); err != nil {
			return err
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return Invalid("filter.kind", "unknown event kind %q", f.Kind)
	}
	return CheckYears("filter.yearFrom", f.YearFrom, f.YearTo)
}

// Check validates the filter's id list, enums and ranges.
func (f PartnershipFilter) Check() error {
	if err := CheckIDs("filter.partyIds", f.PartyIDs); err != nil {
		return err
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return Invalid("filter.kind", "unknown partnership kind %q", f.Kind)
	}
	return CheckYears("filter.yearFrom", f.YearFrom, f.YearTo)
}

// CheckOverlap validates networkOverlap's list.
func CheckOverlap(ids []string) error {
	if len(ids) == 1 || len(ids) > MaxOverlapNetworks {
		return Invalid("networks", "give 2 to %d networks, or none for the %d largest; got %d", MaxOverlapNetworks, DefaultOverlapNetworks, len(ids))
	}
	seen := map[string]bool{}
	for i, id := range ids {
		if seen[id] {
			return Invalid("networks["+strconv.Itoa(i)+"]", "%q is listed twice", id)
		}
		seen[id] = true
	}
	return nil
}

// CheckFirst validates a result count between 1 and max.
func CheckFirst(first, max int) error {
	if first < 1 || first > max {
		return Invalid("first", "must be between 1 and %d, got %d", max, first)
	}
	return nil
}
