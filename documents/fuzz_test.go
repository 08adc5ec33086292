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
	} {
		f.Add(s)
	}
	countries := &graph.Dataset{Countries: []*graph.Country{{ID: "PL", Name: "Poland", LocalName: "Polska", AltNames: []string{"Polsce"}}}}
	f.Fuzz(func(t *testing.T, text string) {
		doc := &graph.Document{SourceID: "doc", Text: text}
		for _, lang := range []string{"pl", "en"} {
			for _, p := range Extract(countries, doc, Meta{SourceID: "doc", Language: lang}, nil) {
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
