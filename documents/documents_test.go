package documents

import (
	"strings"
	"testing"

	"citynet/graph"
)

func TestHTMLText(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		got, err := HTMLText([]byte(`<html><head><title>x</title><script>var a=1</script></head><body>
<nav>Menu</nav><h2>Organizacje międzynarodowe</h2><p>Miasto należy do następujących organizacji:</p>
<ul><li>EUROCITIES</li><li>Mayors&nbsp;for Peace</li></ul><p>Koniec<br>tekstu.</p></body></html>`))
		if err != nil {
			t.Fatal(err)
		}
		want := "Organizacje międzynarodowe\n\nMiasto należy do następujących organizacji:\n\n• EUROCITIES\n• Mayors for Peace\n\nKoniec\ntekstu.\n"
		if got != want {
			t.Errorf("got\n%q\nwant\n%q", got, want)
		}
	})
	t.Run("DefinitionList", func(t *testing.T) {
		got, err := HTMLText([]byte(`<h3>Union of the Baltic Cities</h3><dl><dt>Member since</dt><dd>1991</dd><dt>Website</dt><dd><a href="#">ubc.net</a></dd></dl>`))
		if err != nil {
			t.Fatal(err)
		}
		want := "Union of the Baltic Cities\n\nMember since: 1991\n\nWebsite: ubc.net\n"
		if got != want {
			t.Errorf("got\n%q\nwant\n%q", got, want)
		}
	})
	t.Run("Table", func(t *testing.T) {
		got, err := HTMLText([]byte(`<h2>Memberships</h2><table><thead><tr><th>Organisation</th><th>Year of accession</th></tr></thead>
<tbody><tr><td>Eurocities</td><td>1995</td></tr><tr><td><a href="#">Union of the Baltic Cities</a></td><td> 1991 </td></tr></tbody></table><p>After.</p>`))
		if err != nil {
			t.Fatal(err)
		}
		want := "Memberships\n\nOrganisation | Year of accession\nEurocities | 1995\nUnion of the Baltic Cities | 1991\n\nAfter.\n"
		if got != want {
			t.Errorf("got\n%q\nwant\n%q", got, want)
		}
	})
}

func TestCheckDocumentText(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"OK", []byte("Bydgoszcz jest członkiem stowarzyszenia Eurocities."), true},
		{"Empty", []byte("   \n "), false},
		{"Binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), false},
		{"NotUTF8", []byte("Kraków \xff\xfe jest członkiem stowarzyszenia"), false},
		{"TooLarge", []byte(strings.Repeat("a ", graph.MaxDocumentBytes/2+1)), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := graph.CheckDocumentText("text", c.in)
			if (err == nil) != c.ok {
				t.Fatalf("got %v, want ok=%v", err, c.ok)
			}
			if err != nil && graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("code: got %s, want %s", graph.ErrorCode(err), graph.EINVALID)
			}
		})
	}
}

func TestCheckLanguage(t *testing.T) {
	t.Run("Detected", func(t *testing.T) {
		for text, want := range map[string]string{
			"Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r. i to jest w Polsce ważne dla miasta.": "pl",
			"Lublin became a full member of the Association in 2004, and the city is one of the members of the network.":          "en",
			"Die Stadt Chemnitz ist seit 2001 Mitglied des Netzwerks Eurocities und arbeitet mit den anderen Städten zusammen.":   "de",
		} {
			if got, err := CheckLanguage("", text); err != nil || got != want {
				t.Errorf("%q: got %q, %v, want %q", text[:20], got, err, want)
			}
		}
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		_, err := CheckLanguage("", "La ville est membre du réseau depuis 2005 et travaille avec les autres villes de la région.")
		if graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
		if _, err := CheckLanguage("fr", "x"); graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("given fr: got %v, want EINVALID", err)
		}
	})
}

func TestFindDates(t *testing.T) {
	for in, want := range map[string][]graph.Date{
		"jest członkiem od listopada 2005 r.":                 {"2005-11"},
		"15 października Kraków został przyjęty":              {"--10-15"},
		"podpisała – w roku 1992 – porozumienie":              {"1992"},
		"założone w 1986 roku":                                {"1986"},
		"as of 16 October 2003 consent was granted":           {"2003-10-16"},
		"W latach 2010-2012 był Przewodniczącym":              nil,
		"Data publikacji: 2016-07-25":                         {"2016-07-25"},
		"in November 2005 and on 1 May 2004":                  {"2005-11", "2004-05-01"},
		"30. Konferencja i Walne Zebranie ECM w Dubrowniku":   nil,
		"od 1 maja 2004 r., po przystąpieniu Polski do UE":    {"2004-05-01"},
		"spotkanie 3 czerwca w Antwerpii, bez roku w tekście": {"--06-03"},
		// ordinals, "of", commas, numbers and Roman months
		"Gdansk's accession date: 20th October 1995":        {"1995-10-20"},
		"On 22nd of February 1998 the Agreement was signed": {"1998-02-22"},
		"joined on October 20, 1995":                        {"1995-10-20"},
		"joined on October 1st, 1995":                       {"1995-10-01"},
		"in October, 1995":                                  {"1995-10"},
		"On 31.12.2006 the members were 84 municipalities":  {"2006-12-31"},
		"Data przystąpienia: 12.05.2000 r.":                 {"2000-05-12"},
		"Data przystąpienia: 12 V 2000 r.":                  {"2000-05-12"},
		"since 20/10/1995":                                  {"1995-10-20"},
		"since 10/20/1995":                                  {"1995-10-20"},
		"since 03/04/1995, March or April":                  {"1995"},
		"on 31.02.2006, no such day":                        {"2006"},
		"Data przystąpienia: 12 maja 2000 r.":               {"2000-05-12"},
		"Członek od 1998 r.":                                {"1998"},
		"joined on Oct. 20, 1995":                           {"1995-10-20"},
		"since Sept 2004":                                   {"2004-09"},
		"15 mayors signed the declaration in 2008":          {"2008"},
		"30 marketing experts met in 2010":                  {"2010"},
		"W dniu 04-11-2015r. odbyło się spotkanie":          {"2015-11-04"},
		// German
		"ist seit März 2005 Mitglied":            {"2005-03"},
		"trat am 1. Januar 1999 dem Verband bei": {"1999-01-01"},
		"seit dem Jahr 1992 Mitglied":            {"1992"},
	} {
		var got []graph.Date
		for _, d := range findDates(in) {
			got = append(got, d.date)
		}
		if strings.Join(toStrings(got), ",") != strings.Join(toStrings(want), ",") {
			t.Errorf("%q: got %v, want %v", in, got, want)
		}
	}
}

func toStrings(ds []graph.Date) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}

func extract(t *testing.T, ds *graph.Dataset, text, lang string) []*graph.Proposal {
	t.Helper()
	doc := &graph.Document{SourceID: "doc", Text: text, Hash: graph.ContentHash(text)}
	ps := Extract(ds, doc, Meta{SourceID: "doc", Language: lang}, nil)
	for _, p := range ps {
		if err := p.CheckQuotes(doc); err != nil {
			t.Fatal(err)
		}
	}
	return ps
}

func summaries(ps []*graph.Proposal) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Summary)
	}
	return out
}

func TestExtract(t *testing.T) {
	countries := &graph.Dataset{Countries: []*graph.Country{{ID: "PL", Name: "Poland", LocalName: "Polska", AltNames: []string{"Polsce"}}}}
	graphWithKrakow := &graph.Dataset{
		Countries: countries.Countries,
		Cities:    []*graph.City{{ID: "krakow", Name: "Kraków", CountryID: "PL", AltNames: []string{"Cracow"}}},
		Networks:  []*graph.Network{{ID: "eurocities", Name: "EUROCITIES", Scope: graph.ScopeEuropean}},
	}
	t.Run("PartialDates", func(t *testing.T) {
		ps := extract(t, countries, "Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.\n\n15 października Kraków został oficjalnie przyjęty w poczet członków Stowarzyszenia Eurocities.\n", "pl")
		got := summaries(ps)
		want := []string{"Bydgoszcz is a member of Eurocities since 2005-11", "Kraków is a member of Eurocities since --10-15"}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("got %q, want %q", got, want)
		}
		if st := ps[0].Put.Memberships[0].Status; st != graph.StatusFullMember {
			t.Errorf("status: got %s, want FULL_MEMBER", st)
		}
	})
	t.Run("InflectedExisting", func(t *testing.T) {
		ps := extract(t, graphWithKrakow, "Prezydent Miasta Krakowa Aleksander Miszalski podpisał list.\n", "pl")
		if len(ps) != 1 {
			t.Fatalf("got %q, want one office", summaries(ps))
		}
		var city graph.Resolution
		for _, e := range ps[0].Entities {
			if e.Role == "city" {
				city = e
			}
		}
		if city.ID != "krakow" || city.Match != graph.MatchInflected {
			t.Errorf("city: got %+v, want krakow INFLECTED", city)
		}
		if len(ps[0].Put.Cities) != 0 || len(ps[0].Put.People) != 1 {
			t.Errorf("put: got %d cities, %d people, want 0 and 1 (the person is new, the city is not)", len(ps[0].Put.Cities), len(ps[0].Put.People))
		}
	})
	t.Run("ListUnderLead", func(t *testing.T) {
		text := "Organizacje międzynarodowe\n\nMiasto Poznań jest członkiem 3 organizacji:\n\n • Cities for Cyclists’\n • EUROCITIES\n • WHO Healthy Cities Network – VI Phase\n"
		ps := extract(t, graphWithKrakow, text, "pl")
		var got []string
		for _, p := range ps {
			if p.Section == "memberships" {
				m := p.Put.Memberships[0]
				got = append(got, m.CityID+">"+m.NetworkID+":"+m.Phase)
			}
		}
		want := []string{"poznan>cities-for-cyclists:", "poznan>eurocities:", "poznan>who-healthy-cities-network:VI"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("InlineListOfCities", func(t *testing.T) {
		ps := extract(t, graphWithKrakow, "EUROCITIES\n\nW Polsce członkami stowarzyszenia są: Gdańsk, Łódź oraz Kraków.\n", "pl")
		var got []string
		for _, p := range ps {
			got = append(got, p.Put.Memberships[0].CityID)
			if len(p.Put.Cities) == 1 && p.Put.Cities[0].CountryID != "PL" {
				t.Errorf("%s: country got %q, want PL (\"W Polsce\")", p.Put.Cities[0].ID, p.Put.Cities[0].CountryID)
			}
		}
		if strings.Join(got, " ") != "gdansk krakow lodz" {
			t.Errorf("got %v, want gdansk krakow lodz (id order)", got)
		}
	})
	t.Run("NeverInventsAYear", func(t *testing.T) {
		ps := extract(t, countries, "Lublin jest członkiem sieci Eurocities od 15 października.\n", "pl")
		if len(ps) != 1 || ps[0].Put.Memberships[0].Since != "--10-15" {
			t.Fatalf("got %q, want since --10-15", summaries(ps))
		}
	})
	t.Run("AmbiguousDateProposesLess", func(t *testing.T) {
		ps := extract(t, countries, "W 2003 r. rada wyraziła zgodę, a w 2004 r. Lublin przystąpił do sieci Eurocities.\n", "pl")
		if len(ps) != 1 || ps[0].Put.Memberships[0].Since != "" {
			t.Fatalf("got %q, want one membership without a date", summaries(ps))
		}
	})
	t.Run("English", func(t *testing.T) {
		ps := extract(t, countries, "Eurocities was founded in 1986 by the mayors of six large cities: Barcelona, Birmingham, Frankfurt, Lyon, Milan and Rotterdam. Lublin is a full member of Eurocities since 2004.\n", "en")
		got := summaries(ps)
		if len(got) != 7 || got[6] != "Lublin is a member of Eurocities since 2004" {
			t.Errorf("got %q, want six foundings and Lublin's membership since 2004", got)
		}
	})
	t.Run("UnknownLanguageNothing", func(t *testing.T) {
		if ps := extract(t, countries, "Die Stadt ist seit 2005 Mitglied des Netzwerks Eurocities.\n", "pl"); len(ps) != 0 {
			t.Errorf("got %q, want nothing", summaries(ps))
		}
	})
	t.Run("RejectedNotProposedAgain", func(t *testing.T) {
		text := "Bydgoszcz jest członkiem stowarzyszenia Eurocities od listopada 2005 r.\n"
		doc := &graph.Document{SourceID: "doc", Text: text}
		ps := Extract(countries, doc, Meta{SourceID: "doc", Language: "pl"}, nil)
		if len(ps) != 1 {
			t.Fatalf("got %d proposals, want 1", len(ps))
		}
		again := Extract(countries, doc, Meta{SourceID: "doc", Language: "pl"}, map[string]bool{ps[0].Fingerprint: true})
		if len(again) != 0 {
			t.Errorf("got %q after rejecting, want nothing", summaries(again))
		}
	})
}

func TestExtract_Seats(t *testing.T) {
	ds := &graph.Dataset{Countries: []*graph.Country{{ID: "FR", Name: "France", LocalName: "Francja", AltNames: []string{"Francji"}}}}
	ps := extract(t, ds, "Białystok jest członkiem Międzynarodowego Stowarzyszenia Miast Przyjaznych Lalkarstwu AVIAMA (z fr. Association des Villes Amies de la Marionnette) z siedzibą w Charleville-Mézières we Francji.\n", "pl")
	var seat *graph.Proposal
	for _, p := range ps {
		if p.Section == "networks" {
			seat = p
		}
	}
	if seat == nil {
		t.Fatalf("got %q, want a seat", summaries(ps))
	}
	if len(seat.Put.Cities) != 1 || seat.Put.Cities[0].ID != "charleville-mezieres" || seat.Put.Cities[0].CountryID != "FR" ||
		len(seat.Put.Networks) != 1 || seat.Put.Networks[0].SeatID != "charleville-mezieres" {
		t.Errorf("seat records: got cities %+v networks %+v, want Charleville-Mézières (FR) as the network's seat", seat.Put.Cities, seat.Put.Networks)
	}
}
