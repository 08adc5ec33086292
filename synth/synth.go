// Package synth generates synthetic citynet datasets at research scale, for
// load tests and benchmarks of the stores and the API. The reference is Acuto
// and Leffel's city networks membership dataset (84 networks, 10,343 cities in
// 208 countries; Mayors for Peace alone has 8,000+ member cities), so the
// generated graph has the same shape:
//
//   - Network sizes follow a power law, size_k = largest × k^-α, with α
//     solved numerically so that the sizes sum to the requested number of
//     memberships and the largest network holding LargestShare of all cities.
//   - Cities join preferentially: each city has a Zipf attractiveness over a
//     random permutation of the cities, and each network draws its members by
//     weighted sampling without replacement (Efraimidis–Spirakis) from the
//     cities its scope allows (one country, one region or the world). A few
//     cities end up in dozens of networks, most in one or two; cities left in
//     none are swapped into the international networks in place of members
//     that have other memberships, so every city is a member somewhere and the
//     sizes stay as drawn.
//   - Countries (two-letter codes AA–ZZ), city and network names are
//     pronounceable and deterministic; city ids are graph.Slug of the name.
//   - Every city has coordinates inside the extent of a real country of its
//     region's continent (from GeoNames, extents.go), clustered around that
//     country's biggest places, and a Zipf population that follows its
//     attractiveness (geo.go).
//
// Everything is drawn from PCG streams seeded by Config.Seed, so the same
// Config always gives the same dataset, and Write gives the same bytes.
// The generated facts carry no citations; one Source record names the
// generator. The result passes graph.Dataset.Validate.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"citynet/graph"
)

// Config says how big a dataset to generate. Zero fields get defaults (see
// Generate); counts are clamped to what is possible.
type Config struct {
	// Preset names the configuration in the Source record ("acuto");
	// "custom" when empty.
	Preset string
	// Seed selects the dataset: the same Config always gives the same one.
	Seed uint64

	Cities    int // number of cities (at least 2)
	Countries int // number of countries (1 to 676, the two-letter codes)
	Networks  int // number of networks (at least 1)
	// Memberships is the target total of city–network memberships, which
	// the power law of network sizes is fitted to.
	Memberships  int
	Events       int // events in all, spread over networks by √size
	Partnerships int // city partnerships in all

	// LargestShare is the largest network's share of all cities (default 0.6).
	LargestShare float64
	// Skew is the Zipf exponent of city attractiveness (default 1.4):
	// higher concentrates memberships on fewer cities. At 1.4 the acuto
	// preset has about half its cities in one or two networks, a median of
	// 2–3 and a maximum of about 60.
	Skew float64
}

var presets = map[string]Config{
	"tiny":  {Cities: 200, Countries: 12, Networks: 10, Memberships: 1_000, Events: 20, Partnerships: 40},
	"acuto": {Cities: 10_000, Countries: 208, Networks: 100, Memberships: 50_000, Events: 1_000, Partnerships: 2_000},
	"x10":   {Cities: 100_000, Countries: 208, Networks: 1_000, Memberships: 500_000, Events: 10_000, Partnerships: 20_000},
}

// Presets lists the preset names, sorted.
func Presets() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Preset returns a named configuration with seed 1: "tiny" (200 cities, 10
// networks, for tests), "acuto" (the size of Acuto and Leffel's dataset:
// 10,000 cities, 208 countries, 100 networks, 50,000 memberships) or "x10"
// (ten times that).
func Preset(name string) (Config, error) {
	c, ok := presets[name]
	if !ok {
		return Config{}, fmt.Errorf("synth: unknown preset %q (have %s)", name, strings.Join(Presets(), ", "))
	}
	c.Preset, c.Seed, c.LargestShare, c.Skew = name, 1, defaultLargestShare, defaultSkew
	return c, nil
}

const (
	defaultLargestShare = 0.6
	defaultSkew         = 1.4

	lastYear       = 2024
	firstFounded   = 1900
	lastFounded    = 2020
	minNetworkSize = 5
	maxCountries   = 26 * 26
)

func (c Config) normalized() Config {
	if c.Preset == "" {
		c.Preset = "custom"
	}
	c.Cities = max(c.Cities, 2)
	c.Countries = min(max(c.Countries, 1), maxCountries)
	c.Networks = max(c.Networks, 1)
	if !(c.LargestShare > 0 && c.LargestShare <= 1) {
		c.LargestShare = defaultLargestShare
	}
	if !(c.Skew > 0) {
		c.Skew = defaultSkew
	}
	c.Events = max(c.Events, 0)
	c.Partnerships = max(c.Partnerships, 0)
	return c
}

// NetworkSizes returns the member count of every network, largest first, and
// the exponent α of the power law size_k = largest × k^-α (k from 1) fitted so
// that the sizes sum to cfg.Memberships, the largest being
// cfg.LargestShare × cfg.Cities. No network has fewer than 5 members (or the
// largest size, if smaller); when the target cannot be met within those
// bounds it is clamped.
func NetworkSizes(cfg Config) (sizes []int, alpha float64) {
	cfg = cfg.normalized()
	n := cfg.Networks
	largest := min(max(int(math.Round(cfg.LargestShare*float64(cfg.Cities))), 1), cfg.Cities)
	floor := min(minNetworkSize, largest)
	target := min(max(cfg.Memberships, largest+(n-1)*floor), n*largest)
	size := func(k int, a float64) float64 { // k from 0
		return max(float64(floor), float64(largest)*math.Pow(float64(k+1), -a))
	}
	total := func(a float64) float64 {
		s := 0.0
		for k := range n {
			s += size(k, a)
		}
		return s
	}
	lo, hi := 0.0, 1.0
	for total(hi) > float64(target) && hi < 64 {
		lo, hi = hi, hi*2
	}
	for range 100 {
		mid := (lo + hi) / 2
		if total(mid) > float64(target) {
			lo = mid
		} else {
			hi = mid
		}
	}
	alpha = (lo + hi) / 2
	sizes = make([]int, n)
	sum := 0
	for k := range n {
		sizes[k] = min(largest, int(math.Round(size(k, alpha))))
		sum += sizes[k]
	}
	sizes[0] = largest
	// Spread the rounding residue over networks 2…n, keeping the order.
	for diff := target - sum; diff != 0; {
		moved := false
		for k := 1; k < n && diff != 0; k++ {
			if diff > 0 && sizes[k] < sizes[k-1] {
				sizes[k]++
				diff--
				moved = true
			} else if diff < 0 && sizes[k] > floor && (k == n-1 || sizes[k] > sizes[k+1]) {
				sizes[k]--
				diff++
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return sizes, alpha
}

// RNG streams: each part of the dataset draws from its own stream, so that
// changing one part does not reshuffle the others.
const (
	streamCountries = iota + 1
	streamCities
	streamNetworks
	streamMemberships
	streamEvents
	streamPartnerships
	streamGeo
	streamSampling = 1 << 32 // + network index
)

type gen struct {
	cfg Config
	ds  *graph.Dataset
	ids ids

	years []graph.Date // years[y-firstFounded], shared strings

	countryStyle  [][2]string
	countryWeight []float64
	countryRegion []int
	countryCities [][]int32
	regionCities  [][]int32

	cityCountry []int32
	rankPow     []float64 // rank^skew: attractiveness is its inverse
	cityRank    []int32   // 0 is the most attractive

	countryExtent []*realCountry // the real country whose extent a country borrows

	netSize    []int
	netScope   []graph.NetworkScope
	netPool    [][]int32
	netFounded []int
	netMembers [][]int32 // city indexes, ascending
}

func (g *gen) rng(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.cfg.Seed, stream))
}

func (g *gen) year(y int) graph.Date { return g.years[y-firstFounded] }

// Generate builds the dataset cfg describes. Zero fields of cfg take the
// defaults (2 cities, 1 country, 1 network, LargestShare 0.6, Skew 1.4).
func Generate(cfg Config) *graph.Dataset { return generate(cfg).ds }

func generate(cfg Config) *gen {
	cfg = cfg.normalized()
	g := &gen{cfg: cfg, ds: &graph.Dataset{}, ids: ids{}}
	for y := firstFounded; y <= lastYear; y++ {
		g.years = append(g.years, graph.Date(strconv.Itoa(y)))
	}
	g.source()
	g.countries()
	g.cities()
	g.networks()
	g.sample()
	g.fillOrphans()
	g.memberships()
	g.events()
	g.partnerships()
	g.geo()
	return g
}

func (g *gen) source() {
	id := g.ids.take(graph.Slug(fmt.Sprintf("synthetic %s seed %d", g.cfg.Preset, g.cfg.Seed)))
	g.ds.Sources = []*graph.Source{{
		ID:        id,
		Title:     fmt.Sprintf("Synthetic dataset %s seed %d", g.cfg.Preset, g.cfg.Seed),
		Publisher: "citynet synth",
		Language:  "en",
	}}
}

func (g *gen) countries() {
	r := g.rng(streamCountries)
	n := g.cfg.Countries
	var taken [26][26]bool
	names := map[string]bool{}
	regions := min(max((n+9)/10, 1), 6)
	g.regionCities = make([][]int32, regions)
	region := make([]int, n)
	rank := r.Perm(n)
	for j := range n {
		var name string
		for name == "" || names[name] {
			name = word(r, 1+r.IntN(2)) + pick(r, countrySuffixes)
		}
		names[name] = true
		g.ds.Countries = append(g.ds.Countries, &graph.Country{ID: countryCode(name, &taken), Name: name})
		g.countryStyle = append(g.countryStyle, [2]string{pick(r, citySuffixes), pick(r, citySuffixes)})
		// Country sizes are Zipf over a random order of the countries.
		g.countryWeight = append(g.countryWeight, 1/float64(rank[j]+1))
		// Region 0 plays Europe: a quarter of the countries.
		if regions > 1 && r.Float64() >= 0.25 {
			region[j] = 1 + r.IntN(regions-1)
		}
	}
	g.countryCities = make([][]int32, n)
	g.countryRegion = region
}

// countryCode makes a free two-letter code from the name's letters ("Velaria"
// → "VE", then "VL", …), or any free code.
func countryCode(name string, taken *[26][26]bool) string {
	var ls []int
	for _, c := range graph.Fold(name) {
		if c >= 'a' && c <= 'z' {
			ls = append(ls, int(c-'a'))
		}
	}
	code := func(a, b int) string {
		taken[a][b] = true
		return string([]byte{byte('A' + a), byte('A' + b)})
	}
	if len(ls) > 0 {
		for _, b := range ls[1:] {
			if !taken[ls[0]][b] {
				return code(ls[0], b)
			}
		}
		for b := range 26 {
			if !taken[ls[0]][b] {
				return code(ls[0], b)
			}
		}
	}
	for a := range 26 {
		for b := range 26 {
			if !taken[a][b] {
				return code(a, b)
			}
		}
	}
	panic("synth: more than 676 countries")
}

func (g *gen) cities() {
	r := g.rng(streamCities)
	n, nc := g.cfg.Cities, g.cfg.Countries
	cum := cumulative(g.countryWeight)
	rank := r.Perm(n)
	g.rankPow = make([]float64, n)
	g.cityRank = make([]int32, n)
	g.cityCountry = make([]int32, n)
	names := make(map[string]bool, n)
	g.ds.Cities = make([]*graph.City, n)
	for i := range n {
		g.rankPow[i] = math.Pow(float64(rank[i]+1), g.cfg.Skew)
		g.cityRank[i] = int32(rank[i])
		country := i // every country gets a city first, when there are enough
		if i >= nc || n < nc {
			country = draw(r, cum)
		}
		var name string
		for name == "" || names[name] {
			name = cityName(r, g.countryStyle[country])
		}
		names[name] = true
		c := &graph.City{ID: g.ids.take(graph.Slug(name)), Name: name, CountryID: g.ds.Countries[country].ID}
		if r.Float64() < 0.25 {
			c.AltNames = []string{inflect(r, name)}
		}
		g.ds.Cities[i] = c
		g.cityCountry[i] = int32(country)
		g.countryCities[country] = append(g.countryCities[country], int32(i))
		reg := g.countryRegion[country]
		g.regionCities[reg] = append(g.regionCities[reg], int32(i))
	}
}

func (g *gen) networks() {
	r := g.rng(streamNetworks)
	g.netSize, _ = NetworkSizes(g.cfg)
	n := len(g.netSize)
	names := map[string]bool{}
	all := make([]int32, g.cfg.Cities)
	for i := range all {
		all[i] = int32(i)
	}
	for k, size := range g.netSize {
		var name string
		var kind graph.NetworkKind
		for name == "" || names[name] {
			name, kind = networkName(r)
		}
		names[name] = true
		if k == 0 {
			kind = graph.NetworkOrganisation
		}
		u := r.Float64()
		founded := lastFounded - int(float64(lastFounded-firstFounded+1)*u*u) // mostly recent
		scope, pool := g.scope(r, k, size, kind, all)
		nt := &graph.Network{
			ID:      g.ids.take(graph.Slug(name)),
			Name:    name,
			Acronym: acronym(name),
			Kind:    kind,
			Scope:   scope,
			Founded: g.year(founded),
			Topics:  sample(r, topics, 1+r.IntN(3)),
		}
		g.ds.Networks = append(g.ds.Networks, nt)
		g.netScope = append(g.netScope, scope)
		g.netPool = append(g.netPool, pool)
		g.netFounded = append(g.netFounded, founded)
	}
	g.netMembers = make([][]int32, n)
}

// scope draws a network's scope and the cities it may recruit from: one
// country (NATIONAL), one region (REGIONAL), region 0 (EUROPEAN) or all. A
// scope whose pool is not half again as big as the network falls back to a
// wider one.
func (g *gen) scope(r *rand.Rand, k, size int, kind graph.NetworkKind, all []int32) (graph.NetworkScope, []int32) {
	need := size + size/2
	want := graph.ScopeInternational
	switch x := r.Float64(); {
	case k == 0:
	case kind == graph.NetworkEuroregion || x < 0.15:
		want = graph.ScopeRegional
	case x < 0.35:
		want = graph.ScopeEuropean
	case x < 0.6:
		want = graph.ScopeNational
	}
	if want == graph.ScopeNational {
		var ok []int
		var w []float64
		for j, cs := range g.countryCities {
			if len(cs) >= need {
				ok = append(ok, j)
				w = append(w, float64(len(cs)))
			}
		}
		if len(ok) > 0 {
			return graph.ScopeNational, g.countryCities[ok[draw(r, cumulative(w))]]
		}
		want = graph.ScopeRegional
	}
	if want == graph.ScopeRegional {
		var ok []int
		for j, cs := range g.regionCities {
			if len(cs) >= need {
				ok = append(ok, j)
			}
		}
		if len(ok) > 0 {
			return graph.ScopeRegional, g.regionCities[pick(r, ok)]
		}
	}
	if want == graph.ScopeEuropean && len(g.regionCities[0]) >= need {
		return graph.ScopeEuropean, g.regionCities[0]
	}
	return graph.ScopeInternational, all
}

type keyed struct {
	key  float64
	city int32
}

// sample draws every network's members: weighted sampling without
// replacement by Efraimidis–Spirakis, in its exponential form: a city of
// weight w gets the key E/w with E ~ Exp(1) (that is −ln u / w, a monotone
// transform of u^(1/w)), and the size smallest keys win. A partial selection
// (quickselect) finds them in linear time.
func (g *gen) sample() {
	var keys []keyed
	for k, size := range g.netSize {
		r := g.rng(streamSampling + uint64(k))
		pool := g.netPool[k]
		keys = slices.Grow(keys[:0], len(pool))[:len(pool)]
		for j, c := range pool {
			keys[j] = keyed{r.ExpFloat64() * g.rankPow[c], c}
		}
		selectSmallest(keys, size)
		members := make([]int32, size)
		for j := range members {
			members[j] = keys[j].city
		}
		slices.Sort(members)
		g.netMembers[k] = members
	}
}

// selectSmallest reorders a so that a[:m] holds its m smallest keys.
func selectSmallest(a []keyed, m int) {
	lo, hi, t := 0, len(a)-1, m-1
	if m <= 0 || m >= len(a) {
		return
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if a[mid].key < a[lo].key {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi].key < a[lo].key {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi].key < a[mid].key {
			a[hi], a[mid] = a[mid], a[hi]
		}
		p := a[mid].key
		i, j := lo, hi
		for i <= j {
			for a[i].key < p {
				i++
			}
			for a[j].key > p {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case t <= j:
			hi = j
		case t >= i:
			lo = i
		default:
			return
		}
	}
}

// fillOrphans gives every city left without a network a membership: it
// takes the place of a member with other memberships in an international
// network, largest first, so network sizes do not change.
func (g *gen) fillOrphans() {
	count := make([]int32, g.cfg.Cities)
	for _, ms := range g.netMembers {
		for _, c := range ms {
			count[c]++
		}
	}
	var orphans []int32
	for c, n := range count {
		if n == 0 {
			orphans = append(orphans, int32(c))
		}
	}
	for k, ms := range g.netMembers {
		if len(orphans) == 0 {
			break
		}
		if g.netScope[k] != graph.ScopeInternational {
			continue
		}
		changed := false
		for j, c := range ms {
			if len(orphans) == 0 {
				break
			}
			if count[c] >= 2 {
				o := orphans[0]
				orphans = orphans[1:]
				ms[j] = o
				count[c]--
				count[o]++
				changed = true
			}
		}
		if changed {
			slices.Sort(ms)
		}
	}
}

func (g *gen) memberships() {
	r := g.rng(streamMemberships)
	total := 0
	for _, ms := range g.netMembers {
		total += len(ms)
	}
	g.ds.Memberships = make([]*graph.Membership, 0, total)
	store := make([]graph.Membership, total) // one allocation for all records
	for k, ms := range g.netMembers {
		nt := g.ds.Networks[k]
		founded := g.netFounded[k]
		// The most attractive members found the network and host its seat.
		byRank := slices.Clone(ms)
		slices.SortFunc(byRank, func(a, b int32) int { return cmpFloat(g.rankPow[a], g.rankPow[b]) })
		founders := map[int32]bool{}
		if len(ms) >= 2 && r.Float64() < 0.3 {
			nf := min(len(ms), 2+r.IntN(5))
			cand := slices.Clone(byRank[:min(len(byRank), 3*nf)])
			r.Shuffle(len(cand), func(i, j int) { cand[i], cand[j] = cand[j], cand[i] })
			cand = cand[:nf]
			slices.Sort(cand)
			for _, c := range cand {
				founders[c] = true
				g.ds.Foundings = append(g.ds.Foundings, &graph.Founding{
					FounderID: g.ds.Cities[c].ID,
					NetworkID: nt.ID,
					Date:      nt.Founded,
					Note:      fmt.Sprintf("founded by %d cities", nf),
				})
			}
		}
		if r.Float64() < 0.7 { // seated in one of its ten most attractive members
			nt.SeatID = g.ds.Cities[byRank[r.IntN(min(len(byRank), 10))]].ID
		}
		tiered := k > 0 && r.Float64() < 0.25 // the largest network has plain members
		for _, c := range ms {
			m := &store[len(g.ds.Memberships)]
			m.CityID, m.NetworkID = g.ds.Cities[c].ID, nt.ID
			since := founded
			if !founders[c] {
				since += r.IntN(lastYear - founded + 1)
			}
			m.Since = g.year(since)
			m.Status = graph.StatusMember
			if tiered || founders[c] {
				switch x := r.Float64(); {
				case x < 0.75 || founders[c]:
					m.Status = graph.StatusFullMember
				case x < 0.93:
					m.Status = graph.StatusAssociateMember
				default:
					m.Status = graph.StatusObserver
				}
			}
			if !founders[c] && r.Float64() < 0.05 {
				m.Status = graph.StatusFormerMember
				m.Until = g.year(since + r.IntN(lastYear-since+1))
			}
			g.ds.Memberships = append(g.ds.Memberships, m)
		}
	}
}

var eventKinds = []struct {
	kind   graph.EventKind
	weight float64
}{
	{graph.EventGeneralMeeting, 30}, {graph.EventConference, 30}, {graph.EventMeeting, 20},
	{graph.EventWorkshop, 14}, {graph.EventTradeFair, 2}, {graph.EventOther, 4},
}

func (g *gen) events() {
	if g.cfg.Events == 0 {
		return
	}
	r := g.rng(streamEvents)
	w := make([]float64, len(g.netSize))
	for k, s := range g.netSize {
		w[k] = math.Sqrt(float64(s))
	}
	cum := cumulative(w)
	perNet := make([]int, len(w))
	for range g.cfg.Events {
		perNet[draw(r, cum)]++
	}
	kw := make([]float64, len(eventKinds))
	for i, k := range eventKinds {
		kw[i] = k.weight
	}
	kcum := cumulative(kw)
	for k, n := range perNet {
		nt, ms := g.ds.Networks[k], g.netMembers[k]
		for range n {
			year := g.netFounded[k] + r.IntN(lastYear-g.netFounded[k]+1)
			kind := eventKinds[draw(r, kcum)].kind
			place := ms[r.IntN(len(ms))]
			for range 2 { // best of three: events go to attractive cities
				if c := ms[r.IntN(len(ms))]; g.rankPow[c] < g.rankPow[place] {
					place = c
				}
			}
			city := g.ds.Cities[place].Name
			topic := pick(r, nt.Topics)
			var name string
			switch kind {
			case graph.EventGeneralMeeting:
				name = fmt.Sprintf("%s General Assembly %d", nt.Acronym, year)
			case graph.EventConference:
				name = fmt.Sprintf("%s Annual Conference %d", nt.Name, year)
			case graph.EventMeeting:
				name = fmt.Sprintf("%s Steering Committee Meeting in %s", nt.Acronym, city)
			case graph.EventWorkshop:
				name = fmt.Sprintf("%s Workshop in %s", capitalize(topic), city)
			case graph.EventTradeFair:
				name = fmt.Sprintf("%s %s Fair %d", city, capitalize(topic), year)
			default:
				name = fmt.Sprintf("%s Study Visit to %s", nt.Acronym, city)
			}
			ev := &graph.Event{
				ID:          g.ids.take(graph.Slug(fmt.Sprintf("%s %s %s %d", nt.Acronym, kind, city, year))),
				Name:        name,
				Kind:        kind,
				Date:        g.year(year),
				PlaceID:     g.ds.Cities[place].ID,
				OrganizerID: nt.ID,
				Topics:      []string{topic},
			}
			for _, c := range sample(r, ms, min(len(ms), 2+r.IntN(5))) {
				ev.ParticipantIDs = append(ev.ParticipantIDs, g.ds.Cities[c].ID)
			}
			g.ds.Events = append(g.ds.Events, ev)
		}
	}
}

func (g *gen) partnerships() {
	if g.cfg.Partnerships == 0 {
		return
	}
	r := g.rng(streamPartnerships)
	n := g.cfg.Cities
	// Twinning favours attractive cities, less steeply than networks do.
	w := make([]float64, n)
	for i, p := range g.rankPow {
		w[i] = 1 / math.Sqrt(p)
	}
	cum := cumulative(w)
	// The networks of every city, to twin cities that share one.
	cityNets := make([][]int32, n)
	for k, ms := range g.netMembers {
		for _, c := range ms {
			cityNets[c] = append(cityNets[c], int32(k))
		}
	}
	seen := map[[2]int32]bool{}
	for tries := 0; len(g.ds.Partnerships) < g.cfg.Partnerships && tries < 50*g.cfg.Partnerships+1000; tries++ {
		a, b := int32(draw(r, cum)), int32(-1)
		switch x := r.Float64(); {
		case x < 0.45:
			if cs := g.countryCities[g.cityCountry[a]]; len(cs) > 1 {
				b = cs[r.IntN(len(cs))]
			}
		case x < 0.85:
			if nets := cityNets[a]; len(nets) > 0 {
				ms := g.netMembers[nets[r.IntN(len(nets))]]
				b = ms[r.IntN(len(ms))]
			}
		}
		if b < 0 {
			b = int32(draw(r, cum))
		}
		pair := [2]int32{min(a, b), max(a, b)}
		if a == b || seen[pair] {
			continue
		}
		seen[pair] = true
		ca, cb := g.ds.Cities[a], g.ds.Cities[b]
		p := &graph.Partnership{
			Kind:     graph.PartnershipPartnerCities,
			Name:     ca.Name + " – " + cb.Name,
			Date:     g.year(1950 + r.IntN(lastYear-1950+1)),
			PartyIDs: []string{ca.ID, cb.ID},
		}
		suffix := "partnership"
		switch x := r.Float64(); {
		case x < 0.10:
			p.Kind, suffix = graph.PartnershipCooperationAgreement, "agreement"
			p.Areas = sample(r, topics, 1+r.IntN(2))
		case x < 0.15:
			p.Kind, suffix = graph.PartnershipLetterOfIntent, "letter of intent"
			p.Areas = sample(r, topics, 1)
		}
		p.ID = g.ids.take(graph.Slug(ca.ID + " " + cb.ID + " " + suffix))
		g.ds.Partnerships = append(g.ds.Partnerships, p)
	}
}

// cumulative returns the running sums of w.
func cumulative(w []float64) []float64 {
	c := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		c[i] = s
	}
	return c
}

// draw picks an index with probability proportional to its weight, given the
// cumulative weights.
func draw(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	return min(sort.Search(len(cum), func(i int) bool { return cum[i] > x }), len(cum)-1)
}

// sample returns n distinct elements of list in list order (n ≤ len(list)).
func sample[T any](r *rand.Rand, list []T, n int) []T {
	n = min(n, len(list))
	idx := make([]int, 0, n)
	for len(idx) < n {
		i := r.IntN(len(list))
		if !slices.Contains(idx, i) {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	out := make([]T, n)
	for j, i := range idx {
		out[j] = list[i]
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
