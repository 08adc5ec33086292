package graph

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Validate checks the whole dataset: ids, required fields, enums, dates and
// every reference. It returns a *DatasetError listing every problem, or nil.
func (ds *Dataset) Validate() error {
	v := &validator{ds: ds, types: map[string]NodeType{}}
	v.nodes()
	v.relationships()
	if err := v.err(); err != nil {
		return err
	}
	ds.valid = true
	return nil
}

// Validated reports whether Validate (or LoadDataset) accepted the dataset.
// Stores call Validate only when it did not, which saves a second pass over
// a large dataset; a dataset must not be changed after it was validated.
func (ds *Dataset) Validated() bool { return ds.valid }

type validator struct {
	problems
	ds    *Dataset
	types map[string]NodeType
	// geonames maps a GeoNames id to the first city that has it.
	geonames map[int64]string
	// at is the record being checked; fail blames it.
	rec     any
	section string
	index   int
	id      string
}

func (v *validator) at(rec any, section string, i int, id string) {
	v.rec, v.section, v.index, v.id = rec, section, i, id
}

func (v *validator) fail(field, format string, args ...any) {
	if v.full() {
		v.add(Problem{}) // counted, not listed: skip describing it
		return
	}
	r := fmt.Sprintf("%s[%d]", v.section, v.ds.indexIn(v.rec, v.index))
	if v.id != "" {
		r += fmt.Sprintf(" %q", v.id)
	}
	o := v.ds.origin[v.rec]
	v.add(Problem{File: o.file, Line: o.line, Record: r, Field: field, Path: argPath(o.arg, field),
		Message: fmt.Sprintf(format, args...)})
}

func (v *validator) nodes() {
	ds := v.ds
	for i, n := range ds.Sources {
		v.node(n, "sources", i, n.ID, TypeSource)
		v.required("title", n.Title)
		v.required("language", n.Language)
		v.names("title", n.Title, "titleEn", n.TitleEn, "publisher", n.Publisher, "author", n.Author,
			"language", n.Language, "url", n.URL, "file", n.File)
		v.date("published", n.Published)
		v.date("updated", n.Updated)
	}
	for i, n := range ds.Countries {
		v.at(n, "countries", i, n.ID)
		if len(n.ID) != 2 || strings.ToUpper(n.ID) != n.ID || Fold(n.ID) != strings.ToLower(n.ID) {
			v.fail("id", "must be an ISO 3166-1 alpha-2 code in upper case, like PL")
		} else {
			v.register(n.ID, TypeCountry)
		}
		v.required("name", n.Name)
		v.names("name", n.Name, "localName", n.LocalName)
		v.strings("altNames", n.AltNames)
	}
	for i, n := range ds.Cities {
		v.node(n, "cities", i, n.ID, TypeCity)
		v.required("name", n.Name)
		v.names("name", n.Name, "localName", n.LocalName)
		v.strings("altNames", n.AltNames)
		v.required("country", n.CountryID)
		v.geo(n)
	}
	for i, n := range ds.Networks {
		v.node(n, "networks", i, n.ID, TypeNetwork)
		v.required("name", n.Name)
		v.names("name", n.Name, "localName", n.LocalName, "acronym", n.Acronym, "website", n.Website)
		v.freeText("description", n.Description)
		v.strings("altNames", n.AltNames)
		v.strings("topics", n.Topics)
		if n.Kind != "" && !n.Kind.Valid() {
			v.fail("kind", "unknown network kind %q", n.Kind)
		}
		if !n.Scope.Valid() {
			v.fail("scope", "must be one of INTERNATIONAL, EUROPEAN, NATIONAL, REGIONAL, got %q", n.Scope)
		}
		v.date("founded", n.Founded)
	}
	for i, n := range ds.Institutions {
		v.node(n, "institutions", i, n.ID, TypeInstitution)
		v.required("name", n.Name)
		v.names("name", n.Name, "localName", n.LocalName, "acronym", n.Acronym)
		v.strings("altNames", n.AltNames)
		if !n.Kind.Valid() {
			v.fail("kind", "unknown institution kind %q", n.Kind)
		}
	}
	for i, n := range ds.People {
		v.node(n, "people", i, n.ID, TypePerson)
		v.required("name", n.Name)
		v.names("name", n.Name)
		v.strings("altNames", n.AltNames)
	}
	for i, n := range ds.Events {
		v.node(n, "events", i, n.ID, TypeEvent)
		v.required("name", n.Name)
		v.names("name", n.Name, "localName", n.LocalName)
		v.freeText("description", n.Description)
		v.strings("topics", n.Topics)
		if !n.Kind.Valid() {
			v.fail("kind", "unknown event kind %q", n.Kind)
		}
		v.date("date", n.Date)
	}
	for i, n := range ds.Partnerships {
		v.node(n, "partnerships", i, n.ID, TypePartnership)
		v.names("name", n.Name)
		v.freeText("description", n.Description)
		v.strings("areas", n.Areas)
		if !n.Kind.Valid() {
			v.fail("kind", "unknown partnership kind %q", n.Kind)
		}
		v.date("date", n.Date)
	}
}

// node checks a slug id and registers it; ids are unique across all types.
func (v *validator) node(rec any, section string, i int, id string, t NodeType) {
	v.at(rec, section, i, id)
	if !ValidSlug(id) {
		v.fail("id", "must be a lowercase ASCII slug like %q, got %q", Slug(id + "x")[:max(0, len(Slug(id+"x"))-1)], id)
		return
	}
	v.register(id, t)
}

func (v *validator) register(id string, t NodeType) {
	if prev, dup := v.types[id]; dup {
		if v.full() {
			v.add(Problem{})
			return
		}
		v.fail("id", "duplicate id: already used by a %s (%s)", strings.ToLower(string(prev)), v.firstWithID(id))
		return
	}
	v.types[id] = t
}

// firstWithID says where the first node with id is: "cities[0] of
// a.json (line 3)". Only called for a problem that is listed.
func (v *validator) firstWithID(id string) string {
	for _, s := range sections {
		if !s.isNode() {
			continue
		}
		for i, k := range s.keys(v.ds) {
			if k == id {
				return v.where(v.recordAt(s.Name(), i), s.Name(), i)
			}
		}
	}
	return ""
}

// recordAt is the record at index i of a section of the dataset.
func (v *validator) recordAt(section string, i int) any {
	var rec any
	n := 0
	sectionNamed(section).each(v.ds, func(r any) {
		if n == i {
			rec = r
		}
		n++
	})
	return rec
}

// where names a record by its place in its file: "cities[0] of a.json
// (line 3)"; the file is left out when it is the one being blamed.
func (v *validator) where(rec any, section string, at int) string {
	o := v.ds.origin[rec]
	s := fmt.Sprintf("%s[%d]", section, v.ds.indexIn(rec, at))
	if o.file != "" && o.file != v.ds.origin[v.rec].file {
		s += " of " + o.file
	}
	if o.line > 0 {
		s += fmt.Sprintf(" (line %d)", o.line)
	}
	return s
}

func (v *validator) required(field, value string) {
	if strings.TrimSpace(value) == "" {
		v.fail(field, "is required")
	}
}

func (v *validator) strings(field string, list []string) {
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			v.fail(fmt.Sprintf("%s[%d]", field, i), "must not be empty")
		} else if bad := badText(s, false); bad != "" {
			v.fail(fmt.Sprintf("%s[%d]", field, i), "%s", bad)
		}
	}
}

// names checks fields (name, value pairs) that are shown on one line: a
// name, a title, a label, an address. They may not hold any control
// character (a NUL, a tab, a line break, an escape …) nor invalid UTF-8.
func (v *validator) names(fieldValues ...string) {
	for i := 0; i+1 < len(fieldValues); i += 2 {
		if bad := badText(fieldValues[i+1], false); bad != "" {
			v.fail(fieldValues[i], "%s", bad)
		}
	}
}

// freeText checks a field of running text (a description, a note, a
// quote), where tabs and line breaks are legitimate: any other control
// character, or invalid UTF-8, is refused.
func (v *validator) freeText(field, value string) {
	if bad := badText(value, true); bad != "" {
		v.fail(field, "%s", bad)
	}
}

// badText describes the first character of s that a field may not hold,
// or returns "". Refused everywhere: invalid UTF-8 and the C0 and C1
// control characters (NUL included) and DEL; in running text (free) tab,
// line feed and carriage return are allowed.
func badText(s string, free bool) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c < 0x80 {
			if free && (c == '\t' || c == '\n' || c == '\r') {
				i++
				continue
			}
			return fmt.Sprintf("must not contain the control character %U (at byte %d)", rune(c), i)
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Sprintf("is not valid UTF-8 (at byte %d)", i)
		}
		if r <= 0x9f {
			return fmt.Sprintf("must not contain the control character %U (at byte %d)", r, i)
		}
		i += size
	}
	return ""
}

func (v *validator) date(field string, d Date) {
	if _, err := ParseDate(string(d)); err != nil {
		v.fail(field, "%v", err)
	}
}

func (v *validator) period(since, until Date) {
	v.date("since", since)
	v.date("until", until)
	if since.Year0() > 0 && until.Year0() > 0 && until.Compare(since) < 0 && !strings.HasPrefix(string(since), string(until)) {
		v.fail("until", "%s is before since %s", until, since)
	}
}

// ref checks that field refers to an existing node of one of the types.
func (v *validator) ref(field, id string, required bool, types ...NodeType) {
	if id == "" {
		if required {
			v.fail(field, "is required")
		}
		return
	}
	t, ok := v.types[id]
	if !ok {
		v.fail(field, "refers to %q, which is not in the dataset", id)
		return
	}
	for _, want := range types {
		if t == want {
			return
		}
	}
	names := make([]string, len(types))
	for i, w := range types {
		names[i] = strings.ToLower(string(w))
	}
	v.fail(field, "refers to %q, a %s, but must refer to a %s", id, strings.ToLower(string(t)), strings.Join(names, " or "))
}

func (v *validator) citations(cs []Citation) {
	for i, c := range cs {
		f := fmt.Sprintf("sources[%d]", i)
		v.ref(f+".source", c.SourceID, true, TypeSource)
		if strings.TrimSpace(c.Quote) == "" {
			v.fail(f+".quote", "is required: quote the sentence that supports the fact")
		} else if bad := badText(c.Quote, true); bad != "" {
			v.fail(f+".quote", "%s", bad)
		}
	}
}

func (v *validator) relationships() {
	ds := v.ds
	for i, n := range ds.Countries {
		v.at(n, "countries", i, n.ID)
		v.citations(n.Sources)
	}
	for i, n := range ds.Cities {
		v.at(n, "cities", i, n.ID)
		if n.CountryID != "" {
			v.ref("country", n.CountryID, true, TypeCountry)
		}
		v.citations(n.Sources)
	}
	for i, n := range ds.Networks {
		v.at(n, "networks", i, n.ID)
		v.ref("seat", n.SeatID, false, TypeCity)
		v.citations(n.Sources)
	}
	for i, n := range ds.Institutions {
		v.at(n, "institutions", i, n.ID)
		v.ref("city", n.CityID, false, TypeCity)
		v.ref("country", n.CountryID, false, TypeCountry)
		v.citations(n.Sources)
	}
	for i, n := range ds.People {
		v.at(n, "people", i, n.ID)
		v.citations(n.Sources)
	}
	for i, n := range ds.Events {
		v.at(n, "events", i, n.ID)
		v.ref("place", n.PlaceID, false, TypeCity)
		v.ref("organizer", n.OrganizerID, false, TypeNetwork)
		v.distinct("participants", n.ParticipantIDs, 0, TypeCity, TypeInstitution)
		v.citations(n.Sources)
	}
	for i, n := range ds.Partnerships {
		v.at(n, "partnerships", i, n.ID)
		v.distinct("parties", n.PartyIDs, 2, TypeCity, TypeInstitution)
		v.citations(n.Sources)
	}
	seen := map[string]int{}
	key := func(section string, i int, parts ...string) {
		k := section + "\x00" + strings.Join(parts, "\x00")
		if j, dup := seen[k]; dup {
			v.fail("", "duplicate of %s", v.where(v.recordAt(section, j), section, j))
			return
		}
		seen[k] = i
	}
	for i, m := range ds.Memberships {
		v.at(m, "memberships", i, m.CityID+" → "+m.NetworkID)
		v.ref("city", m.CityID, true, TypeCity)
		v.ref("network", m.NetworkID, true, TypeNetwork)
		if !m.Status.Valid() {
			v.fail("status", "must be one of MEMBER, FULL_MEMBER, ASSOCIATE_MEMBER, OBSERVER, FORMER_MEMBER, got %q", m.Status)
		}
		v.period(m.Since, m.Until)
		v.names("phase", m.Phase)
		v.strings("focus", m.Focus)
		v.citations(m.Sources)
		key("memberships", i, m.CityID, m.NetworkID, string(m.Since))
	}
	for i, f := range ds.Foundings {
		v.at(f, "founders", i, f.FounderID+" → "+f.NetworkID)
		v.ref("founder", f.FounderID, true, TypeCity, TypePerson)
		v.ref("network", f.NetworkID, true, TypeNetwork)
		v.date("date", f.Date)
		v.freeText("note", f.Note)
		v.citations(f.Sources)
		key("founders", i, f.FounderID, f.NetworkID)
	}
	for i, o := range ds.Offices {
		v.at(o, "offices", i, o.PersonID+" → "+o.CityID)
		v.ref("person", o.PersonID, true, TypePerson)
		v.ref("city", o.CityID, true, TypeCity)
		v.required("title", o.Title)
		v.names("title", o.Title, "titleEn", o.TitleEn)
		v.period(o.Since, o.Until)
		v.citations(o.Sources)
		key("offices", i, o.PersonID, o.CityID, o.Title, string(o.Since))
	}
	for i, c := range ds.Claims {
		v.at(c, "claims", i, c.SubjectID+"."+c.Property)
		v.ref("subject", c.SubjectID, true, NodeTypes...)
		if !validProperty(c.Property) {
			v.fail("property", "must be a camelCase name like memberCountryCount, got %q", c.Property)
		}
		v.required("value", c.Value)
		v.names("value", c.Value)
		v.citations(c.Sources)
	}
}

// distinct checks a list of references: at least min, no repeats.
func (v *validator) distinct(field string, ids []string, min int, types ...NodeType) {
	if len(ids) < min {
		v.fail(field, "needs at least %d distinct entries, got %d", min, len(ids))
	}
	seen := map[string]bool{}
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		if seen[id] {
			v.fail(f, "%q is listed twice", id)
		}
		seen[id] = true
		v.ref(f, id, true, types...)
	}
}

func validProperty(p string) bool {
	if p == "" || p[0] < 'a' || p[0] > 'z' {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// geo checks a city's grounding: a position needs both coordinates, in
// range; a population is a count, dated by a year; a GeoNames id is
// positive and names one city only (two cities with one id would be one
// place under two slugs).
func (v *validator) geo(c *City) {
	switch {
	case c.Lat != nil && c.Lon == nil:
		v.fail("lon", "is required with lat: give both coordinates or neither")
	case c.Lat == nil && c.Lon != nil:
		v.fail("lat", "is required with lon: give both coordinates or neither")
	}
	if c.Lat != nil && !(*c.Lat >= -90 && *c.Lat <= 90) {
		v.fail("lat", "must be a latitude in degrees from -90 to 90, got %v", *c.Lat)
	}
	if c.Lon != nil && !(*c.Lon >= -180 && *c.Lon <= 180) {
		v.fail("lon", "must be a longitude in degrees from -180 to 180, got %v", *c.Lon)
	}
	if c.Population < 0 {
		v.fail("population", "must be 0 or more, got %d", c.Population)
	}
	if y := c.PopulationYear; y != "" {
		if len(y) != 4 || strings.Trim(y, "0123456789") != "" {
			v.fail("populationYear", "must be a year of four digits like 2022, got %q", y)
		} else if c.Population == 0 {
			v.fail("populationYear", "dates a population: give population too, or leave it out")
		}
	}
	switch {
	case c.GeonamesID < 0:
		v.fail("geonamesId", "must be a GeoNames id (a positive number), got %d", c.GeonamesID)
	case c.GeonamesID > 0:
		if v.geonames == nil {
			v.geonames = map[int64]string{}
		}
		if first, ok := v.geonames[c.GeonamesID]; ok {
			v.fail("geonamesId", "%d is already the GeoNames id of city %q", c.GeonamesID, first)
		} else {
			v.geonames[c.GeonamesID] = c.ID
		}
	}
}
