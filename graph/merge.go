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
	countries := map[string]bool{}
	for _, c := range ds.Countries {
		countries[c.ID] = true
	}
	cityByID := map[string]*City{}
	for _, c := range ds.Cities {
		cityByID[c.ID] = c
	}
	cityNames, netNames := indexNames(ds.Cities), indexNames(ds.Networks)
	out, p := &Dataset{}, &problems{}
	fail := func(r MembershipRow, field, format string, args ...any) {
		p.add(Problem{File: file, Record: fmt.Sprintf("line %d", r.Line), Field: field, Message: fmt.Sprintf(format, args...)})
	}
	seen := map[string]int{}
	for _, r := range rows {
		if !countries[r.Country] {
			fail(r, "country", "%s is not in the graph: add the country first", r.Country)
		}
		netID, candidates := netNames.find(r.Network)
		if netID == "" {
			if len(candidates) > 1 {
				fail(r, "network", "%q names several networks (%s): use the id", r.Network, strings.Join(candidates, ", "))
			} else {
				fail(r, "network", "no network with id or name %q: add the network first", r.Network)
			}
			continue
		}
		cityID, candidates := cityNames.find(r.City)
		switch {
		case cityID == "" && len(candidates) > 1:
			fail(r, "city", "%q names several cities (%s): use the id", r.City, strings.Join(candidates, ", "))
			continue
		case cityID == "":
			c := &City{ID: r.CityID(), Name: r.City, CountryID: r.Country}
			cityByID[c.ID], cityID = c, c.ID
			cityNames[c.ID] = []string{c.ID}
			cityNames[Fold(c.Name)] = []string{c.ID}
			out.Cities = append(out.Cities, c)
		case cityByID[cityID].CountryID != r.Country:
			fail(r, "country", "the city %q is in %s in the graph, not %s", cityID, cityByID[cityID].CountryID, r.Country)
		}
		k := cityID + "\x00" + netID + "\x00" + string(r.Since)
		if line, dup := seen[k]; dup {
			fail(r, "", "the same membership as line %d", line)
			continue
		}
		seen[k] = r.Line
		out.Memberships = append(out.Memberships, &Membership{CityID: cityID, NetworkID: netID, Since: r.Since, Status: StatusMember})
	}
	if len(p.list) > 0 {
		return nil, &DatasetError{p.list}
	}
	return out, nil
}
