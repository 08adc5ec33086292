package documents

import "testing"

// TestExtract_Clauses: the clause reader reads a membership from its
// three parts wherever the sentence puts them, and reads nothing from a
// sentence that denies or supposes one, names a body, or gives its city
// only as a place.
func TestExtract_Clauses(t *testing.T) {
	runShapes(t, []shape{
		// positive: the subject before a cue some words away
		{name: "OneOfNBelonging", lang: "pl", text: "Od 12 marca 2008 roku Gmina Ustka jest jedną z 30 gmin należących do Stowarzyszenia Gmin Turystycznych Pomorza (www.sgtp.pl).\n",
			want: []string{"Ustka|Stowarzyszenia Gmin Turystycznych Pomorza|2008-03-12"}},
		{name: "AdmittedAfterNamedMeeting", lang: "pl", text: "12 kwietnia 2019 r., podczas Walnego Zgromadzenia Związku Gmin Wiejskich, Gmina Kobylnica została przyjęta w poczet członków.\n",
			want: []string{"Kobylnica|Związku Gmin Wiejskich|2019-04-12"}},
		// the network first, the cities after the verb
		{name: "FrontedNetworkList", lang: "pl", text: "Do Sieci Miast Zdrowych należą m.in. Kalisz, Ostrów Wielkopolski czy Nowe Skalmierzyce.\n",
			want: []string{"Kalisz|Sieci Miast Zdrowych|", "Ostrów Wielkopolski|Sieci Miast Zdrowych|", "Nowe Skalmierzyce|Sieci Miast Zdrowych|"}},
		// a kind word alone refers to the network the page names; a day
		// and month without a year take the page's own date when it is
		// the same day
		{name: "DayMonthOnDatedPage", lang: "pl", title: "Nowe miasta w sieci Cittaslow", text: "Nowe miasta w sieci Cittaslow\n2022-06-03 10:12\nW piątek (03.06) oficjalnie do sieci dołączyły Lidzbark i Bartoszyce.\n",
			want: []string{"Lidzbark|Cittaslow|2022-06-03", "Bartoszyce|Cittaslow|2022-06-03"}},
		{name: "DayMonthOnOtherDay", lang: "pl", title: "Nowe miasta w sieci Cittaslow", text: "Nowe miasta w sieci Cittaslow\n2022-06-04 10:12\nW piątek (03.06) oficjalnie do sieci dołączyły Lidzbark i Bartoszyce.\n",
			want: []string{"Lidzbark|Cittaslow|", "Bartoszyce|Cittaslow|"}},
		// a colon's list after "the Association"; "this year" is the one
		// year the title gives; a piece that is a district, not a city,
		// is left out with the name joined to it
		{name: "ThisYearColonList", lang: "en", title: "Slovak Healthy Cities welcomed 3 new members in 2021", text: "Slovak Healthy Cities welcomed 3 new members in 2021\nThe Slovak Healthy Cities National Network keeps growing. This year, 3 municipalities became new members of the Association: City of Trnava, Bratislava Districts of Ruzinov and Petrzalka, municipality of Senec.\n",
			want: []string{"Trnava|Slovak Healthy Cities National Network|2021", "Senec|Slovak Healthy Cities National Network|2021"}},
		// a noun's city after it, the network by its initials
		{name: "MembershipNounInitialism", lang: "pl", text: "Unia Miasteczek Polskich zrzesza małe miasta. Członkostwo Wąchocka w UMP to szansa na rozwój.\n",
			want: []string{"Wąchocka|Unia Miasteczek Polskich|"}},
		// an entry opening with the network's name and a dash, whose
		// kind word refers to it; a date run into "r." after the
		// resolution the town joined by
		{name: "EntryDashResolutionDate", lang: "pl", text: "Miasto Ustka należy do następujących związków:\n\n  1. Związek Miast i Gmin Pobrzeża – jest to związek powołany na wzór Związku Portów Bałtyckich. Ustka przystąpiła do Związku na mocy Uchwały Rady Miejskiej z dnia 17.02.1993r. Celem Związku jest ochrona wybrzeża, a jego sygnatariuszem jest też Polska.\n",
			want: []string{"Ustka|Związek Miast i Gmin Pobrzeża|1993-02-17"}},
		// "Gmina" alone is the page's town (its publisher); "o nazwie"
		// gives the network's name
		{name: "HomeTownNamedNetwork", lang: "pl", publisher: "Gmina Sulechów", text: "Stowarzyszenia\n\nW marcu 2010 roku Gmina przystąpiła do stowarzyszenia o nazwie Stowarzyszenie Gmin Ziemi Lubuskiej.\n",
			want: []string{"Sulechów|Stowarzyszenie Gmin Ziemi Lubuskiej|2010-03"}},
		// an acronym that spells a name the page wrote is that network
		{name: "AcronymOfNamedNetwork", lang: "pl", text: "Związek Miast Nadmorskich zrzesza miasta wybrzeża.\n\nCzłonkostwo Łeby w ZMN od 2001r. to szansa dla miasta.\n",
			want: []string{"Łeby|Związek Miast Nadmorskich|2001"}},
		{name: "Signatory", lang: "en", publisher: "City of Vaasa", text: "Climate\n\nVaasa is a signatory to the EU Covenant of Mayors for Climate & Energy, which brings together local governments.\n",
			want: []string{"Vaasa|EU Covenant of Mayors for Climate & Energy|"}},
		// after the sixth held-out set: a name ends before a resolution
		// ("Uchwałą Nr …"), whose date is the joining's
		{name: "ResolutionAfterName", lang: "pl", text: "Historia\n\nMiasto Kutno przystąpiło do Związku Miast Polskich Uchwałą Nr XII/45/91 Rady Miejskiej w Kutnie z dnia 12 marca 1991 r.\n",
			want: []string{"Kutno|Związku Miast Polskich|1991-03-12"}},
		// "i" and a plural of districts end a name; an adverb opens no city
		{name: "PluralTailAndAdverb", lang: "pl", text: "Organizacje\n\nMiasto Zabrze jest również członkiem Śląskiego Związku Gmin i Powiatów, powołanego w celu integracji samorządów.\n\nPonadto Miasto Bytom należy do Związku Miast Polskich.\n",
			want: []string{"Zabrze|Śląskiego Związku Gmin i Powiatów|", "Bytom|Związku Miast Polskich|"}},
		// an item's resolution dates it
		{name: "ItemResolutionDate", lang: "pl", text: "Gmina Kobylin należy do:\n\n  • Związku Gmin Wiejskich Rzeczypospolitej Polskiej - Uchwała nr 6/94 Rady Gminy Kobylin z 21.03.1994 r\n  • Wielkopolskiej Organizacji Turystycznej - Uchwała nr VII/43/2003 Rady Gminy Kobylin z dnia 11.07.2003 r.\n",
			want: []string{"Kobylin|Związku Gmin Wiejskich Rzeczypospolitej Polskiej|1994-03-21", "Kobylin|Wielkopolskiej Organizacji Turystycznej|2003-07-11"}},
		// an item's apposition and what it says it is before its name are
		// not the name
		{name: "ItemApposition", lang: "en", text: "Networking\n\nEspoo is an active member of the following networks:\n\n  • EUROCITIES, a network of European major cities.\n  • EUniverCities, a European network of university cities.\n  • The urban programme Urbiscoop, a collaboration network in the Benelux.\n",
			want: []string{"Espoo|EUROCITIES|", "Espoo|EUniverCities|", "Espoo|Urbiscoop|"}},
		// a heading with a network's kind word is a name, though
		// "Cooperation" opens it
		{name: "CooperationNetworkHeading", lang: "en", publisher: "City of Olomouc", text: "City Networks\n\nThe City of Olomouc is a member of the following international networks:\n\n\nCooperation Network of European Medium-Sized Cities\n\nAn open network of 34 European cities exchanging experience. Membership since 1995.\n",
			want: []string{"Olomouc|Cooperation Network of European Medium-Sized Cities|1995"}},
		// a network's member cities in a bullet, after "In addition to"
		{name: "BesidesMemberCities", lang: "en", text: "UBC\n\nTartu joined the Union of the Baltic Cities in 1992.\n\n  • In addition to Tartu, the Union of the Baltic Cities has three more member cities in Estonia: Pärnu, Elva and Rakvere.\n",
			want: []string{"Tartu|Union of the Baltic Cities|1992", "Pärnu|Union of the Baltic Cities|", "Elva|Union of the Baltic Cities|", "Rakvere|Union of the Baltic Cities|"}},
		// a date phrase between the subject's comma and the verb; an
		// adjective opening the network's name
		{name: "CommaDateSubject", lang: "pl", text: "Region\n\nNa poziomie lokalnym Miasto Bytom, od 2007 roku jest członkiem Górnośląskiego Związku Metropolitalnego, który tworzy 14 miast.\n",
			want: []string{"Bytom|Górnośląskiego Związku Metropolitalnego|2007"}},
		// after the seventh held-out set: a list written one item a
		// paragraph, each with its seat
		{name: "ItemsOneAParagraphWithSeats", lang: "pl", text: "Członkostwo\n\nGmina Oława jest członkiem niżej wskazanych związków i stowarzyszeń:\n\n  • Związek Miast Polskich z siedzibą w Poznaniu\n\n  • Stowarzyszenie Gmin Polskich Euroregionu Glacensis z siedzibą w Kłodzku\n",
			want: []string{"Oława|Związek Miast Polskich|", "Oława|Stowarzyszenie Gmin Polskich Euroregionu Glacensis|"}},
		// a sentence ending in a full stop leads the list after it
		{name: "LeadWithFullStop", lang: "pl", text: "Związki międzygminne\n\nGmina Kampinos jest aktywnym członkiem kilku związków międzygminnych oraz stowarzyszeń.\n\n  • Związek Gmin Wiejskich RP\n",
			want: []string{"Kampinos|Związek Gmin Wiejskich RP|"}},
		// subject, "do" and the network, then the verb and its date
		{name: "SubjectObjectVerb", lang: "pl", text: "Związki i stowarzyszenia\n\nZwiązek Gmin Warmińskich\n\nGmina Barczewo do Związku dołączyła 30 czerwca 1992 r. (uchwała nr XX/128/92 Rady Gminy).\n",
			want: []string{"Barczewo|Związek Gmin Warmińskich|1992-06-30"}},
		// two dates that agree: the more precise
		{name: "DatesThatAgree", lang: "pl", text: "Stowarzyszenia\n\nDo Stowarzyszenia „Rzeczpospolita Samorządna” Gmina Oława przystąpiła w roku 2020 zgodnie z uchwałą nr XXV/349/20 Rady Miejskiej Oławy z dnia 27 października 2020 r.\n",
			want: []string{"Oława|Stowarzyszenia „Rzeczpospolita Samorządna”|2020-10-27"}},
		// a pronoun for the network; the statement ends at "and" before
		// another cue
		{name: "PronounAndSecondStatement", lang: "en", publisher: "City of Zadar", text: "Eurocities\n\nEUROCITIES is a network of major European cities.\n\nZadar joined it in 1997 and has been a member of the network's executive committee since 2015.\n",
			want: []string{"Zadar|EUROCITIES|1997"}},
		{name: "MembersInRegions", lang: "en", text: "ICLEI\n\nICLEI Europe provides its members in Europe, North Africa and West Asia with a voice.\n"},
		// after the eighth held-out set: "gminy" before the names after
		// the cue; a region and a district are left out of those admitted
		{name: "CommunesAfterCue", lang: "pl", text: "Euroregion\n\nDo Związku Euroregion Tatry przystąpiły gminy Biały Dunajec i Rabka-Zdrój.\n",
			want: []string{"Biały Dunajec|Związku Euroregion Tatry|", "Rabka-Zdrój|Związku Euroregion Tatry|"}},
		{name: "AdmittedToTheMembers", lang: "pl", text: "Euroregion\n\nW trakcie XXIV Kongresu Związku Euroregionu Tatry do grona członków przyjęto Województwo Małopolskie, Powiat Myślenicki i Gminę Zawoja.\n",
			want: []string{"Zawoja|Związku Euroregionu Tatry|"}},
		{name: "MembersOpenTheSentence", lang: "pl", text: "Związek Euroregion Tatry\n\nDotychczasowymi członkami były miasta Nowy Targ, Szczawnica oraz Limanowa.\n",
			want: []string{"Nowy Targ|Związek Euroregion Tatry|", "Szczawnica|Związek Euroregion Tatry|", "Limanowa|Związek Euroregion Tatry|"}},
		// "przynależność" with the town in the genitive; "Stowarzyszenia"
		// is the association the page's publisher is, not the "Sieć"
		// the page names
		{name: "BelongingNounSameKind", lang: "pl", publisher: "Stowarzyszenie Gmin Polska Sieć „Energie Cités”", text: "Dołącz do nas\n\nNależymy do europejskiej Sieci Miast „Energy Cities”.\n\nDzięki przynależności Cieszyna do Stowarzyszenia zyskaliśmy wiedzę o oszczędzaniu energii.\n",
			want: []string{"Cieszyna|Stowarzyszenie Gmin Polska Sieć „Energie Cités”|"}},
		{name: "AssemblyIsNoTown", lang: "pl", text: "Aktualności\n\n30 listopada pan Burmistrz został wyróżniony na ostatnim Walnym Zgromadzeniu Członków Stowarzyszenia Gmin Polskich Euroregionu Glacensis.\n"},
		// negatives
		{name: "BodyMember", lang: "pl", text: "Burmistrz Ustki został członkiem zarządu Związku Gmin Wiejskich.\n"},
		{name: "Denied", lang: "pl", text: "Gmina Ustka nie jest członkiem Związku Gmin Wiejskich.\n"},
		{name: "Supposed", lang: "pl", text: "Do Stowarzyszenia Gmin Turystycznych mogą należeć gminy liczące mniej niż 50 tys. mieszkańców.\n"},
		{name: "PlaceNotSubject", lang: "pl", text: "Kolejne trzy miasta z Pomorza przyłączyły się do Stowarzyszenia Gmin Turystycznych.\n"},
		{name: "MeetingInACity", lang: "pl", text: "Reprezentanci 15 gmin - członków Związku Gmin Wiejskich spotkali się w Ustce.\n"},
		{name: "PersonSubject", lang: "pl", text: "Sesję otworzył burmistrz Jan Kowalski. Jan Kowalski jest członkiem Stowarzyszenia Gmin Turystycznych.\n"},
		{name: "BodyAfterNetwork", lang: "en", text: "The Union of the Baltic Cities works in commissions. Oslo and Bergen are members of the Union of the Baltic Cities Commission on Environment.\n"},
		{name: "TwoNetworksNoneAfterCue", lang: "pl", text: "Według Związku Gmin Wiejskich i Unii Metropolii Polskich Gmina Ustka przystąpiła w 2005 roku.\n"},
	})
}
