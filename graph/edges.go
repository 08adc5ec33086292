package graph

// Nodes returns every node record of the dataset, by type in NodeTypes
// order (cities, countries, networks, institutions, people, events,
// partnerships, sources), each type in dataset order.
func (ds *Dataset) Nodes() []Node {
	out := make([]Node, 0, len(ds.Cities)+len(ds.Countries)+len(ds.Networks)+len(ds.Institutions)+
		len(ds.People)+len(ds.Events)+len(ds.Partnerships)+len(ds.Sources))
	out = appendNodes(out, ds.Cities)
	out = appendNodes(out, ds.Countries)
	out = appendNodes(out, ds.Networks)
	out = appendNodes(out, ds.Institutions)
	out = appendNodes(out, ds.People)
	out = appendNodes(out, ds.Events)
	out = appendNodes(out, ds.Partnerships)
	return appendNodes(out, ds.Sources)
}

// appendNodes appends typed node records to a list of Nodes.
func appendNodes[T Node](out []Node, list []T) []Node {
	for _, n := range list {
		out = append(out, n)
	}
	return out
}

// Edges derives every relationship of the property-graph model from the
// dataset's records, each with its own direction, properties and the
// citations that support it. Every store builds its relationships from this
// one function, so they all hold the same graph:
//
//	membership              (City)-[:MEMBER_OF {since, until, status}]->(Network)
//	founding                (City|Person)-[:FOUNDED {date}]->(Network)
//	network.seat            (Network)-[:SEATED_IN]->(City)
//	city.country            (City)-[:IN_COUNTRY]->(Country)
//	institution.city        (Institution)-[:LOCATED_IN]->(City)
//	institution.country     (Institution)-[:IN_COUNTRY]->(Country), only when it has no city
//	event.place             (Event)-[:HELD_IN {date}]->(City)
//	event.organizer         (Network)-[:ORGANIZED {date}]->(Event)
//	event.participants[i]   (City|Institution)-[:ATTENDED {date}]->(Event)
//	partnership.parties[i]  (Partnership)-[:PARTY {date}]->(City|Institution)
//	office                  (Person)-[:HOLDS_OFFICE {title, since, until}]->(City)
//
// Relationships that come from a node's own record (seat, place, organizer,
// participants, parties, location) carry that record's citations. Sources
// are nodes with no relationships: citations are properties.
func (ds *Dataset) Edges() []Edge {
	n := len(ds.Memberships) + len(ds.Foundings) + len(ds.Networks) + len(ds.Cities) + len(ds.Institutions) + len(ds.Offices)
	for _, e := range ds.Events {
		n += 2 + len(e.ParticipantIDs)
	}
	for _, p := range ds.Partnerships {
		n += len(p.PartyIDs)
	}
	out := make([]Edge, 0, n)
	add := func(e Edge) { out = append(out, e) }
	for _, m := range ds.Memberships {
		add(Edge{Type: RelMemberOf, From: m.CityID, To: m.NetworkID, Since: m.Since, Until: m.Until, Status: m.Status, Sources: m.Sources})
	}
	for _, f := range ds.Foundings {
		add(Edge{Type: RelFounded, From: f.FounderID, To: f.NetworkID, Date: f.Date, Sources: f.Sources})
	}
	for _, n := range ds.Networks {
		if n.SeatID != "" {
			add(Edge{Type: RelSeatedIn, From: n.ID, To: n.SeatID, Sources: n.Sources})
		}
	}
	for _, c := range ds.Cities {
		add(Edge{Type: RelInCountry, From: c.ID, To: c.CountryID})
	}
	for _, i := range ds.Institutions {
		switch {
		case i.CityID != "":
			add(Edge{Type: RelLocatedIn, From: i.ID, To: i.CityID, Sources: i.Sources})
		case i.CountryID != "":
			add(Edge{Type: RelInCountry, From: i.ID, To: i.CountryID, Sources: i.Sources})
		}
	}
	for _, e := range ds.Events {
		if e.PlaceID != "" {
			add(Edge{Type: RelHeldIn, From: e.ID, To: e.PlaceID, Date: e.Date, Sources: e.Sources})
		}
		if e.OrganizerID != "" {
			add(Edge{Type: RelOrganized, From: e.OrganizerID, To: e.ID, Date: e.Date, Sources: e.Sources})
		}
		for _, p := range e.ParticipantIDs {
			add(Edge{Type: RelAttended, From: p, To: e.ID, Date: e.Date, Sources: e.Sources})
		}
	}
	for _, p := range ds.Partnerships {
		for _, party := range p.PartyIDs {
			add(Edge{Type: RelParty, From: p.ID, To: party, Date: p.Date, Sources: p.Sources})
		}
	}
	for _, o := range ds.Offices {
		add(Edge{Type: RelHoldsOffice, From: o.PersonID, To: o.CityID, Title: o.Title, Since: o.Since, Until: o.Until, Sources: o.Sources})
	}
	return out
}
