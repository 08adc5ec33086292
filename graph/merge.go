package graph

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Counts says what a merge did to one kind of record.
type Counts struct {
	Created, Updated, Unchanged int
}

// MergeSummary counts, per dataset section, what Merge created, replaced
// and left as it was: what an import's dry run reports.
type MergeSummary map[string]Counts

// Merge returns a new dataset: ds with every record of in added or, when
// its key is already there (id for nodes; the relationship's ends and
// since/title for memberships, foundings and offices; subject, property
// and value for claims), replacing the old one. Neither input changes.
// The result is not validated: call Validate on it, so an import is
// accepted or refused as a whole with every problem listed.
func (ds *Dataset) Merge(in *Dataset) (*Dataset, MergeSummary) {
	out, sum := &Dataset{}, MergeSummary{}
	id := func(n Node) string { return n.NodeID() }
	out.Sources = mergeSection(sum, "sources", ds.Sources, in.Sources, func(x *Source) string { return id(x) })
	out.Countries = mergeSection(sum, "countries", ds.Countries, in.Countries, func(x *Country) string { return id(x) })
	out.Cities = mergeSection(sum, "cities", ds.Cities, in.Cities, func(x *City) string { return id(x) })
	out.Networks = mergeSection(sum, "networks", ds.Networks, in.Networks, func(x *Network) string { return id(x) })
	out.Institutions = mergeSection(sum, "institutions", ds.Institutions, in.Institutions, func(x *Institution) string { return id(x) })
	out.People = mergeSection(sum, "people", ds.People, in.People, func(x *Person) string { return id(x) })
	out.Events = mergeSection(sum, "events", ds.Events, in.Events, func(x *Event) string { return id(x) })
	out.Partnerships = mergeSection(sum, "partnerships", ds.Partnerships, in.Partnerships, func(x *Partnership) string { return id(x) })
	out.Memberships = mergeSection(sum, "memberships", ds.Memberships, in.Memberships, func(m *Membership) string {
		return m.CityID + "\x00" + m.NetworkID + "\x00" + string(m.Since)
	})
	out.Foundings = mergeSection(sum, "founders", ds.Foundings, in.Foundings, func(f *Founding) string {
		return f.FounderID + "\x00" + f.NetworkID
	})
	out.Offices = mergeSection(sum, "offices", ds.Offices, in.Offices, func(o *Office) string {
		return o.PersonID + "\x00" + o.CityID + "\x00" + o.Title + "\x00" + string(o.Since)
	})
	out.Claims = mergeSection(sum, "claims", ds.Claims, in.Claims, func(c *Claim) string {
		return c.SubjectID + "\x00" + c.Property + "\x00" + c.Value
	})
	out.origin = map[any]recordOrigin{}
	for k, v := range ds.origin {
		out.origin[k] = v
	}
	for k, v := range in.origin {
		out.origin[k] = v
	}
	return out, sum
}

// mergeSection keeps base's order, replaces records whose key comes again
// in place, and appends new ones in the order given.
func mergeSection[T any](sum MergeSummary, section string, base, in []*T, key func(*T) string) []*T {
	out := make([]*T, len(base), len(base)+len(in))
	copy(out, base)
	at := make(map[string]int, len(base))
	for i, r := range base {
		at[key(r)] = i
	}
	c := sum[section]
	for _, r := range in {
		k := key(r)
		i, ok := at[k]
		switch {
		case !ok:
			at[k] = len(out)
			out = append(out, r)
			c.Created++
		case sameRecord(out[i], r):
			c.Unchanged++
		default:
			out[i] = r
			c.Updated++
		}
	}
	if c != (Counts{}) {
		sum[section] = c
	}
	return out
}

// sameRecord compares records as their dataset JSON, so an empty list and
// a missing one are the same.
func sameRecord(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

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
