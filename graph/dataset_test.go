package graph_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"citynet/graph"
)

// obj and arr keep the dataset literals below readable.
type (
	obj = map[string]any
	arr = []any
)

// minimalDataset returns a fresh, valid dataset with one record of every
// kind, as decoded JSON that a test can break before encoding it again.
func minimalDataset() obj {
	cite := func(q string) arr { return arr{obj{"source": "doc", "quote": q}} }
	return obj{
		"format":    "citynet-dataset",
		"version":   1,
		"sources":   arr{obj{"id": "doc", "title": "Dokument", "language": "pl", "published": "2016-07-25"}},
		"countries": arr{obj{"id": "PL", "name": "Poland", "localName": "Polska"}},
		"cities": arr{obj{"id": "x", "name": "Xtown", "localName": "Iksów", "altNames": arr{"Iksowa"}, "country": "PL",
			"sources": cite("Iksów jest miastem.")}},
		"networks": arr{obj{"id": "net", "name": "Network", "acronym": "NET", "kind": "ASSOCIATION", "scope": "EUROPEAN",
			"founded": "1986", "seat": "x", "sources": cite("Sieć założono w 1986 r.")}},
		"institutions": arr{obj{"id": "uni", "name": "University of Xtown", "kind": "UNIVERSITY", "city": "x", "country": "PL"}},
		"people":       arr{obj{"id": "mayor", "name": "Jan Kowalski"}},
		"memberships": arr{obj{"city": "x", "network": "net", "since": "2005-11", "until": "2010", "status": "FULL_MEMBER",
			"sources": cite("Iksów jest członkiem od listopada 2005 r.")}},
		"founders":     arr{obj{"founder": "x", "network": "net", "date": "1986"}},
		"offices":      arr{obj{"person": "mayor", "city": "x", "title": "Prezydent", "since": "--10-15"}},
		"events":       arr{obj{"id": "agm", "name": "AGM", "kind": "GENERAL_MEETING", "date": "2017", "place": "x", "organizer": "net", "participants": arr{"x", "uni"}}},
		"partnerships": arr{obj{"id": "twin", "kind": "PARTNER_CITIES", "date": "1992", "parties": arr{"x", "uni"}}},
		"claims":       arr{obj{"subject": "net", "property": "memberCountryCount", "value": "39", "sources": cite("… z 39 krajów")}},
	}
}

// MustJSON encodes v as indented JSON.
func MustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatalf("encoding test dataset: %v", err)
	}
	return b
}

// MustDatasetError fails unless err is a *graph.DatasetError, and returns it.
func MustDatasetError(tb testing.TB, ds *graph.Dataset, err error) *graph.DatasetError {
	tb.Helper()
	if ds != nil {
		tb.Errorf("dataset: got %d cities, want nil: nothing of an invalid dataset may load", len(ds.Cities))
	}
	var de *graph.DatasetError
	if !errors.As(err, &de) {
		tb.Fatalf("error: got %T %v, want *graph.DatasetError", err, err)
	}
	if len(de.Problems) == 0 {
		tb.Fatalf("DatasetError with no problems")
	}
	return de
}

// MustProblem fails unless de lists a problem in file, record and field
// whose message contains msg; it returns that problem.
func MustProblem(tb testing.TB, de *graph.DatasetError, file, record, field, msg string) graph.Problem {
	tb.Helper()
	for _, p := range de.Problems {
		if p.File == file && p.Record == record && p.Field == field && strings.Contains(p.Message, msg) {
			if !strings.Contains(de.Error(), p.String()) {
				tb.Errorf("Error() does not show the problem: got %q, want it to contain %q", de.Error(), p.String())
			}
			return p
		}
	}
	tb.Fatalf("problems: got\n%s\nwant one with file %q, record %q, field %q, message containing %q", listProblems(de), file, record, field, msg)
	return graph.Problem{}
}

func listProblems(de *graph.DatasetError) string {
	var b strings.Builder
	for _, p := range de.Problems {
		b.WriteString("  ")
		b.WriteString(p.String())
		b.WriteString("\n")
	}
	return b.String()
}

func section(d obj, name string) obj { return d[name].(arr)[0].(obj) }

func TestParseDataset(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		ds, err := graph.ParseDataset("test.json", MustJSON(t, minimalDataset()))
		MustOK(t, err)
		for _, c := range []struct {
			what      string
			got, want int
		}{
			{"sources", len(ds.Sources), 1}, {"countries", len(ds.Countries), 1}, {"cities", len(ds.Cities), 1},
			{"networks", len(ds.Networks), 1}, {"institutions", len(ds.Institutions), 1}, {"people", len(ds.People), 1},
			{"memberships", len(ds.Memberships), 1}, {"founders", len(ds.Foundings), 1}, {"offices", len(ds.Offices), 1},
			{"events", len(ds.Events), 1}, {"partnerships", len(ds.Partnerships), 1}, {"claims", len(ds.Claims), 1},
		} {
			if c.got != c.want {
				t.Errorf("%s: got %d, want %d", c.what, c.got, c.want)
			}
		}
		m := ds.Memberships[0]
		if m.CityID != "x" || m.NetworkID != "net" || m.Since != "2005-11" || m.Status != graph.StatusFullMember || len(m.Sources) != 1 || m.Sources[0].SourceID != "doc" {
			t.Errorf("membership: got %+v, want x → net since 2005-11 FULL_MEMBER citing doc", m)
		}
		if got := ds.Offices[0].Since; got != "--10-15" {
			t.Errorf("office since: got %q, want %q", got, "--10-15")
		}
	})

	t.Run("OKSectionsOptional", func(t *testing.T) {
		_, err := graph.ParseDataset("empty.json", []byte(`{"format": "citynet-dataset", "version": 1}`))
		MustOK(t, err)
	})

	for _, tt := range []struct {
		name                 string
		breakIt              func(d obj)
		record, field, inMsg string
	}{
		{"ErrDanglingCityCountry", func(d obj) { section(d, "cities")["country"] = "XX" },
			`cities[0] "x"`, "country", `"XX"`},
		{"ErrDanglingMembershipNetwork", func(d obj) { section(d, "memberships")["network"] = "nonet" },
			`memberships[0] "x → nonet"`, "network", `"nonet"`},
		{"ErrMembershipNetworkIsACity", func(d obj) { section(d, "memberships")["network"] = "x" },
			`memberships[0] "x → x"`, "network", "network"},
		{"ErrDanglingCitationSource", func(d obj) {
			section(d, "cities")["sources"] = arr{obj{"source": "nodoc", "quote": "Iksów jest miastem."}}
		}, `cities[0] "x"`, "sources[0].source", `"nodoc"`},
		{"ErrCitationSourceIsNotASource", func(d obj) {
			section(d, "claims")["sources"] = arr{obj{"source": "x", "quote": "…"}}
		}, `claims[0] "net.memberCountryCount"`, "sources[0].source", "source"},
		{"ErrDanglingEventPlace", func(d obj) { section(d, "events")["place"] = "atlantis" },
			`events[0] "agm"`, "place", `"atlantis"`},
		{"ErrDanglingFounder", func(d obj) { section(d, "founders")["founder"] = "nobody" },
			`founders[0] "nobody → net"`, "founder", `"nobody"`},
		{"ErrDanglingClaimSubject", func(d obj) { section(d, "claims")["subject"] = "ghost" },
			`claims[0] "ghost.memberCountryCount"`, "subject", `"ghost"`},
		{"ErrDuplicateID", func(d obj) {
			d["cities"] = append(d["cities"].(arr), obj{"id": "x", "name": "Another X", "country": "PL"})
		}, `cities[1] "x"`, "id", "duplicate"},
		{"ErrDuplicateIDAcrossTypes", func(d obj) {
			d["networks"] = append(d["networks"].(arr), obj{"id": "x", "name": "X Network", "scope": "NATIONAL"})
		}, `networks[1] "x"`, "id", "city"},
		{"ErrDuplicateMembership", func(d obj) {
			d["memberships"] = append(d["memberships"].(arr), obj{"city": "x", "network": "net", "since": "2005-11", "status": "MEMBER"})
		}, `memberships[1] "x → net"`, "", "duplicate"},
		{"ErrBadSlug", func(d obj) { section(d, "people")["id"] = "Jan Kowalski" },
			`people[0] "Jan Kowalski"`, "id", "slug"},
		{"ErrBadCountryCode", func(d obj) { section(d, "countries")["id"] = "pl" },
			`countries[0] "pl"`, "id", "ISO"},
		{"ErrMalformedDate", func(d obj) { section(d, "networks")["founded"] = "1986-1" },
			`networks[0] "net"`, "founded", "1986-1"},
		{"ErrMalformedDateSlashes", func(d obj) { section(d, "events")["date"] = "2017/06" },
			`events[0] "agm"`, "date", "2017/06"},
		{"ErrImpossibleMonth", func(d obj) { section(d, "memberships")["since"] = "2005-13" },
			`memberships[0] "x → net"`, "since", "2005-13"},
		{"ErrImpossibleDay", func(d obj) { section(d, "partnerships")["date"] = "2021-02-30" },
			`partnerships[0] "twin"`, "date", "2021-02-30"},
		{"ErrUntilBeforeSince", func(d obj) { section(d, "memberships")["until"] = "2001" },
			`memberships[0] "x → net"`, "until", "before"},
		{"ErrOfficeUntilBeforeSince", func(d obj) {
			o := section(d, "offices")
			o["since"], o["until"] = "2020-05", "2019"
		}, `offices[0] "mayor → x"`, "until", "before"},
		{"ErrPartnershipOneParty", func(d obj) { section(d, "partnerships")["parties"] = arr{"x"} },
			`partnerships[0] "twin"`, "parties", "at least 2"},
		{"ErrPartnershipSamePartyTwice", func(d obj) { section(d, "partnerships")["parties"] = arr{"x", "x"} },
			`partnerships[0] "twin"`, "parties[1]", "twice"},
		{"ErrBadScope", func(d obj) { section(d, "networks")["scope"] = "GLOBAL" },
			`networks[0] "net"`, "scope", "GLOBAL"},
		{"ErrBadMembershipStatus", func(d obj) { section(d, "memberships")["status"] = "HONORARY" },
			`memberships[0] "x → net"`, "status", "HONORARY"},
		{"ErrBadEventKind", func(d obj) { section(d, "events")["kind"] = "PARTY" },
			`events[0] "agm"`, "kind", "PARTY"},
		{"ErrBadClaimProperty", func(d obj) { section(d, "claims")["property"] = "member country count" },
			`claims[0] "net.member country count"`, "property", "camelCase"},
		{"ErrEmptyQuote", func(d obj) {
			section(d, "memberships")["sources"] = arr{obj{"source": "doc", "quote": "  "}}
		}, `memberships[0] "x → net"`, "sources[0].quote", "required"},
		{"ErrMissingName", func(d obj) { delete(section(d, "cities"), "name") },
			`cities[0] "x"`, "name", "required"},
		{"ErrMissingCountry", func(d obj) { delete(section(d, "cities"), "country") },
			`cities[0] "x"`, "country", "required"},
		{"ErrEmptyAltName", func(d obj) { section(d, "cities")["altNames"] = arr{"Iksowa", ""} },
			`cities[0] "x"`, "altNames[1]", "empty"},
		{"ErrUnknownField", func(d obj) {
			c := section(d, "cities")
			delete(c, "country")
			c["contry"] = "PL"
		}, `cities[0] "x"`, "contry", "unknown field"},
		{"ErrWrongJSONType", func(d obj) { section(d, "cities")["name"] = 5 },
			`cities[0] "x"`, "name", "string"},
		{"ErrWrongJSONTypeList", func(d obj) { section(d, "partnerships")["parties"] = "x, uni" },
			`partnerships[0] "twin"`, "parties", "array"},
		{"ErrMissingFormat", func(d obj) { delete(d, "format") },
			"", "format", "citynet-dataset"},
		{"ErrWrongFormat", func(d obj) { d["format"] = "geojson" },
			"", "format", "citynet-dataset"},
		{"ErrMissingVersion", func(d obj) { delete(d, "version") },
			"", "version", "1"},
		{"ErrWrongVersion", func(d obj) { d["version"] = 2 },
			"", "version", "1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := minimalDataset()
			tt.breakIt(d)
			ds, err := graph.ParseDataset("test.json", MustJSON(t, d))
			de := MustDatasetError(t, ds, err)
			MustProblem(t, de, "test.json", tt.record, tt.field, tt.inMsg)
		})
	}

	t.Run("ErrUnknownTopLevelField", func(t *testing.T) {
		d := minimalDataset()
		d["citiez"] = arr{}
		ds, err := graph.ParseDataset("test.json", MustJSON(t, d))
		de := MustDatasetError(t, ds, err)
		MustProblem(t, de, "test.json", "", "", "citiez")
	})

	t.Run("ErrSyntax", func(t *testing.T) {
		src := "{\n  \"format\": \"citynet-dataset\",\n  \"version\": 1,\n  \"cities\": [{\"id\": \"x\",}]\n}\n"
		ds, err := graph.ParseDataset("broken.json", []byte(src))
		de := MustDatasetError(t, ds, err)
		p := MustProblem(t, de, "broken.json", "", "", "")
		if !regexp.MustCompile(`line 4, column \d+`).MatchString(p.Message) {
			t.Errorf("message: got %q, want it to give the line (4) and column of the error", p.Message)
		}
	})

	t.Run("ErrTwoJSONValues", func(t *testing.T) {
		ds, err := graph.ParseDataset("two.json", []byte(`{"format": "citynet-dataset", "version": 1} {}`))
		de := MustDatasetError(t, ds, err)
		MustProblem(t, de, "two.json", "", "", "more than one")
	})

	t.Run("ErrListsEveryProblem", func(t *testing.T) {
		d := minimalDataset()
		section(d, "cities")["country"] = "XX"
		section(d, "memberships")["network"] = "nonet"
		section(d, "networks")["founded"] = "1986-13"
		section(d, "partnerships")["parties"] = arr{"x", "x"}
		ds, err := graph.ParseDataset("test.json", MustJSON(t, d))
		de := MustDatasetError(t, ds, err)
		MustProblem(t, de, "test.json", `cities[0] "x"`, "country", "XX")
		MustProblem(t, de, "test.json", `memberships[0] "x → nonet"`, "network", "nonet")
		MustProblem(t, de, "test.json", `networks[0] "net"`, "founded", "1986-13")
		MustProblem(t, de, "test.json", `partnerships[0] "twin"`, "parties[1]", "twice")
		if len(de.Problems) != 4 {
			t.Errorf("problems: got %d\n%s want 4", len(de.Problems), listProblems(de))
		}
	})

	t.Run("ErrListsEveryDecodingProblem", func(t *testing.T) {
		d := minimalDataset()
		section(d, "cities")["contry"] = "PL"
		section(d, "networks")["name"] = true
		ds, err := graph.ParseDataset("test.json", MustJSON(t, d))
		de := MustDatasetError(t, ds, err)
		MustProblem(t, de, "test.json", `cities[0] "x"`, "contry", "unknown field")
		MustProblem(t, de, "test.json", `networks[0] "net"`, "name", "string")
	})
}

func TestLoadDataset(t *testing.T) {
	header := func(extra string) string {
		return `{"format": "citynet-dataset", "version": 1` + extra + "}"
	}
	// Sources and places in one file, the network in another: each file
	// alone would fail (dangling references) but together they are valid.
	split := fstest.MapFS{
		"data/a_sources.json": {Data: []byte(header(`, "sources": [{"id": "doc", "title": "Dokument", "language": "pl"}]`))},
		"data/b_places.json": {Data: []byte(header(`, "countries": [{"id": "PL", "name": "Poland"}],
			"cities": [{"id": "x", "name": "Xtown", "country": "PL", "sources": [{"source": "doc", "quote": "Iksów."}]}]`))},
		"data/c_networks.json": {Data: []byte(header(`, "networks": [{"id": "net", "name": "Network", "scope": "EUROPEAN"}],
			"memberships": [{"city": "x", "network": "net", "status": "MEMBER"}]`))},
		"data/README.md":    {Data: []byte("not a dataset file")},
		"other/ignore.json": {Data: []byte("not even JSON")},
	}

	t.Run("OK", func(t *testing.T) {
		ds, err := graph.LoadDataset(split, "data")
		MustOK(t, err)
		if len(ds.Sources) != 1 || len(ds.Countries) != 1 || len(ds.Cities) != 1 || len(ds.Networks) != 1 || len(ds.Memberships) != 1 {
			t.Errorf("merged dataset: got %d sources, %d countries, %d cities, %d networks, %d memberships; want 1 of each",
				len(ds.Sources), len(ds.Countries), len(ds.Cities), len(ds.Networks), len(ds.Memberships))
		}
	})

	t.Run("OKRoot", func(t *testing.T) {
		fsys := fstest.MapFS{"all.json": {Data: MustJSON(t, minimalDataset())}}
		ds, err := graph.LoadDataset(fsys, ".")
		MustOK(t, err)
		if len(ds.Cities) != 1 {
			t.Errorf("cities: got %d, want 1", len(ds.Cities))
		}
	})

	t.Run("ErrDuplicateAcrossFiles", func(t *testing.T) {
		// Each file is valid alone; together they use "x" twice.
		a := MustJSON(t, minimalDataset())
		b := []byte(header(`, "networks": [{"id": "x", "name": "X Network", "scope": "NATIONAL"}]`))
		for name, data := range map[string][]byte{"a.json": a, "b.json": b} {
			_, err := graph.ParseDataset(name, data)
			MustOK(t, err)
		}
		fsys := fstest.MapFS{"d/a.json": {Data: a}, "d/b.json": {Data: b}}
		ds, err := graph.LoadDataset(fsys, "d")
		de := MustDatasetError(t, ds, err)
		// The later record is blamed, in the file it came from, by its
		// index in that file.
		MustProblem(t, de, "d/b.json", `networks[0] "x"`, "id", "duplicate")
	})

	t.Run("ErrDanglingAcrossFiles", func(t *testing.T) {
		fsys := fstest.MapFS{}
		for k, v := range split {
			if k != "data/a_sources.json" {
				fsys[k] = v
			}
		}
		ds, err := graph.LoadDataset(fsys, "data")
		de := MustDatasetError(t, ds, err)
		MustProblem(t, de, "data/b_places.json", `cities[0] "x"`, "sources[0].source", `"doc"`)
	})

	t.Run("ErrProblemsInSeveralFiles", func(t *testing.T) {
		fsys := fstest.MapFS{
			"a.json": {Data: []byte(header(`, "cities": [{"id": "x", "name": "X", "country": "PL", "contry": "PL"}]`))},
			"b.json": {Data: []byte("{\n\"format\": \"citynet-dataset\",\n\"version\": 1,,\n}")},
			"c.json": {Data: []byte(`{"version": 1}`)},
		}
		ds, err := graph.LoadDataset(fsys, ".")
		de := MustDatasetError(t, ds, err)
		MustProblem(t, de, "a.json", `cities[0] "x"`, "contry", "unknown field")
		p := MustProblem(t, de, "b.json", "", "", "line 3")
		if !strings.Contains(p.Message, "column") {
			t.Errorf("syntax error message: got %q, want line and column", p.Message)
		}
		MustProblem(t, de, "c.json", "", "format", "citynet-dataset")
	})

	t.Run("ErrNoFiles", func(t *testing.T) {
		ds, err := graph.LoadDataset(fstest.MapFS{"data/README.md": {Data: []byte("x")}}, "data")
		de := MustDatasetError(t, ds, err)
		if !strings.Contains(de.Error(), "no *.json") {
			t.Errorf("error: got %q, want it to say there are no *.json files", de.Error())
		}
	})
}

func TestDatasetError_Error(t *testing.T) {
	// A dataset with many problems shows the first ones and counts the rest.
	d := minimalDataset()
	var cities arr
	for range 25 {
		cities = append(cities, obj{"id": "x", "name": "X", "country": "PL"})
	}
	d["cities"] = cities
	ds, err := graph.ParseDataset("many.json", MustJSON(t, d))
	de := MustDatasetError(t, ds, err)
	msg := de.Error()
	if !strings.HasPrefix(msg, "invalid dataset: ") || !strings.Contains(msg, "more") {
		t.Errorf("Error(): got %q, want a count and a “… and N more” line", msg)
	}
}

func TestLoadDataset_Validated(t *testing.T) {
	fsys := fstest.MapFS{"a.json": {Data: MustJSON(t, minimalDataset())}}
	ds, err := graph.LoadDataset(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	if !ds.Validated() {
		t.Error("LoadDataset: got Validated() false, want true (stores rely on it to skip a second pass)")
	}
	if (&graph.Dataset{}).Validated() {
		t.Error("a dataset built in Go: got Validated() true before Validate")
	}
}

// A null record takes the careful path and is reported, not skipped.
func TestLoadDataset_ErrNullRecord(t *testing.T) {
	d := minimalDataset()
	d["cities"] = append(d["cities"].(arr), nil)
	_, err := graph.LoadDataset(fstest.MapFS{"a.json": {Data: MustJSON(t, d)}}, ".")
	de := MustDatasetError(t, nil, err)
	MustProblem(t, de, "a.json", `cities[1]`, "id", "")
}
