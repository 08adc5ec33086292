// Package graph is the domain of the city-networks knowledge graph: the node
// and relationship types, the Store interface every backend implements, the
// error codes they return and the helpers (dates, ids, name folding) that must
// behave identically in every backend.
//
// It depends on the standard library only, so that backends, resolvers and
// tools can all import it without pulling each other in.
package graph

import "time"

// Citation ties a fact to the document that supports it and the sentence
// quoted from it.
type Citation struct {
	SourceID string `json:"source"`
	Quote    string `json:"quote"`
}

// Source is a document the graph was built from.
type Source struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	TitleEn   string `json:"titleEn,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	Author    string `json:"author,omitempty"`
	Language  string `json:"language"`
	URL       string `json:"url,omitempty"`
	File      string `json:"file,omitempty"`
	Published Date   `json:"published,omitempty"`
	Updated   Date   `json:"updated,omitempty"`
	Stamp
}

// Country is identified by its ISO 3166-1 alpha-2 code.
type Country struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	LocalName string     `json:"localName,omitempty"`
	AltNames  []string   `json:"altNames,omitempty"`
	Sources   []Citation `json:"sources,omitempty"`
	Stamp
}

// City is a municipality. Its id is an ASCII slug of its English name.
type City struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	LocalName string   `json:"localName,omitempty"`
	AltNames  []string `json:"altNames,omitempty"`
	CountryID string   `json:"country"`
	// GeonamesID is the city's GeoNames id (> 0), 0 when not grounded.
	GeonamesID int64 `json:"geonamesId,omitempty"`
	// Lat and Lon are WGS84 degrees, both set or neither: a city with
	// one coordinate cannot be placed, so validation refuses it.
	Lat *float64 `json:"lat,omitempty"`
	Lon *float64 `json:"lon,omitempty"`
	// Population is the number of inhabitants (>= 0; 0 is unknown, as no
	// city has none), as of PopulationYear ("2022") when known.
	Population     int64      `json:"population,omitempty"`
	PopulationYear string     `json:"populationYear,omitempty"`
	Sources        []Citation `json:"sources,omitempty"`
	Stamp
}

// GeoPoint is a WGS84 position in degrees.
type GeoPoint struct {
	Lat, Lon float64
}

// Location is where the city is, nil when it has no coordinates.
func (c *City) Location() *GeoPoint {
	if c.Lat == nil || c.Lon == nil {
		return nil
	}
	return &GeoPoint{Lat: *c.Lat, Lon: *c.Lon}
}

// Network is a city network, association or international organisation.
type Network struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	LocalName   string       `json:"localName,omitempty"`
	Acronym     string       `json:"acronym,omitempty"`
	AltNames    []string     `json:"altNames,omitempty"`
	Kind        NetworkKind  `json:"kind,omitempty"`
	Scope       NetworkScope `json:"scope"`
	Founded     Date         `json:"founded,omitempty"`
	SeatID      string       `json:"seat,omitempty"`
	Website     string       `json:"website,omitempty"`
	Description string       `json:"description,omitempty"`
	Topics      []string     `json:"topics,omitempty"`
	Sources     []Citation   `json:"sources,omitempty"`
	Stamp
}

// Institution is a university, agency, foundation, convention bureau and
// the like. City and country are optional: sources do not always say.
type Institution struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	LocalName string          `json:"localName,omitempty"`
	Acronym   string          `json:"acronym,omitempty"`
	AltNames  []string        `json:"altNames,omitempty"`
	Kind      InstitutionKind `json:"kind"`
	CityID    string          `json:"city,omitempty"`
	CountryID string          `json:"country,omitempty"`
	Sources   []Citation      `json:"sources,omitempty"`
	Stamp
}

// Person is someone named by a source, such as a mayor.
type Person struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	AltNames []string   `json:"altNames,omitempty"`
	Sources  []Citation `json:"sources,omitempty"`
	Stamp
}

// Membership is (City)-[:MEMBER_OF]->(Network).
type Membership struct {
	CityID    string           `json:"city"`
	NetworkID string           `json:"network"`
	Since     Date             `json:"since,omitempty"`
	Until     Date             `json:"until,omitempty"`
	Status    MembershipStatus `json:"status"`
	Phase     string           `json:"phase,omitempty"`
	Focus     []string         `json:"focus,omitempty"`
	Sources   []Citation       `json:"sources,omitempty"`
	Stamp
}

// Founding is (City|Person)-[:FOUNDED]->(Network).
type Founding struct {
	FounderID string     `json:"founder"`
	NetworkID string     `json:"network"`
	Date      Date       `json:"date,omitempty"`
	Note      string     `json:"note,omitempty"`
	Sources   []Citation `json:"sources,omitempty"`
	Stamp
}

// Office is (Person)-[:HOLDS_OFFICE]->(City).
type Office struct {
	PersonID string     `json:"person"`
	CityID   string     `json:"city"`
	Title    string     `json:"title"`
	TitleEn  string     `json:"titleEn,omitempty"`
	Since    Date       `json:"since,omitempty"`
	Until    Date       `json:"until,omitempty"`
	Sources  []Citation `json:"sources,omitempty"`
	Stamp
}

// Event is a conference, general meeting, workshop or fair.
type Event struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	LocalName      string     `json:"localName,omitempty"`
	Kind           EventKind  `json:"kind"`
	Date           Date       `json:"date,omitempty"`
	PlaceID        string     `json:"place,omitempty"`
	OrganizerID    string     `json:"organizer,omitempty"`
	Topics         []string   `json:"topics,omitempty"`
	ParticipantIDs []string   `json:"participants,omitempty"`
	Description    string     `json:"description,omitempty"`
	Sources        []Citation `json:"sources,omitempty"`
	Stamp
}

// Partnership is an agreement between cities or institutions.
type Partnership struct {
	ID          string          `json:"id"`
	Kind        PartnershipKind `json:"kind"`
	Name        string          `json:"name,omitempty"`
	Date        Date            `json:"date,omitempty"`
	PartyIDs    []string        `json:"parties"`
	Areas       []string        `json:"areas,omitempty"`
	Description string          `json:"description,omitempty"`
	Sources     []Citation      `json:"sources,omitempty"`
	Stamp
}

// Claim is a value stated about a node by a source ("EUROCITIES has members
// in 39 countries"). Claims are kept per source so disagreement stays visible.
type Claim struct {
	SubjectID string     `json:"subject"`
	Property  string     `json:"property"`
	Value     string     `json:"value"`
	Sources   []Citation `json:"sources,omitempty"`
	Stamp
}

// Stamp records a record's last accepted write: when, and by whom (the
// caller's key or token name). Records never written through the API (the
// bundled dataset) have none. Stores set it; a value sent in an import is
// replaced.
type Stamp struct {
	At time.Time `json:"updatedAt,omitzero"`
	By string    `json:"updatedBy,omitempty"`
}

// UpdatedAt is when the record was last written, nil if never.
func (s Stamp) UpdatedAt() *time.Time {
	if s.At.IsZero() {
		return nil
	}
	return &s.At
}

// UpdatedBy is who last wrote the record, nil if never.
func (s Stamp) UpdatedBy() *string {
	if s.By == "" {
		return nil
	}
	return &s.By
}

func (s *Stamp) stamp() *Stamp { return s }

// stamped is every record type: they all embed Stamp.
type stamped interface{ stamp() *Stamp }
