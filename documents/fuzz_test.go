package documents

import (
	"testing"

	"citynet/graph"
)

// FuzzExtract: whatever the text, reading it does not panic and every
// quote of every proposal is a verbatim substring at its offset.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.\n",
		"Miasto Poznań jest członkiem 2 organizacji:\n\n • EUROCITIES\n • Mayors for Peace\n",
		"W Polsce członkami stowarzyszenia są: Gdańsk, Łódź oraz Kraków.",
		"Eurocities was founded in 1986 by the mayors of six cities: Barcelona, Milan and Rotterdam.",
		"UCEU, Union of Capitals\n\nStockholm is a member since 1995.\n",
		"EUROCITIESBydgoszcz jest członkiem „X” od 15 października.\u00a0\u00a0•\n",
		"Prezydent Miasta Krakowa Aleksander Miszalski",
		"Union of the Baltic Cities (UBC)\nGdansk's accession date: 30th October 1991\nMain office:\nul. Waly 1,\n",
		"Activities\n\nMembership of Gdynia since 1998\nGdynia is a member of the Union of the Baltic Cities. On 31.12.2006 the members were 84.\n",
		"Organisation | Year of accession\nEurocities | 1995\n| Union of the Baltic Cities | 20.10.1991 |\nA\tB\n",
		"Gdańsk jest członkiem Eurocities od 1995 r., Związku Miast Bałtyckich od 1991 r. oraz Energy Cities (od 2000 r.)\n",
		"The city is a member of:\n\n• Eurocities (since 1995)\n• Energy Cities – a network\n",
	} {
		f.Add(s)
	}
	countries := &graph.Dataset{Countries: []*graph.Country{{ID: "PL", Name: "Poland", LocalName: "Polska", AltNames: []string{"Polsce"}}}}
	f.Fuzz(func(t *testing.T, text string) {
		doc := &graph.Document{SourceID: "doc", Text: text}
		for _, lang := range []string{"pl", "en"} {
			for _, p := range Extract(countries, doc, Meta{SourceID: "doc", Language: lang, Publisher: "City of Gdańsk"}, nil) {
				if err := p.CheckQuotes(doc); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := HTMLText([]byte(text)); err != nil {
			t.Skip()
		}
	})
}
