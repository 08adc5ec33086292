package documents

import "testing"

// TestExtract_CommonShapes: the ways a municipal page commonly states a
// membership, written for this test (not taken from any page measured),
// each read with its network and its start as written (a town the page
// names only by its publisher, "Urząd Miasta Kalisza", keeps the form
// written there).
func TestExtract_CommonShapes(t *testing.T) {
	runShapes(t, []shape{
		{name: "MemberSince", lang: "pl", text: "Organizacje\n\nMiasto Kutno jest członkiem Związku Miast Polskich od 1991 roku.\n", want: []string{"Kutno|Związku Miast Polskich|1991"}},
		{name: "SinceFirst", lang: "pl", text: "Organizacje\n\nOd 2004 r. Gmina Łowicz należy do Stowarzyszenia Gmin Polska Sieć „Energie Cités”.\n", want: []string{"Łowicz|Stowarzyszenia Gmin Polska Sieć „Energie Cités”|2004"}},
		{name: "JoinedIn", lang: "pl", text: "Organizacje\n\nZgierz przystąpił do Stowarzyszenia Zdrowych Miast Polskich w 1995 roku.\n", want: []string{"Zgierz|Stowarzyszenia Zdrowych Miast Polskich|1995"}},
		{name: "BecameIn", lang: "pl", text: "Organizacje\n\nW 2012 roku Chełm został członkiem Stowarzyszenia Gmin Turystycznych.\n", want: []string{"Chełm|Stowarzyszenia Gmin Turystycznych|2012"}},
		{name: "SinceCommaEN", lang: "en", text: "Networks\n\nSince 1998, Aarhus has been a member of Eurocities.\n", want: []string{"Aarhus|Eurocities|1998"}},
		{name: "JoinedEN", lang: "en", text: "Networks\n\nMalmö joined the Union of the Baltic Cities in 1991.\n", want: []string{"Malmö|Union of the Baltic Cities|1991"}},
		{name: "BecameEN", lang: "en", text: "Networks\n\nOulu became a member of Eurocities in 2001.\n", want: []string{"Oulu|Eurocities|2001"}},
		{name: "CityOfSinceEN", lang: "en", text: "Networks\n\nThe City of Vantaa has been a member of ICLEI since 2015.\n", want: []string{"Vantaa|ICLEI|2015"}},
		{name: "LeadListDatedItems", lang: "pl", publisher: "Urząd Miasta Kalisza", text: "Organizacje\n\nMiasto należy do następujących organizacji:\n\n- Związek Miast Polskich (od 1990 r.)\n- Stowarzyszenie Gmin Polska Sieć „Energie Cités” (od 1994 r.)\n", want: []string{"Kalisza|Związek Miast Polskich|1990", "Kalisza|Stowarzyszenie Gmin Polska Sieć „Energie Cités”|1994"}},
		{name: "FullDateFirst", lang: "pl", text: "Organizacje\n\nOd 15 marca 2007 roku Sopot jest członkiem Stowarzyszenia Miast Uzdrowiskowych.\n", want: []string{"Sopot|Stowarzyszenia Miast Uzdrowiskowych|2007-03-15"}},
		{name: "BelongsSince", lang: "pl", text: "Organizacje\n\nRzeszów należy do Unii Metropolii Polskich od 2019 r.\n", want: []string{"Rzeszów|Unii Metropolii Polskich|2019"}},
		{name: "InYearJoinedEN", lang: "en", text: "Networks\n\nIn 2005, Tartu joined Energy Cities.\n", want: []string{"Tartu|Energy Cities|2005"}},
		{name: "TwoNetworks", lang: "pl", text: "Organizacje\n\nLeszno jest członkiem Stowarzyszenia Gmin Polska Sieć „Energie Cités” oraz Związku Miast Polskich.\n", want: []string{"Leszno|Stowarzyszenia Gmin Polska Sieć „Energie Cités”|", "Leszno|Związku Miast Polskich|"}},
		{name: "TwoTownsJoined", lang: "pl", text: "Aktualności\n\nMiasta Pruszcz Gdański i Tczew przystąpiły do Stowarzyszenia Obszar Metropolitalny Gdańsk Gdynia Sopot w 2011 roku.\n", want: []string{"Pruszcz Gdański|Stowarzyszenia Obszar Metropolitalny Gdańsk Gdynia Sopot|2011", "Tczew|Stowarzyszenia Obszar Metropolitalny Gdańsk Gdynia Sopot|2011"}},
		// a founding, not also a membership (TestExtract_FoundingMember)
		{name: "FoundingMemberEN", lang: "en", text: "Networks\n\nHelsinki is a founding member of Eurocities, which was established in 1986.\n", want: nil},
	})
}
