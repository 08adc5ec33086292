package graph

import (
	"fmt"
	"slices"
	"strings"
)

// Counts says what a write did to one kind of record.
type Counts struct {
	Created, Updated, Unchanged, Deleted int
}

// MergeSummary counts, per dataset section, what a write created,
// replaced, left as it was and deleted: what an import's dry run reports.
type MergeSummary map[string]Counts

// nameIndex finds a node by its id or by any of its names, folded.
type nameIndex map[string][]string // folded name or id → ids

func indexNames[T Node](list []T) nameIndex {
	ix := nameIndex{}
	add := func(key, id string) {
		if key != "" && !slices.Contains(ix[key], id) {
			ix[key] = append(ix[key], id)
		}
	}
	for _, n := range list {
		add(n.NodeID(), n.NodeID())
		canonical, other := Names(n)
		for _, name := range append(canonical, other...) {
			add(Fold(name), n.NodeID())
		}
	}
	return ix
}

// find returns the id a name refers to: its slug if that is an id, else
// the one node with that name; ok is false when there is none, and ids
// lists the candidates when there are several.
func (ix nameIndex) find(name string) (id string, ids []string) {
	if got := ix[Slug(name)]; len(got) == 1 && got[0] == Slug(name) {
		return got[0], got
	}
	got := ix[Fold(name)]
	if len(got) == 1 {
		return got[0], got
	}
	return "", got
}

// MembershipsFromRows turns a membership list into dataset records against
// the graph it will be merged into. A city or network named in a row is
// the one whose id is the name's slug, or else the one with that name
// (in any of its names, folded: "Cracow" finds krakow). A city not in the
// graph is created with the row's name and country; the country and the
// network must already exist (a membership list does not say a network's
// scope, and nothing is invented). Problems name the file and line.
func MembershipsFromRows(file string, rows []MembershipRow, ds *Dataset) (*Dataset, error) {
	p := &problems{}
	b := newMembershipBuilder(file, ds, p)
	for _, r := range rows {
		b.add(r)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return b.out, nil
}

// membershipBuilder turns the rows of a membership list into records one
// at a time, as they are read (see MembershipsFromRows).
type membershipBuilder struct {
	file                string
	countries           map[string]bool
	cityByID            map[string]*City
	cityNames, netNames nameIndex
	out                 *Dataset
	p                   *problems
	seen                map[membershipKey]int // → the line that gave it
}

type membershipKey struct {
	city, network string
	since         Date
}

func newMembershipBuilder(file string, ds *Dataset, p *problems) *membershipBuilder {
	b := &membershipBuilder{file: file, countries: map[string]bool{}, cityByID: map[string]*City{},
		cityNames: indexNames(ds.Cities), netNames: indexNames(ds.Networks), out: &Dataset{}, p: p, seen: map[membershipKey]int{}}
	for _, c := range ds.Countries {
		b.countries[c.ID] = true
	}
	for _, c := range ds.Cities {
		b.cityByID[c.ID] = c
	}
	return b
}

func (b *membershipBuilder) fail(r MembershipRow, field, format string, args ...any) {
	if b.p.full() {
		b.p.add(Problem{})
		return
	}
	b.p.add(Problem{File: b.file, Line: r.Line, Record: fmt.Sprintf("line %d", r.Line), Field: field, Message: fmt.Sprintf(format, args...)})
}

func (b *membershipBuilder) add(r MembershipRow) {
	if !b.countries[r.Country] {
		b.fail(r, "country", "%s is not in the graph: add the country first", r.Country)
	}
	netID, candidates := b.netNames.find(r.Network)
	if netID == "" {
		if len(candidates) > 1 {
			b.fail(r, "network", "%q names several networks (%s): use the id", r.Network, strings.Join(candidates, ", "))
		} else {
			b.fail(r, "network", "no network with id or name %q: add the network first", r.Network)
		}
		return
	}
	cityID, candidates := b.cityNames.find(r.City)
	switch {
	case cityID == "" && len(candidates) > 1:
		b.fail(r, "city", "%q names several cities (%s): use the id", r.City, strings.Join(candidates, ", "))
		return
	case cityID == "":
		c := &City{ID: r.CityID(), Name: r.City, CountryID: r.Country}
		b.cityByID[c.ID], cityID = c, c.ID
		b.cityNames[c.ID] = []string{c.ID}
		b.cityNames[Fold(c.Name)] = []string{c.ID}
		b.out.Cities = append(b.out.Cities, c)
	case b.cityByID[cityID].CountryID != r.Country:
		b.fail(r, "country", "the city %q is in %s in the graph, not %s", cityID, b.cityByID[cityID].CountryID, r.Country)
	}
	k := membershipKey{cityID, netID, r.Since}
	if line, dup := b.seen[k]; dup {
		b.fail(r, "", "the same membership as line %d", line)
		return
	}
	b.seen[k] = r.Line
	b.out.Memberships = append(b.out.Memberships, &Membership{CityID: cityID, NetworkID: netID, Since: r.Since, Status: StatusMember})
}
