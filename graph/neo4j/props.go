package neo4j

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"citynet/graph"
)

// Mapping between domain records and Neo4j properties. Properties hold only
// what is known: an empty string or list is left out rather than stored.
// Citations are two parallel lists (citeSources, citeQuotes) since Neo4j
// properties cannot hold maps; partial dates stay ISO strings because Neo4j
// temporal types cannot express "1986" or "--10-15". A record's stamp is
// updatedAt (UTC, RFC 3339 with all nine fractional digits, so the strings
// sort as the instants do) and updatedBy: read back, they give the same
// instant to the nanosecond, in UTC, which is how stores stamp.

type props map[string]any

func (p props) set(key string, v any) props {
	switch v := v.(type) {
	case string:
		if v == "" {
			return p
		}
	case []string:
		if len(v) == 0 {
			return p
		}
	}
	p[key] = v
	return p
}

func (p props) cite(cs []graph.Citation) props {
	if len(cs) == 0 {
		return p
	}
	srcs, quotes := make([]string, len(cs)), make([]string, len(cs))
	for i, c := range cs {
		srcs[i], quotes[i] = c.SourceID, c.Quote
	}
	p["citeSources"], p["citeQuotes"] = srcs, quotes
	return p
}

// stampLayout is RFC 3339 with a fixed-width fraction: time.RFC3339Nano
// drops trailing zeros, which would make the strings sort out of order.
const stampLayout = "2006-01-02T15:04:05.000000000Z07:00"

func (p props) stamp(st graph.Stamp) props {
	if !st.At.IsZero() {
		p["updatedAt"] = st.At.UTC().Format(stampLayout)
	}
	return p.set("updatedBy", st.By)
}

// stamped reads a stamp back; an updatedAt that does not parse (not
// written by this store) counts as none.
func (p props) stamped() graph.Stamp {
	st := graph.Stamp{By: p.str("updatedBy")}
	if s := p.str("updatedAt"); s != "" {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			st.At = t.UTC()
		}
	}
	return st
}

// wgs84 is the SRID of Neo4j's geographic 2D points: a point with it
// is what point({latitude, longitude}) makes, what point.distance
// measures in metres and what a POINT INDEX on :City(location) serves.
const wgs84 = 4326

// geo stores a city's grounding: its position as one point property
// (never lat and lon apart, so that the point index and point.distance
// see every located city), the rest as numbers and a string; unknowns
// are left out like empty strings.
func (p props) geo(c *graph.City) props {
	if loc := c.Location(); loc != nil {
		p["location"] = dbtype.Point2D{X: loc.Lon, Y: loc.Lat, SpatialRefId: wgs84}
	}
	if c.GeonamesID != 0 {
		p["geonamesId"] = c.GeonamesID
	}
	if c.Population != 0 {
		p["population"] = c.Population
	}
	return p.set("populationYear", c.PopulationYear)
}

func (p props) int(key string) int64 {
	n, _ := p[key].(int64)
	return n
}

func (p props) str(key string) string {
	s, _ := p[key].(string)
	return s
}

func (p props) date(key string) graph.Date { return graph.Date(p.str(key)) }

func (p props) strs(key string) []string {
	switch v := p[key].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func (p props) citations() []graph.Citation {
	srcs, quotes := p.strs("citeSources"), p.strs("citeQuotes")
	if len(srcs) == 0 || len(srcs) != len(quotes) {
		return nil
	}
	out := make([]graph.Citation, len(srcs))
	for i := range srcs {
		out[i] = graph.Citation{SourceID: srcs[i], Quote: quotes[i]}
	}
	return out
}

// searchText is what the full-text and text indexes see: every name of the
// node, folded, one per line-like separator so substrings never span names.
func searchText(n graph.Node) string {
	canonical, other := graph.Names(n)
	var names []string
	for _, s := range append(canonical, other...) {
		if f := graph.Fold(s); f != "" {
			names = append(names, f)
		}
	}
	return strings.Join(names, " | ")
}

// nodeProps returns the properties of a node record.
func nodeProps(n graph.Node) props {
	p := props{"id": n.NodeID()}
	switch n := n.(type) {
	case *graph.City:
		p.set("name", n.Name).set("localName", n.LocalName).set("altNames", n.AltNames).set("countryId", n.CountryID).
			geo(n).cite(n.Sources).stamp(n.Stamp)
	case *graph.Country:
		p.set("name", n.Name).set("localName", n.LocalName).set("altNames", n.AltNames).cite(n.Sources).stamp(n.Stamp)
	case *graph.Network:
		p.set("name", n.Name).set("localName", n.LocalName).set("acronym", n.Acronym).set("altNames", n.AltNames).
			set("kind", string(n.Kind)).set("scope", string(n.Scope)).set("founded", string(n.Founded)).set("seatId", n.SeatID).
			set("website", n.Website).set("description", n.Description).set("topics", n.Topics).cite(n.Sources).stamp(n.Stamp)
	case *graph.Institution:
		p.set("name", n.Name).set("localName", n.LocalName).set("acronym", n.Acronym).set("altNames", n.AltNames).
			set("kind", string(n.Kind)).set("cityId", n.CityID).set("countryId", n.CountryID).cite(n.Sources).stamp(n.Stamp)
	case *graph.Person:
		p.set("name", n.Name).set("altNames", n.AltNames).cite(n.Sources).stamp(n.Stamp)
	case *graph.Event:
		p.set("name", n.Name).set("localName", n.LocalName).set("kind", string(n.Kind)).set("date", string(n.Date)).
			set("placeId", n.PlaceID).set("organizerId", n.OrganizerID).set("topics", n.Topics).
			set("participantIds", n.ParticipantIDs).set("description", n.Description).cite(n.Sources).stamp(n.Stamp)
	case *graph.Partnership:
		p.set("kind", string(n.Kind)).set("name", n.Name).set("date", string(n.Date)).set("partyIds", n.PartyIDs).
			set("areas", n.Areas).set("description", n.Description).cite(n.Sources).stamp(n.Stamp)
	case *graph.Source:
		p.set("title", n.Title).set("titleEn", n.TitleEn).set("publisher", n.Publisher).set("author", n.Author).
			set("language", n.Language).set("url", n.URL).set("file", n.File).set("published", string(n.Published)).
			set("updated", string(n.Updated)).stamp(n.Stamp)
	}
	return p.set("searchText", searchText(n))
}

// fromNode turns a Neo4j node back into a domain node; nil if it has no
// domain label.
func fromNode(n dbtype.Node) graph.Node {
	p := props(n.Props)
	for _, l := range n.Labels {
		switch l {
		case "City":
			c := &graph.City{ID: p.str("id"), Name: p.str("name"), LocalName: p.str("localName"), AltNames: p.strs("altNames"),
				CountryID: p.str("countryId"), GeonamesID: p.int("geonamesId"), Population: p.int("population"),
				PopulationYear: p.str("populationYear"), Sources: p.citations(), Stamp: p.stamped()}
			if pt, ok := p["location"].(dbtype.Point2D); ok {
				c.Lat, c.Lon = &pt.Y, &pt.X
			}
			return c
		case "Country":
			return &graph.Country{ID: p.str("id"), Name: p.str("name"), LocalName: p.str("localName"), AltNames: p.strs("altNames"),
				Sources: p.citations(), Stamp: p.stamped()}
		case "Network":
			return &graph.Network{ID: p.str("id"), Name: p.str("name"), LocalName: p.str("localName"), Acronym: p.str("acronym"),
				AltNames: p.strs("altNames"), Kind: graph.NetworkKind(p.str("kind")), Scope: graph.NetworkScope(p.str("scope")),
				Founded: p.date("founded"), SeatID: p.str("seatId"), Website: p.str("website"), Description: p.str("description"),
				Topics: p.strs("topics"), Sources: p.citations(), Stamp: p.stamped()}
		case "Institution":
			return &graph.Institution{ID: p.str("id"), Name: p.str("name"), LocalName: p.str("localName"), Acronym: p.str("acronym"),
				AltNames: p.strs("altNames"), Kind: graph.InstitutionKind(p.str("kind")), CityID: p.str("cityId"),
				CountryID: p.str("countryId"), Sources: p.citations(), Stamp: p.stamped()}
		case "Person":
			return &graph.Person{ID: p.str("id"), Name: p.str("name"), AltNames: p.strs("altNames"), Sources: p.citations(),
				Stamp: p.stamped()}
		case "Event":
			return &graph.Event{ID: p.str("id"), Name: p.str("name"), LocalName: p.str("localName"), Kind: graph.EventKind(p.str("kind")),
				Date: p.date("date"), PlaceID: p.str("placeId"), OrganizerID: p.str("organizerId"), Topics: p.strs("topics"),
				ParticipantIDs: p.strs("participantIds"), Description: p.str("description"), Sources: p.citations(),
				Stamp: p.stamped()}
		case "Partnership":
			return &graph.Partnership{ID: p.str("id"), Kind: graph.PartnershipKind(p.str("kind")), Name: p.str("name"),
				Date: p.date("date"), PartyIDs: p.strs("partyIds"), Areas: p.strs("areas"), Description: p.str("description"),
				Sources: p.citations(), Stamp: p.stamped()}
		case "Source":
			return &graph.Source{ID: p.str("id"), Title: p.str("title"), TitleEn: p.str("titleEn"), Publisher: p.str("publisher"),
				Author: p.str("author"), Language: p.str("language"), URL: p.str("url"), File: p.str("file"),
				Published: p.date("published"), Updated: p.date("updated"), Stamp: p.stamped()}
		}
	}
	return nil
}

// relKey identifies a relationship for MERGE: its type, ends and, where a
// pair can hold several (memberships over time, offices), since and title.
func relKey(e graph.Edge) string {
	return e.Key() + "@" + string(e.Since) + "@" + e.Title
}

// edgeProps returns the properties of a relationship; extra holds the
// record fields an Edge does not carry (phase, focus, note, titleEn, and
// the stamp of a membership, founding or office).
func edgeProps(e graph.Edge, extra props) props {
	p := props{"key": relKey(e)}
	p.set("since", string(e.Since)).set("until", string(e.Until)).set("status", string(e.Status)).
		set("title", e.Title).set("date", string(e.Date)).cite(e.Sources)
	for k, v := range extra {
		p.set(k, v)
	}
	return p
}

// toEdge turns a relationship's type, ends and properties into an Edge.
func toEdge(typ, from, to string, p props) graph.Edge {
	return graph.Edge{Type: graph.RelType(typ), From: from, To: to, Since: p.date("since"), Until: p.date("until"),
		Status: graph.MembershipStatus(p.str("status")), Title: p.str("title"), Date: p.date("date"), Sources: p.citations()}
}

func toMembership(city, network string, p props) *graph.Membership {
	return &graph.Membership{CityID: city, NetworkID: network, Since: p.date("since"), Until: p.date("until"),
		Status: graph.MembershipStatus(p.str("status")), Phase: p.str("phase"), Focus: p.strs("focus"), Sources: p.citations(),
		Stamp: p.stamped()}
}

func toFounding(founder, network string, p props) *graph.Founding {
	return &graph.Founding{FounderID: founder, NetworkID: network, Date: p.date("date"), Note: p.str("note"), Sources: p.citations(),
		Stamp: p.stamped()}
}

func toOffice(person, city string, p props) *graph.Office {
	return &graph.Office{PersonID: person, CityID: city, Title: p.str("title"), TitleEn: p.str("titleEn"),
		Since: p.date("since"), Until: p.date("until"), Sources: p.citations(), Stamp: p.stamped()}
}

// claimKey identifies a claim for MERGE and the uniqueness constraint: a
// hash of its subject, property and value, since the value is free text
// and an index key has a size limit (about 8 kB for a range index) that a
// long value would exceed, where the embedded store accepts it.
func claimKey(c *graph.Claim) string {
	h := sha256.Sum256([]byte(c.SubjectID + "\x00" + c.Property + "\x00" + c.Value))
	return hex.EncodeToString(h[:])
}

func claimProps(c *graph.Claim) props {
	return props{"key": claimKey(c), "subject": c.SubjectID,
		"property": c.Property, "value": c.Value}.cite(c.Sources).stamp(c.Stamp)
}

func toClaim(p props) *graph.Claim {
	return &graph.Claim{SubjectID: p.str("subject"), Property: p.str("property"), Value: p.str("value"), Sources: p.citations(),
		Stamp: p.stamped()}
}
