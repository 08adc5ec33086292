package documents

import (
	"slices"
	"strings"
	"testing"

	"citynet/graph"
)

// memberships lists the memberships proposed for a page as
// "city|network|since", sorted, naming city and network as resolved.
func memberships(t *testing.T, text, lang, publisher string) []string {
	t.Helper()
	countries := &graph.Dataset{Countries: []*graph.Country{
		{ID: "PL", Name: "Poland", LocalName: "Polska", AltNames: []string{"Polsce"}},
		{ID: "LT", Name: "Lithuania"},
	}}
	doc := &graph.Document{SourceID: "doc", Text: text, Hash: graph.ContentHash(text)}
	var out []string
	for _, p := range Extract(countries, doc, Meta{SourceID: "doc", Language: lang, Publisher: publisher}, nil) {
		if err := p.CheckQuotes(doc); err != nil {
			t.Fatal(err)
		}
		if p.Section != "memberships" {
			continue
		}
		var city, net string
		for _, e := range p.Entities {
			switch e.Role {
			case "city":
				city = e.Name
			case "network":
				net = e.Name
			}
		}
		out = append(out, city+"|"+net+"|"+string(p.Put.Memberships[0].Since))
	}
	slices.Sort(out)
	return out
}

type shape struct {
	name, text, lang, publisher string
	want                        []string
}

func runShapes(t *testing.T, cases []shape) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := memberships(t, c.text, c.lang, c.publisher)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// TestExtract_KeyLines: an organisation's entry (its heading, then
// fields) states the membership's start as a field.
func TestExtract_KeyLines(t *testing.T) {
	runShapes(t, []shape{
		{name: "PossessiveUnderHeading", lang: "en", text: "Membership in International Organisations\n\nUnion of the Baltic Cities\nGdansk's accession date: 30th October 1991\nMain office:\nul. Waly Jagiellonskie 1,\n80-853 Gdansk, Poland\n\nThe Union was set up in 1991 to further co-operation.\n\nCities for Cyclists\nGdansk's accession date: 28th October 1999\nMain office: Romersgade 5-7, 1362 Kobenhavn K, Denmark\n",
			want: []string{"Gdansk|Cities for Cyclists|1999-10-28", "Gdansk|Union of the Baltic Cities|1991-10-30"}},
		{name: "MemberSincePublisherCity", lang: "en", publisher: "City of Gdynia", text: "Our memberships\n\nEurocities\n\nMember since: 2004\n\nThe network of large European cities, founded in 1986.\n\nUnion of the Baltic Cities\n\nMember since 20.10.1995\n",
			want: []string{"Gdynia|Eurocities|2004", "Gdynia|Union of the Baltic Cities|1995-10-20"}},
		{name: "PolishFields", lang: "pl", publisher: "Urząd Miasta Gdyni", text: "Organizacje międzynarodowe\n\nZwiązek Miast Bałtyckich\nData przystąpienia: 12 maja 2000 r.\nSiedziba: Gdańsk\n\nStowarzyszenie Gmin Polskich Euroregionu Bałtyk\nCzłonek od 1998 r.\n\nGdynia to miasto portowe nad Bałtykiem. W Gdyni działa port.\n",
			want: []string{"Gdynia|Stowarzyszenie Gmin Polskich Euroregionu Bałtyk|1998", "Gdynia|Związek Miast Bałtyckich|2000-05-12"}},
		{name: "MembershipOfCityThenStatement", lang: "en", text: "Activities in international organizations\n\n\nMembership of Gdynia since 1998\nOn 22nd of February 1998 the Agreement establishing Euroregion Baltic was signed in Malbork. Gdynia is a member of the Communes Association of the Euroregion Baltic, which is a part of the Euroregion. On 31.12.2006 the members of the Association were 84 municipalities.\n",
			want: []string{"Gdynia|Communes Association of the Euroregion Baltic|1998"}},
		{name: "MemberOfNamedNetwork", lang: "en", publisher: "City of Gdynia", text: "Gdynia abroad\n\nMember of the Union of the Baltic Cities since 1991.\n\nCzłonek Związku Miast Polskich od 1998 r.\n",
			want: []string{"Gdynia|Union of the Baltic Cities|1991", "Gdynia|Związku Miast Polskich|1998"}},
		// negatives: a field that is no membership, a date with no
		// network, a membership key whose value holds more than a date.
		{name: "FoundedFieldIsNoMembership", lang: "en", publisher: "City of Gdynia", text: "Union of the Baltic Cities\nFounded: 1991\nMembers: 107 cities\n",
			want: nil},
		{name: "NoNetworkNoFact", lang: "en", publisher: "City of Gdynia", text: "Our memberships\n\nMember since: 2004\n",
			want: nil},
		{name: "NoCityNoFact", lang: "en", text: "Union of the Baltic Cities\nMember since: 2004\n",
			want: nil},
		{name: "ValueNotJustADate", lang: "en", publisher: "City of Gdynia", text: "Union of the Baltic Cities\nMember since: 2004, board member 2005-2007 and 2010\n",
			want: nil},
		{name: "SectionWithTwoNetworks", lang: "en", text: "Activities\n\nMembership of Gdynia since 1998\nGdynia is a member of the Union of the Baltic Cities and Gdynia is a member of Eurocities.\n",
			want: []string{"Gdynia|Eurocities|", "Gdynia|Union of the Baltic Cities|"}},
		{name: "DistrictIsNoCity", lang: "en", text: "Euroregion Baltic\nKlaipeda District's accession date: 12th May 1998\n",
			want: nil},
		{name: "MembershipOfUnknownName", lang: "en", text: "Activities\n\nMembership of Baltica since 1998\n",
			want: nil},
	})
}
