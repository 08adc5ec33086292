package graph_test

import (
	"testing"

	"citynet/graph"
)

func TestFold(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Kraków", "krakow"},
		{"KRAKÓW", "krakow"},
		{"krakow", "krakow"},
		{"ŁÓDŹ", "lodz"},
		{"Łódź", "lodz"},
		{"Poznań – Ille-et-Vilaine", "poznan ille et vilaine"},
		{"Charleville-Mézières", "charleville mezieres"},
		{"Białystok", "bialystok"},
		{"Gdańsk", "gdansk"},
		{"Wrocław", "wroclaw"},
		{"Rzeszów", "rzeszow"},
		{"Żylina-Chudzik", "zylina chudzik"},
		{"Cities for Cyclists’", "cities for cyclists"},
		{"  Open & Agile   Smart Cities. ", "open agile smart cities"},
		{"WHO Healthy Cities Network – VI Phase", "who healthy cities network vi phase"},
		{"Straße", "strasse"},
		{"", ""},
		{" – ", ""},
	} {
		if got := graph.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Białystok", "bialystok"},
		{"Kraków", "krakow"},
		{"ŁÓDŹ", "lodz"},
		{"Charleville-Mézières", "charleville-mezieres"},
		{"Poznań – Ille-et-Vilaine", "poznan-ille-et-vilaine"},
		{"WHO Healthy Cities", "who-healthy-cities"},
		{"European Cities Marketing", "european-cities-marketing"},
		{"  Mayors for Peace! ", "mayors-for-peace"},
	} {
		got := graph.Slug(tt.in)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !graph.ValidSlug(got) {
			t.Errorf("ValidSlug(Slug(%q) = %q) = false, want true", tt.in, got)
		}
	}
}

func TestValidSlug(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, id := range []string{"krakow", "who-healthy-cities", "a1", "2017-agm", "x"} {
			if !graph.ValidSlug(id) {
				t.Errorf("ValidSlug(%q) = false, want true", id)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, id := range []string{"", "-krakow", "krakow-", "who--cities", "Krakow", "kraków", "a_b", "a b", "PL", "a.b"} {
			if graph.ValidSlug(id) {
				t.Errorf("ValidSlug(%q) = true, want false", id)
			}
		}
	})
}

func TestMatchScore(t *testing.T) {
	for _, tt := range []struct {
		name      string
		query     string
		candidate string
		canonical bool
		want      int
	}{
		{"exact", "Kraków", "Kraków", true, graph.ScoreExact},
		{"exact folded", "krakow", "Kraków", true, graph.ScoreExact},
		{"exact upper case", "KRAKÓW", "Kraków", true, graph.ScoreExact},
		{"inflected Krakowa", "Krakowa", "Kraków", true, graph.ScoreInflected},
		{"inflected Barcelony", "Barcelony", "Barcelona", true, graph.ScoreInflected},
		{"inflected Poznaniu", "Poznaniu", "Poznań", true, graph.ScoreInflected},
		{"inflected two words", "Ligi Miast", "Liga Miasta", true, graph.ScoreInflected},
		{"alt name exact Mediolan", "Mediolan", "Mediolan", false, graph.ScoreExact - 5},
		{"alt name inflected Mediolanu", "Mediolan", "Mediolanu", false, graph.ScoreInflected - 5},
		{"prefix", "barc", "Barcelona", true, graph.ScorePrefix},
		{"prefix of alt name", "barc", "Barcelona", false, graph.ScorePrefix - 5},
		{"word prefix", "ille vil", "Poznań – Ille-et-Vilaine", true, graph.ScoreWordPrefix},
		{"word stem", "fundacji", "Fundacja Poznań – Ille et Vilaine", true, graph.ScoreWordStem},
		{"substring", "ozna", "Poznań", true, graph.ScoreSubstring},
		// The Polish mobile e: the nominative's last e drops in every other case.
		{"mobile e Związku", "Związku", "Związek", true, graph.ScoreInflected},
		{"mobile e Związkiem", "Związkiem", "Związek", true, graph.ScoreInflected},
		{"mobile e the other way", "Związek", "Związku", false, graph.ScoreInflected - 5},
		{"mobile e in a name", "Związku Miast Bałtyckich", "Związek Miast Bałtyckich", true, graph.ScoreInflected},
		{"mobile ie Bolesławca", "Bolesławca", "Bolesławiec", true, graph.ScoreInflected},
		{"mobile e word stem", "związku", "Związek Gmin Wiejskich", true, graph.ScoreWordStem},
		{"mobile e not for a short stem", "Marka", "Marek", true, 0},
		{"mobile e not for the bare stem", "Genk", "Genek", true, 0},
		{"mobile e not for another ending", "Związkowy", "Związek", true, 0},
		{"mobile e not for another town", "Bolesławice", "Bolesławiec", true, 0},
		{"mobile e not after a vowel", "Lubka", "Lubeek", true, 0},
		{"substring too short", "oz", "Poznań", true, 0},
		{"Lublin is not Lublana", "Lublin", "Lublana", false, 0},
		{"Lublin is not Ljubljana", "Lublin", "Ljubljana", true, 0},
		{"Lublana is not Lublin", "Lublana", "Lublin", true, 0},
		{"unrelated", "Gdańsk", "Kraków", true, 0},
		{"empty query", "", "Kraków", true, 0},
		{"empty name", "krakow", "", true, 0},
		{"punctuation only", " – ", "Kraków", true, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := graph.MatchScore(tt.query, tt.candidate, tt.canonical); got != tt.want {
				t.Errorf("MatchScore(%q, %q, %v) = %d, want %d", tt.query, tt.candidate, tt.canonical, got, tt.want)
			}
			if got, want := graph.MatchFolded(graph.Fold(tt.query), graph.Fold(tt.candidate), tt.canonical), tt.want; got != want {
				t.Errorf("MatchFolded(Fold(%q), Fold(%q), %v) = %d, want %d", tt.query, tt.candidate, tt.canonical, got, want)
			}
		})
	}

	t.Run("order", func(t *testing.T) {
		// One name, queries matching it less and less well: the scores
		// must strictly decrease, and an alternative name always ranks
		// just below the same match on a canonical name.
		const name = "Poznań – Ille-et-Vilaine Fundacja"
		queries := []string{
			"poznan ille et vilaine fundacja",   // exact
			"poznaniu ille et vilaine fundacji", // inflected
			"poznan ille",                       // prefix
			"ille fund",                         // every word starts a word
			"fundacji",                          // a word is an inflection of a name word ("Fundacja")
			"ilaine",                            // occurs inside the name
		}
		prev := 1 << 30
		for _, q := range queries {
			got := graph.MatchScore(q, name, true)
			if got >= prev || got == 0 {
				t.Errorf("MatchScore(%q, %q) = %d, want >0 and below the previous query's %d", q, name, got, prev)
			}
			prev = got
		}
		ranks := []int{graph.ScoreExact, graph.ScoreInflected, graph.ScorePrefix, graph.ScoreWordPrefix, graph.ScoreWordStem, graph.ScoreSubstring}
		for i := 1; i < len(ranks); i++ {
			if ranks[i] >= ranks[i-1] {
				t.Errorf("score constants out of order: %d is not below %d", ranks[i], ranks[i-1])
			}
		}
	})
}
