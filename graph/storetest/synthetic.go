package storetest

import "citynet/graph"

// Synthetic returns a fresh copy of a small made-up dataset whose answers
// are worked out by hand in the suite. Its shape:
//
//	countries  AA (alpha, bravo), BB (charlie, delta, echo, agency), CC (foxtrot)
//	networks   n1 Northern League  EUROPEAN      ASSOCIATION  1986     seat alpha
//	           n2 Southern Union   EUROPEAN      NETWORK      1990-05
//	           n3 Global Circle    INTERNATIONAL ASSOCIATION  2001
//	           n4 Eastern Forum    NATIONAL      PLATFORM     (no date)
//	members    alpha  n1 1986, n2 1990-05, n3 2001-03-14
//	           bravo  n1 1990, n2 --10-15, n3 2010
//	           charlie n1 1995, n2 (no date)
//	           delta  n1 2005-11, n4 2010
//	           echo   n4 2012
//	           foxtrot none: with CC it is an island no path reaches
//	founders   alpha → n1, bravo → n1 (1986); pat → n3 (2001)
//	offices    pat: Mayor of alpha; quinn: President of charlie, Deputy of bravo
//	institutions uni (alpha), bureau (charlie), agency (country BB only)
//	events     ev1 GENERAL_MEETING 2017-06 in charlie by n1, attended by alpha, uni
//	           ev2 WORKSHOP --04 in delta by n4, attended by echo
//	           ev3 TRADE_FAIR 2009 in bravo, attended by bureau
//	partnerships pa1 PARTNER_CITIES 1992 alpha–echo; pa2 LETTER_OF_INTENT 2009 uni–bureau;
//	           pa3 COOPERATION_AGREEMENT (no date) bravo–charlie–delta
//	claims     n1 memberCountryCount "3" (s1) and "2" (s2); alpha populationRepresented "1000" (s1)
//	sources    s1 (pl), s2 (en), s3 (pl, cited by nothing)
func Synthetic() *graph.Dataset {
	cite := func(src, quote string) []graph.Citation { return []graph.Citation{{SourceID: src, Quote: quote}} }
	return &graph.Dataset{
		Sources: []*graph.Source{
			{ID: "s1", Title: "Alpha Chronicle", Publisher: "City of Alphaville", Language: "pl", Published: "2016-07-25", Updated: "2020-11"},
			{ID: "s2", Title: "Bravo Gazette", TitleEn: "The Bravo Gazette", Language: "en", File: "002_bravo.txt"},
			{ID: "s3", Title: "Charlie Notes", Language: "pl"},
		},
		Countries: []*graph.Country{
			{ID: "AA", Name: "Alphaland", LocalName: "Alfalandia"},
			{ID: "BB", Name: "Betaland"},
			{ID: "CC", Name: "Gammaland"},
		},
		Cities: []*graph.City{
			{ID: "alpha", Name: "Alphaville", LocalName: "Alfawil", AltNames: []string{"Alfawilu", "Alpha City"}, CountryID: "AA",
				Sources: cite("s1", "Alphaville is a city in Alphaland.")},
			{ID: "bravo", Name: "Bravograd", CountryID: "AA"},
			{ID: "charlie", Name: "Charlieton", CountryID: "BB"},
			{ID: "delta", Name: "Deltaburg", CountryID: "BB"},
			{ID: "echo", Name: "Echoford", CountryID: "BB"},
			{ID: "foxtrot", Name: "Foxtrot Island", CountryID: "CC"},
		},
		Networks: []*graph.Network{
			{ID: "n1", Name: "Northern League", LocalName: "Liga Północna", Acronym: "NL", Kind: graph.NetworkAssociation, Scope: graph.ScopeEuropean,
				Founded: "1986", SeatID: "alpha", Website: "www.example.org", Description: "A league of northern cities.", Topics: []string{"transport"},
				Sources: []graph.Citation{{SourceID: "s1", Quote: "The League was founded in 1986."}, {SourceID: "s2", Quote: "Founded 1986."}}},
			{ID: "n2", Name: "Southern Union", Kind: graph.NetworkNetwork, Scope: graph.ScopeEuropean, Founded: "1990-05"},
			{ID: "n3", Name: "Global Circle", Acronym: "GC", Kind: graph.NetworkAssociation, Scope: graph.ScopeInternational, Founded: "2001"},
			{ID: "n4", Name: "Eastern Forum", Kind: graph.NetworkPlatform, Scope: graph.ScopeNational},
		},
		Institutions: []*graph.Institution{
			{ID: "uni", Name: "Alpha University", Kind: graph.InstitutionUniversity, CityID: "alpha"},
			{ID: "bureau", Name: "Charlie Convention Bureau", Kind: graph.InstitutionConventionBureau, CityID: "charlie"},
			{ID: "agency", Name: "Beta Agency", Kind: graph.InstitutionAgency, CountryID: "BB"},
		},
		People: []*graph.Person{
			{ID: "pat", Name: "Pat Mayor", AltNames: []string{"Pata Mayora"}, Sources: cite("s1", "Pat Mayor, the mayor.")},
			{ID: "quinn", Name: "Quinn Reeve"},
		},
		Memberships: []*graph.Membership{
			{CityID: "alpha", NetworkID: "n1", Since: "1986", Status: graph.StatusFullMember,
				Sources: cite("s1", "Alphaville has been a full member of the Northern League since 1986.")},
			{CityID: "alpha", NetworkID: "n2", Since: "1990-05", Status: graph.StatusMember},
			{CityID: "alpha", NetworkID: "n3", Since: "2001-03-14", Status: graph.StatusAssociateMember},
			{CityID: "bravo", NetworkID: "n1", Since: "1990", Status: graph.StatusMember},
			{CityID: "bravo", NetworkID: "n2", Since: "--10-15", Status: graph.StatusMember},
			{CityID: "bravo", NetworkID: "n3", Since: "2010", Status: graph.StatusObserver},
			{CityID: "charlie", NetworkID: "n1", Since: "1995", Status: graph.StatusMember},
			{CityID: "charlie", NetworkID: "n2", Status: graph.StatusMember},
			{CityID: "delta", NetworkID: "n1", Since: "2005-11", Status: graph.StatusFullMember},
			{CityID: "delta", NetworkID: "n4", Since: "2010", Status: graph.StatusMember},
			{CityID: "echo", NetworkID: "n4", Since: "2012", Status: graph.StatusMember, Phase: "VI", Focus: []string{"cycling"},
				Sources: cite("s2", "Echoford joined the Eastern Forum in 2012.")},
		},
		Foundings: []*graph.Founding{
			{FounderID: "alpha", NetworkID: "n1", Date: "1986", Note: "founded by two mayors",
				Sources: []graph.Citation{{SourceID: "s1", Quote: "Alphaville and Bravograd founded the League in 1986."}, {SourceID: "s2", Quote: "Founders: Alphaville, Bravograd."}}},
			{FounderID: "bravo", NetworkID: "n1", Date: "1986", Sources: cite("s1", "Alphaville and Bravograd founded the League in 1986.")},
			{FounderID: "pat", NetworkID: "n3", Date: "2001"},
		},
		Offices: []*graph.Office{
			{PersonID: "pat", CityID: "alpha", Title: "Burmistrz", TitleEn: "Mayor", Since: "2019", Sources: cite("s1", "Pat Mayor, the mayor.")},
			{PersonID: "quinn", CityID: "charlie", Title: "President", Since: "2020-06"},
			{PersonID: "quinn", CityID: "bravo", Title: "Deputy", Since: "2015", Until: "2018"},
		},
		Events: []*graph.Event{
			{ID: "ev1", Name: "Annual Meeting 2017", LocalName: "Walne Zgromadzenie", Kind: graph.EventGeneralMeeting, Date: "2017-06",
				PlaceID: "charlie", OrganizerID: "n1", ParticipantIDs: []string{"alpha", "uni"}, Topics: []string{"circular economy"},
				Sources: cite("s2", "The Annual Meeting took place in Charlieton.")},
			{ID: "ev2", Name: "Spring Workshop", Kind: graph.EventWorkshop, Date: "--04", PlaceID: "delta", OrganizerID: "n4", ParticipantIDs: []string{"echo"}},
			{ID: "ev3", Name: "Trade Fair 2009", Kind: graph.EventTradeFair, Date: "2009", PlaceID: "bravo", ParticipantIDs: []string{"bureau"}},
		},
		Partnerships: []*graph.Partnership{
			{ID: "pa1", Kind: graph.PartnershipPartnerCities, Name: "Alpha–Echo Partnership", Date: "1992", PartyIDs: []string{"alpha", "echo"},
				Areas: []string{"culture"}, Sources: cite("s1", "The first partner city was Echoford, in 1992.")},
			{ID: "pa2", Kind: graph.PartnershipLetterOfIntent, Date: "2009", PartyIDs: []string{"uni", "bureau"}},
			{ID: "pa3", Kind: graph.PartnershipCooperationAgreement, PartyIDs: []string{"bravo", "charlie", "delta"}},
		},
		Claims: []*graph.Claim{
			{SubjectID: "n1", Property: "memberCountryCount", Value: "3", Sources: cite("s1", "members in 3 countries")},
			{SubjectID: "n1", Property: "memberCountryCount", Value: "2", Sources: cite("s2", "members in 2 countries")},
			{SubjectID: "alpha", Property: "populationRepresented", Value: "1000", Sources: cite("s1", "1000 inhabitants")},
		},
	}
}
