package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Change is one write to the graph, applied whole or not at all: records
// to put (added, or replacing the record with the same key), patches to
// existing records, and records to delete. Every write path (an import, a
// create, update, upsert or delete mutation) is a Change, so they share
// one set of rules and one validation, and a store's log of Changes
// replays to the same graph, stamps included.
type Change struct {
	// Put's records are added, or replace the record with the same key.
	Put *Dataset `json:"put,omitempty"`
	// Create refuses (CONFLICT) a Put record whose key is already there.
	Create bool `json:"create,omitempty"`
	// Patches change some fields of existing records.
	Patches []Patch `json:"patches,omitempty"`
	// Delete removes records. A node that others refer to is refused
	// (CONFLICT) unless Cascade, which deletes the relationships that
	// need it (memberships, offices, founders, claims, cities of a
	// deleted country, partnerships left with fewer than two parties)
	// and clears optional references to it (a seat, a place, a
	// participant, a citation of a deleted source).
	Delete  []Ref `json:"delete,omitempty"`
	Cascade bool  `json:"cascade,omitempty"`
	// By and At stamp every record the change creates or alters.
	By string    `json:"by,omitempty"`
	At time.Time `json:"at,omitzero"`
	// DryRun reports what the change would do and changes nothing.
	DryRun bool `json:"-"`
}

// Ref names one record: its dataset section and its key, the fields that
// identify it: a node's id; a membership's city, network and since; a
// founder's founder and network; an office's person, city, title and
// since; a claim's subject, property and value.
type Ref struct {
	Section string   `json:"section"`
	Key     []string `json:"key"`
}

// String writes the section and the key's non-empty fields:
// "memberships krakow / eurocities / 2004".
func (r Ref) String() string {
	parts := make([]string, 0, len(r.Key))
	for _, k := range r.Key {
		if k != "" {
			parts = append(parts, k)
		}
	}
	return r.Section + " " + strings.Join(parts, " / ")
}

func (r Ref) joined() string { return strings.Join(r.Key, "\x00") }

// NodeRef names a node of a type by id.
func NodeRef(t NodeType, id string) Ref { return Ref{Section: NodeSection(t), Key: []string{id}} }

// MembershipRef, FoundingRef, OfficeRef and ClaimRef name relationships
// and claims by their keys.
func MembershipRef(city, network string, since Date) Ref {
	return Ref{"memberships", []string{city, network, string(since)}}
}

func FoundingRef(founder, network string) Ref { return Ref{"founders", []string{founder, network}} }

func OfficeRef(person, city, title string, since Date) Ref {
	return Ref{"offices", []string{person, city, title, string(since)}}
}

func ClaimRef(subject, property, value string) Ref {
	return Ref{"claims", []string{subject, property, value}}
}

// NodeSection is the dataset section that holds nodes of a type.
func NodeSection(t NodeType) string {
	switch t {
	case TypeCity:
		return "cities"
	case TypeCountry:
		return "countries"
	case TypeNetwork:
		return "networks"
	case TypeInstitution:
		return "institutions"
	case TypePerson:
		return "people"
	case TypeEvent:
		return "events"
	case TypePartnership:
		return "partnerships"
	case TypeSource:
		return "sources"
	}
	return ""
}

// Patch sets some fields of one record. Fields are named and written as
// in the dataset format (data/FORMAT.md); null removes an optional field.
// A node's id cannot change.
type Patch struct {
	Ref    Ref                        `json:"ref"`
	Fields map[string]json.RawMessage `json:"fields"`
	// Arg is the argument the fields came from ("patch"), so problems
	// name them as "patch.until".
	Arg string `json:"-"`
}

// ChangeKind says what a change did to one record.
type ChangeKind string

const (
	Created ChangeKind = "CREATED"
	Updated ChangeKind = "UPDATED"
	Deleted ChangeKind = "DELETED"
)

// RecordChange is one record a change created, updated or deleted.
type RecordChange struct {
	Ref
	Kind ChangeKind `json:"kind"`
}

// NodeType is the type of the node r names, nil for a relationship or
// a claim.
func (r Ref) NodeType() *NodeType {
	for _, t := range NodeTypes {
		if NodeSection(t) == r.Section {
			return &t
		}
	}
	return nil
}

// ID is the id of the node r names, nil for a relationship or a claim.
func (r Ref) ID() *string {
	if r.NodeType() == nil || len(r.Key) != 1 {
		return nil
	}
	return &r.Key[0]
}

// ChangeEvent is one committed write as a change feed tells it.
type ChangeEvent struct {
	Version string
	At      time.Time
	By      string
	Changes []RecordChange
}

// Matching returns the event with only the changes in one of sections (all
// if none given) that name one of ids in their key (all if none given),
// or nil when none is left.
func (e *ChangeEvent) Matching(sections, ids []string) *ChangeEvent {
	if len(sections) == 0 && len(ids) == 0 {
		return e
	}
	var kept []RecordChange
	for _, c := range e.Changes {
		if len(sections) > 0 && !slices.Contains(sections, c.Section) {
			continue
		}
		if len(ids) > 0 && !slices.ContainsFunc(c.Key, func(k string) bool { return slices.Contains(ids, k) }) {
			continue
		}
		kept = append(kept, c)
	}
	if len(kept) == 0 {
		return nil
	}
	out := *e
	out.Changes = kept
	return &out
}

// ChangeResult is what an accepted change did: per-section counts, every
// record it created, updated or deleted (unchanged ones are only counted),
// and the graph after it.
type ChangeResult struct {
	Summary MergeSummary
	Changes []RecordChange
	Dataset *Dataset  // validated; nil after a dry run of a store that does not keep one
	At      time.Time // the stamp's time: when the change was committed
	seen    map[string]bool
}

func (res *ChangeResult) record(section string, key []string, kind ChangeKind) {
	c := res.Summary[section]
	switch kind {
	case Created:
		c.Created++
	case Updated:
		k := section + "\x00" + strings.Join(key, "\x00")
		if res.seen[k] {
			return // several references to one deleted node cleared in one record
		}
		res.seen[k] = true
		c.Updated++
	case Deleted:
		c.Deleted++
	}
	res.Summary[section] = c
	res.Changes = append(res.Changes, RecordChange{Ref{section, key}, kind})
}

// Apply returns what the graph becomes with c applied, validated as a
// whole: on any problem, an error and no result. It changes neither ds nor
// c. Errors: *DatasetError (BAD_USER_INPUT) listing every problem with its
// place; NOT_FOUND for a patch or delete of a record that is not there;
// CONFLICT for a Create of an existing key or a delete of a node others
// refer to (without Cascade).
func (ds *Dataset) Apply(c *Change) (*ChangeResult, error) {
	dups := &problems{}
	if c.Put != nil {
		c.Put.uniqueKeys(dups)
	}
	res, err := ds.apply(c)
	if err == nil {
		err = res.Dataset.Validate()
	}
	if dups.n > 0 {
		// The other problems too, as far as they can be found with
		// one record of each repeated key.
		var dse *DatasetError
		if errors.As(err, &dse) {
			for _, pr := range dse.Problems {
				dups.add(pr)
			}
			dups.n += dse.Count() - len(dse.Problems)
		}
		return nil, dups.err()
	}
	if err != nil {
		return nil, err
	}
	// Accepted: where its records were read from no longer matters, and
	// keeping it would make every later write copy it.
	res.Dataset.origin = nil
	return res, nil
}

// Replay applies a change that was accepted before (a store's log) without
// validating the result: validate once after the last one.
func (ds *Dataset) Replay(c *Change) (*Dataset, error) {
	res, err := ds.apply(c)
	if err != nil {
		return nil, err
	}
	return res.Dataset, nil
}

// Stamped returns c with At set to now when it has none: stores stamp a
// change with their commit time.
func (c *Change) Stamped(now time.Time) *Change {
	if !c.At.IsZero() {
		return c
	}
	cc := *c
	cc.At = now.UTC()
	return &cc
}

func (ds *Dataset) apply(c *Change) (*ChangeResult, error) {
	st := Stamp{At: c.At.UTC(), By: c.By}
	if c.At.IsZero() {
		st.At = time.Time{}
	}
	res := &ChangeResult{Summary: MergeSummary{}, seen: map[string]bool{}, At: st.At}
	put := c.Put
	if put == nil {
		put = &Dataset{}
	}
	p := &problems{}
	deletes := slices.Clone(c.Delete)
	if len(c.Patches) > 0 {
		put = put.shallowCopy()
		for _, pt := range c.Patches {
			s := sectionNamed(pt.Ref.Section)
			if s == nil {
				return nil, Invalid("section", "no dataset section %q", pt.Ref.Section)
			}
			newKey, err := s.patch(ds, put, pt, p)
			if err != nil {
				return nil, err
			}
			if newKey != "" && newKey != pt.Ref.joined() {
				// A relationship's key fields changed: the new key must
				// be free, or the patch would silently replace another
				// record (e.g. another period of the same membership).
				if slices.Contains(s.keys(ds), newKey) {
					return nil, &Error{Code: ECONFLICT, Message: fmt.Sprintf("%s already exists: change or delete it first",
						Ref{pt.Ref.Section, strings.Split(newKey, "\x00")})}
				}
				deletes = append(deletes, pt.Ref)
			}
		}
	}
	types := ds.nodeSections()
	for _, s := range sections {
		if err := s.checkPut(ds, put, c.Create, types, p); err != nil {
			return nil, err
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	out := ds.merge(put, st, res)
	if len(deletes) > 0 {
		if err := out.delete(deletes, c.Cascade, st, res); err != nil {
			return nil, err
		}
	}
	res.Dataset = out
	res.seen = nil
	return res, nil
}

// uniqueKeys refuses a record given twice under one key (an id, or a
// relationship's key) in one change: merged, the later would silently
// replace the earlier. Each problem names both places. (Replay does not
// check: a log written before this rule must still open.)
func (ds *Dataset) uniqueKeys(p *problems) {
	for _, s := range sections {
		s.uniqueKeys(ds, p)
	}
}

func (s sec[T]) uniqueKeys(ds *Dataset, p *problems) {
	list := *s.list(ds)
	if len(list) < 2 {
		return
	}
	first := make(map[string]int, len(list))
	for i, r := range list {
		k := s.keyOf(r)
		j, dup := first[k]
		if !dup {
			first[k] = i
			continue
		}
		if p.full() {
			p.add(Problem{})
			continue
		}
		o, prev := ds.origin[r], list[j]
		where := fmt.Sprintf("%s[%d]", s.name, ds.indexIn(prev, j))
		if po := ds.origin[prev]; po.file != o.file && po.file != "" {
			where += " of " + po.file
		}
		if line := ds.origin[prev].line; line > 0 {
			where += fmt.Sprintf(" (line %d)", line)
		}
		field, what := "", "the key"
		if s.node {
			field, what = "id", "the id"
		}
		p.add(Problem{File: o.file, Line: o.line, Record: fmt.Sprintf("%s[%d] %q", s.name, ds.indexIn(r, i), keyLabel(s.key(r))),
			Field: field, Path: argPath(o.arg, field),
			Message: fmt.Sprintf("%s is given twice: also at %s; give each record once", what, where)})
	}
}

// keyLabel writes a key's non-empty fields: "krakow → eurocities → 2004".
func keyLabel(key []string) string {
	parts := make([]string, 0, len(key))
	for _, k := range key {
		if k != "" {
			parts = append(parts, k)
		}
	}
	return strings.Join(parts, " → ")
}

func (ds *Dataset) shallowCopy() *Dataset {
	out := *ds
	for _, s := range sections {
		s.clone(&out)
	}
	out.origin = map[any]recordOrigin{}
	for k, v := range ds.origin {
		out.origin[k] = v
	}
	out.valid = false
	return &out
}

// nodeSections maps every node id to its section.
func (ds *Dataset) nodeSections() map[string]string {
	m := map[string]string{}
	for _, s := range sections {
		if s.isNode() {
			for _, k := range s.keys(ds) {
				m[k] = s.Name()
			}
		}
	}
	return m
}

// Merge returns a new dataset: ds with every record of in added or, when
// its key is already there (see Ref), replacing the old one. Neither input
// changes. The result is not validated: call Validate on it (Apply does),
// so an import is accepted or refused as a whole with every problem listed.
func (ds *Dataset) Merge(in *Dataset) (*Dataset, MergeSummary) {
	res := &ChangeResult{Summary: MergeSummary{}, seen: map[string]bool{}}
	return ds.merge(in, Stamp{}, res), res.Summary
}

func (ds *Dataset) merge(in *Dataset, st Stamp, res *ChangeResult) *Dataset {
	// Only the records put keep where they were read from: problems
	// with the result are blamed on them, by file and line; a record
	// already in the graph is named by its place in the graph.
	out := &Dataset{origin: make(map[any]recordOrigin, len(in.origin))}
	for _, s := range sections {
		s.merge(out, ds, in, st, res)
	}
	return out
}

// section is one dataset section, whatever its record type.
type section interface {
	Name() string
	isNode() bool
	keys(ds *Dataset) []string
	clone(ds *Dataset)
	merge(out, base, in *Dataset, st Stamp, res *ChangeResult)
	patch(base, put *Dataset, pt Patch, p *problems) (string, error)
	checkPut(base, put *Dataset, create bool, types map[string]string, p *problems) error
	uniqueKeys(ds *Dataset, p *problems)
	remove(ds *Dataset, keys map[string]bool, res *ChangeResult) map[string]bool
	get(ds *Dataset, key string) any
	refOf(rec any) (Ref, bool)
	each(ds *Dataset, f func(rec any))
}

type sec[T any] struct {
	name string
	node bool
	list func(*Dataset) *[]*T
	key  func(*T) []string
}

func (s sec[T]) Name() string      { return s.name }
func (s sec[T]) isNode() bool      { return s.node }
func (s sec[T]) keyOf(x *T) string { return strings.Join(s.key(x), "\x00") }
func (s sec[T]) clone(ds *Dataset) { *s.list(ds) = slices.Clone(*s.list(ds)) }
func (s sec[T]) ref(x *T) Ref      { return Ref{s.name, s.key(x)} }
func (s sec[T]) each(ds *Dataset, f func(rec any)) {
	for _, x := range *s.list(ds) {
		f(x)
	}
}
func (s sec[T]) keys(ds *Dataset) []string {
	out := make([]string, len(*s.list(ds)))
	for i, x := range *s.list(ds) {
		out[i] = s.keyOf(x)
	}
	return out
}

var (
	secSources      = sec[Source]{"sources", true, func(d *Dataset) *[]*Source { return &d.Sources }, func(x *Source) []string { return []string{x.ID} }}
	secCountries    = sec[Country]{"countries", true, func(d *Dataset) *[]*Country { return &d.Countries }, func(x *Country) []string { return []string{x.ID} }}
	secCities       = sec[City]{"cities", true, func(d *Dataset) *[]*City { return &d.Cities }, func(x *City) []string { return []string{x.ID} }}
	secNetworks     = sec[Network]{"networks", true, func(d *Dataset) *[]*Network { return &d.Networks }, func(x *Network) []string { return []string{x.ID} }}
	secInstitutions = sec[Institution]{"institutions", true, func(d *Dataset) *[]*Institution { return &d.Institutions }, func(x *Institution) []string { return []string{x.ID} }}
	secPeople       = sec[Person]{"people", true, func(d *Dataset) *[]*Person { return &d.People }, func(x *Person) []string { return []string{x.ID} }}
	secEvents       = sec[Event]{"events", true, func(d *Dataset) *[]*Event { return &d.Events }, func(x *Event) []string { return []string{x.ID} }}
	secPartnerships = sec[Partnership]{"partnerships", true, func(d *Dataset) *[]*Partnership { return &d.Partnerships }, func(x *Partnership) []string { return []string{x.ID} }}
	secMemberships  = sec[Membership]{"memberships", false, func(d *Dataset) *[]*Membership { return &d.Memberships }, func(x *Membership) []string {
		return []string{x.CityID, x.NetworkID, string(x.Since)}
	}}
	secFoundings = sec[Founding]{"founders", false, func(d *Dataset) *[]*Founding { return &d.Foundings }, func(x *Founding) []string {
		return []string{x.FounderID, x.NetworkID}
	}}
	secOffices = sec[Office]{"offices", false, func(d *Dataset) *[]*Office { return &d.Offices }, func(x *Office) []string {
		return []string{x.PersonID, x.CityID, x.Title, string(x.Since)}
	}}
	secClaims = sec[Claim]{"claims", false, func(d *Dataset) *[]*Claim { return &d.Claims }, func(x *Claim) []string {
		return []string{x.SubjectID, x.Property, x.Value}
	}}

	// sections in dataset order.
	sections = []section{secSources, secCountries, secCities, secNetworks, secInstitutions, secPeople,
		secMemberships, secFoundings, secOffices, secEvents, secPartnerships, secClaims}
)

// Sections names the dataset's sections in dataset order.
func Sections() []string {
	out := make([]string, len(sections))
	for i, s := range sections {
		out[i] = s.Name()
	}
	return out
}

func sectionNamed(name string) section {
	for _, s := range sections {
		if s.Name() == name {
			return s
		}
	}
	return nil
}

// withStamp returns r stamped with st (a copy; r is not changed), or r
// itself when st is zero (a plain Merge keeps the stamps it is given).
func withStamp[T any](r *T, st Stamp) *T {
	if st == (Stamp{}) {
		return r
	}
	v := *r
	*any(&v).(stamped).stamp() = st
	return &v
}

// sameFacts compares two records as their dataset JSON without their
// stamps, so an empty list and a missing one are the same, and putting a
// record again as it is changes nothing, not even its stamp.
func sameFacts[T any](a, b *T) bool {
	x, y := *a, *b
	*any(&x).(stamped).stamp() = Stamp{}
	*any(&y).(stamped).stamp() = Stamp{}
	j1, err1 := json.Marshal(&x)
	j2, err2 := json.Marshal(&y)
	return err1 == nil && err2 == nil && bytes.Equal(j1, j2)
}

// merge keeps base's order, replaces records whose key comes again in
// place, and appends new ones in the order given.
func (s sec[T]) merge(out, base, in *Dataset, st Stamp, res *ChangeResult) {
	b, add := *s.list(base), *s.list(in)
	merged := make([]*T, len(b), len(b)+len(add))
	copy(merged, b)
	if len(add) > 0 {
		at := make(map[string]int, len(b))
		for i, r := range b {
			at[s.keyOf(r)] = i
		}
		unchanged := 0
		for _, r := range add {
			k := s.keyOf(r)
			i, ok := at[k]
			switch {
			case !ok:
				at[k] = len(merged)
				r2 := withStamp(r, st)
				moveOrigin(in, out, r, r2)
				merged = append(merged, r2)
				res.record(s.name, s.key(r), Created)
			case sameFacts(merged[i], r):
				unchanged++
			default:
				r2 := withStamp(r, st)
				moveOrigin(in, out, r, r2)
				merged[i] = r2
				res.record(s.name, s.key(r), Updated)
			}
		}
		if unchanged > 0 {
			c := res.Summary[s.name]
			c.Unchanged += unchanged
			res.Summary[s.name] = c
		}
	}
	*s.list(out) = merged
}

// moveOrigin keeps a put record's place in its file, for its stamped
// copy.
func moveOrigin(in, out *Dataset, from, to any) {
	if o, ok := in.origin[from]; ok {
		out.origin[to] = o
	}
}

func (s sec[T]) find(ds *Dataset, key string) *T {
	for _, x := range *s.list(ds) {
		if s.keyOf(x) == key {
			return x
		}
	}
	return nil
}

// patch adds to put the record pt names with pt's fields set, and returns
// its key.
func (s sec[T]) patch(base, put *Dataset, pt Patch, p *problems) (string, error) {
	cur := s.find(put, pt.Ref.joined())
	if cur == nil {
		cur = s.find(base, pt.Ref.joined())
	}
	if cur == nil {
		return "", refNotFound(pt.Ref)
	}
	raw, err := json.Marshal(cur)
	if err != nil {
		return "", err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", err
	}
	fail := func(field, format string, args ...any) {
		p.add(Problem{Record: pt.Ref.String(), Field: field, Path: argPath(pt.Arg, field), Message: fmt.Sprintf(format, args...)})
	}
	bad := false
	for _, f := range slices.Sorted(mapKeys(pt.Fields)) {
		v := pt.Fields[f]
		switch {
		case f == "updatedAt" || f == "updatedBy":
			fail(f, "is set by the server")
			bad = true
		case s.node && f == "id":
			fail(f, "an id cannot change: create the record under the new id and delete this one")
			bad = true
		case string(v) == "null":
			delete(m, f)
		default:
			m[f] = v
		}
	}
	if bad {
		return "", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	nv := new(T)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(nv); err != nil {
		field, msg := decodeProblem(err)
		fail(field, "%s", msg)
		return "", nil
	}
	if put.origin == nil {
		put.origin = map[any]recordOrigin{}
	}
	put.origin[nv] = recordOrigin{arg: pt.Arg}
	*s.list(put) = append(*s.list(put), nv)
	return s.keyOf(nv), nil
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// checkPut refuses, for a create, records that are already there, and
// for any put, a node id already used by a node of another type.
func (s sec[T]) checkPut(base, put *Dataset, create bool, types map[string]string, p *problems) error {
	add := *s.list(put)
	if len(add) == 0 {
		return nil
	}
	var have map[string]bool
	if create {
		have = map[string]bool{}
		for _, k := range s.keys(base) {
			have[k] = true
		}
	}
	for _, r := range add {
		k := s.keyOf(r)
		if create && have[k] {
			return &Error{Code: ECONFLICT, Message: fmt.Sprintf("%s already exists: update it, or upsert to replace it", s.ref(r))}
		}
		if other, ok := types[k]; s.node && ok && other != s.name {
			o := put.origin[r]
			p.add(Problem{File: o.file, Line: o.line, Record: s.ref(r).String(), Field: "id", Path: argPath(o.arg, "id"),
				Message: fmt.Sprintf("%q is already the id of a record in %s: ids are unique across all types", k, other)})
		}
	}
	return nil
}

func (s sec[T]) remove(ds *Dataset, keys map[string]bool, res *ChangeResult) map[string]bool {
	found := map[string]bool{}
	*s.list(ds) = slices.DeleteFunc(slices.Clone(*s.list(ds)), func(x *T) bool {
		k := s.keyOf(x)
		if keys[k] {
			found[k] = true
			res.record(s.name, s.key(x), Deleted)
			return true
		}
		return false
	})
	return found
}

func (s sec[T]) get(ds *Dataset, key string) any {
	if x := s.find(ds, key); x != nil {
		return x
	}
	return nil
}

func (s sec[T]) refOf(rec any) (Ref, bool) {
	if x, ok := rec.(*T); ok {
		return s.ref(x), true
	}
	return Ref{}, false
}

// Find returns the record r names (a *City, *Membership, …), or nil.
func (ds *Dataset) Find(r Ref) any {
	if s := sectionNamed(r.Section); s != nil {
		return s.get(ds, r.joined())
	}
	return nil
}

// RefOf names a record (a *City, *Membership, …).
func RefOf(rec any) Ref {
	for _, s := range sections {
		if r, ok := s.refOf(rec); ok {
			return r
		}
	}
	panic(fmt.Sprintf("graph.RefOf: %T is not a record type", rec))
}

func refNotFound(r Ref) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("no record %s", r)}
}

// delete removes the records refs name from ds (whose sections are its
// own, from merge), with what refers to them when cascade.
func (ds *Dataset) delete(refs []Ref, cascade bool, st Stamp, res *ChangeResult) error {
	bySection := map[string]map[string]bool{}
	for _, r := range refs {
		s := sectionNamed(r.Section)
		if s == nil {
			return Invalid("section", "no dataset section %q", r.Section)
		}
		if bySection[r.Section] == nil {
			bySection[r.Section] = map[string]bool{}
		}
		bySection[r.Section][r.joined()] = true
	}
	// Every named record must be there.
	for _, s := range sections {
		want := bySection[s.Name()]
		if len(want) == 0 {
			continue
		}
		have := map[string]bool{}
		for _, k := range s.keys(ds) {
			if want[k] {
				have[k] = true
			}
		}
		for _, r := range refs {
			if r.Section == s.Name() && !have[r.joined()] {
				return refNotFound(r)
			}
		}
	}
	ids := map[string]bool{}
	for _, s := range sections {
		if s.isNode() {
			for k := range bySection[s.Name()] {
				ids[k] = true
			}
		}
	}
	if len(ids) > 0 {
		d := &deleter{ds: ds, ids: ids, cascade: cascade, st: st, res: res, named: bySection, referred: map[string]bool{}}
		if err := d.run(); err != nil {
			return err
		}
	}
	for _, s := range sections {
		if want := bySection[s.Name()]; len(want) > 0 {
			s.remove(ds, want, res)
		}
	}
	return nil
}

// deleter finds what refers to the nodes being deleted: it refuses the
// delete listing them, or (cascade) deletes or edits them.
type deleter struct {
	ds        *Dataset
	ids       map[string]bool
	cascade   bool
	st        Stamp
	res       *ChangeResult
	referrers []Ref
	named     map[string]map[string]bool // section → keys the change deletes itself
	referred  map[string]bool            // referrers listed, once each
}

// refer lists a record that refers to a deleted node, unless the change
// deletes that record too.
func (d *deleter) refer(r Ref) {
	k := r.Section + "\x00" + r.joined()
	if d.named[r.Section][r.joined()] || d.referred[k] {
		return
	}
	d.referred[k] = true
	d.referrers = append(d.referrers, r)
}

func (d *deleter) run() error {
	if d.cascade {
		d.closure()
	}
	ids := d.ids
	// Records that cannot exist without a deleted node go with it.
	dropWhere(d, secMemberships, func(m *Membership) bool { return ids[m.CityID] || ids[m.NetworkID] })
	dropWhere(d, secFoundings, func(f *Founding) bool { return ids[f.FounderID] || ids[f.NetworkID] })
	dropWhere(d, secOffices, func(o *Office) bool { return ids[o.PersonID] || ids[o.CityID] })
	dropWhere(d, secClaims, func(c *Claim) bool { return ids[c.SubjectID] })
	if !d.cascade {
		dropWhere(d, secCities, func(c *City) bool { return ids[c.CountryID] && !ids[c.ID] })
	}
	// Optional references are cleared; lists lose the entry.
	editWhere(d, secNetworks, func(n *Network) bool { return unset(&n.SeatID, ids) })
	editWhere(d, secInstitutions, func(n *Institution) bool {
		a, b := unset(&n.CityID, ids), unset(&n.CountryID, ids) // both, not ||: a city and its country may go together
		return a || b
	})
	editWhere(d, secEvents, func(e *Event) bool {
		a, b := unset(&e.PlaceID, ids), unset(&e.OrganizerID, ids)
		return without(&e.ParticipantIDs, ids) || a || b
	})
	editWhere(d, secPartnerships, func(p *Partnership) bool { return without(&p.PartyIDs, ids) })
	// Citations of a deleted source are removed from the facts they support.
	editWhere(d, secCountries, func(x *Country) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secCities, func(x *City) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secNetworks, func(x *Network) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secInstitutions, func(x *Institution) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secPeople, func(x *Person) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secEvents, func(x *Event) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secPartnerships, func(x *Partnership) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secMemberships, func(x *Membership) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secFoundings, func(x *Founding) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secOffices, func(x *Office) bool { return uncite(&x.Sources, ids) })
	editWhere(d, secClaims, func(x *Claim) bool { return uncite(&x.Sources, ids) })
	if len(d.referrers) > 0 {
		return d.conflict()
	}
	for _, s := range sections {
		if s.isNode() {
			s.remove(d.ds, ids, d.res)
		}
	}
	return nil
}

// closure adds to the deletion what a cascade takes with it: the cities
// of a deleted country, and partnerships left with fewer than two parties.
func (d *deleter) closure() {
	for grew := true; grew; {
		grew = false
		for _, c := range d.ds.Cities {
			if d.ids[c.CountryID] && !d.ids[c.ID] {
				d.ids[c.ID], grew = true, true
			}
		}
		for _, p := range d.ds.Partnerships {
			left := 0
			for _, id := range p.PartyIDs {
				if !d.ids[id] {
					left++
				}
			}
			if left < 2 && !d.ids[p.ID] && left < len(p.PartyIDs) {
				d.ids[p.ID], grew = true, true
			}
		}
	}
}

func (d *deleter) conflict() error {
	names := slices.Sorted(mapKeys(d.ids))
	const show = 5
	var b strings.Builder
	for i, r := range d.referrers {
		if i == show {
			fmt.Fprintf(&b, " and %d more", len(d.referrers)-show)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.String())
	}
	refs := make([]map[string]any, len(d.referrers))
	for i, r := range d.referrers {
		refs[i] = map[string]any{"section": r.Section, "key": r.Key}
	}
	return &Error{Code: ECONFLICT, Extensions: map[string]any{"referrers": refs},
		Message: fmt.Sprintf("%s: %d record(s) refer to it (%s); delete or change them first, or delete with cascade",
			strings.Join(names, ", "), len(d.referrers), b.String())}
}

func dropWhere[T any](d *deleter, s sec[T], pred func(*T) bool) {
	if !d.cascade {
		for _, x := range *s.list(d.ds) {
			if pred(x) {
				d.refer(s.ref(x))
			}
		}
		return
	}
	*s.list(d.ds) = slices.DeleteFunc(slices.Clone(*s.list(d.ds)), func(x *T) bool {
		if s.node && d.ids[s.keyOf(x)] {
			return false // removed as one of the deleted nodes
		}
		if pred(x) {
			d.res.record(s.name, s.key(x), Deleted)
			return true
		}
		return false
	})
}

// editWhere runs edit on a copy of each record; a record it changes
// refers to a deleted node: a referrer, or (cascade) replaced by the copy.
func editWhere[T any](d *deleter, s sec[T], edit func(*T) bool) {
	list := *s.list(d.ds)
	for i, x := range list {
		if s.node && d.ids[s.keyOf(x)] {
			continue
		}
		v := *x
		if !edit(&v) {
			continue
		}
		if !d.cascade {
			d.refer(s.ref(x))
			continue
		}
		if d.st != (Stamp{}) {
			*any(&v).(stamped).stamp() = d.st
		}
		list[i] = &v
		d.res.record(s.name, s.key(x), Updated)
	}
}

func unset(id *string, ids map[string]bool) bool {
	if *id != "" && ids[*id] {
		*id = ""
		return true
	}
	return false
}

func without(list *[]string, ids map[string]bool) bool {
	if !slices.ContainsFunc(*list, func(id string) bool { return ids[id] }) {
		return false
	}
	*list = slices.DeleteFunc(slices.Clone(*list), func(id string) bool { return ids[id] })
	return true
}

func uncite(cs *[]Citation, ids map[string]bool) bool {
	if !slices.ContainsFunc(*cs, func(c Citation) bool { return ids[c.SourceID] }) {
		return false
	}
	*cs = slices.DeleteFunc(slices.Clone(*cs), func(c Citation) bool { return ids[c.SourceID] })
	return true
}

// Single returns a dataset of one record given in a mutation argument
// (arg, e.g. "input"), so that problems with it name the argument's
// fields ("input.since").
func Single(arg string, rec any) *Dataset {
	ds := &Dataset{origin: map[any]recordOrigin{rec: {arg: arg}}}
	ds.Add(rec)
	return ds
}

// Add appends a record (a *City, *Membership, …) to its section.
func (ds *Dataset) Add(rec any) {
	switch r := rec.(type) {
	case *Source:
		ds.Sources = append(ds.Sources, r)
	case *Country:
		ds.Countries = append(ds.Countries, r)
	case *City:
		ds.Cities = append(ds.Cities, r)
	case *Network:
		ds.Networks = append(ds.Networks, r)
	case *Institution:
		ds.Institutions = append(ds.Institutions, r)
	case *Person:
		ds.People = append(ds.People, r)
	case *Membership:
		ds.Memberships = append(ds.Memberships, r)
	case *Founding:
		ds.Foundings = append(ds.Foundings, r)
	case *Office:
		ds.Offices = append(ds.Offices, r)
	case *Event:
		ds.Events = append(ds.Events, r)
	case *Partnership:
		ds.Partnerships = append(ds.Partnerships, r)
	case *Claim:
		ds.Claims = append(ds.Claims, r)
	default:
		panic(fmt.Sprintf("graph.Dataset.Add: %T is not a record type", rec))
	}
}

// DecodeRecord reads a record of type T from a mutation argument's value
// (fields named as in the dataset format), strictly: an unknown field is
// a problem named by its path under arg.
func DecodeRecord[T any](arg string, value any) (*T, error) {
	b, err := json.Marshal(value)
	if err != nil {
		return nil, Invalid(arg, "%v", err)
	}
	v := new(T)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// Every problem of the input, not only the first the decoder
		// stopped at.
		p := &problems{}
		checkJSON(b, reflect.TypeFor[T](), "", func(field, msg string) {
			p.add(Problem{Field: field, Path: argPath(arg, field), Message: msg})
		})
		if p.n == 0 {
			field, msg := decodeProblem(err)
			p.add(Problem{Field: field, Path: argPath(arg, field), Message: msg})
		}
		return nil, p.err()
	}
	if _, ok := any(v).(stamped); ok && *any(v).(stamped).stamp() != (Stamp{}) {
		return nil, &DatasetError{Problems: []Problem{{Field: "updatedAt", Path: argPath(arg, "updatedAt"), Message: "is set by the server"}}}
	}
	return v, nil
}

// PatchFields turns a mutation's patch argument into dataset fields.
func PatchFields(value map[string]any) (map[string]json.RawMessage, error) {
	out := make(map[string]json.RawMessage, len(value))
	for k, v := range value {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, Invalid("patch."+k, "%v", err)
		}
		out[k] = b
	}
	return out, nil
}

func argPath(arg, field string) string {
	switch {
	case arg == "":
		return ""
	case field == "":
		return arg
	}
	return arg + "." + field
}
