package graph

import (
	"cmp"
	"math"
	"slices"
)

// Geography: distances, the near and within filters, the distance band of
// cityPairs and a network's span. Every backend computes them with these
// functions on the same float64 coordinates, so all give the same answers
// to the last bit, boundaries included.
//
// A distance is the great-circle distance on a sphere of radius
// EarthRadiusKm: the haversine formula, with the haversine of the central
// angle θ taken from the cities' unit vectors, h = sin²(θ/2) = chord²/4,
// rather than from differences of angles. It is the same number, but the
// chord needs no trigonometry per pair (three multiplications once the
// vectors are there), it has no seam at the antimeridian or the poles, and
// it is monotonic in the distance, so a distance bound is a bound on the
// chord that a k-d tree over the vectors can search.

// EarthRadiusKm is the mean Earth radius (IUGG), in kilometres.
const EarthRadiusKm = 6371.0088

// MaxNearKm is the largest radius near accepts: half the Earth's
// circumference, within which every place lies.
const MaxNearKm = math.Pi * EarthRadiusKm

// Vec3 is a point on the unit sphere.
type Vec3 [3]float64

// Vec returns the point's unit vector.
func (p GeoPoint) Vec() Vec3 {
	lat, lon := p.Lat*math.Pi/180, p.Lon*math.Pi/180
	return Vec3{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

// chord2 is the squared straight-line distance between two unit vectors.
func chord2(a, b Vec3) float64 {
	x, y, z := a[0]-b[0], a[1]-b[1], a[2]-b[2]
	return x*x + y*y + z*z
}

// chordKm turns a squared chord into kilometres along the sphere.
func chordKm(c2 float64) float64 {
	return 2 * EarthRadiusKm * math.Asin(min(1, math.Sqrt(c2)/2))
}

// kmChord2 is the squared chord of a distance: the bound to compare chord2
// against (a distance beyond half the circumference is every distance).
func kmChord2(km float64) float64 {
	s := math.Sin(min(km/EarthRadiusKm, math.Pi) / 2)
	return 4 * s * s
}

// DistanceKm is the great-circle distance between two points in
// kilometres.
func DistanceKm(a, b GeoPoint) float64 { return chordKm(chord2(a.Vec(), b.Vec())) }

// Near selects the places within Km kilometres of a point.
type Near struct {
	Lat, Lon, Km float64
}

// Check validates the point and the radius; field is the argument's path
// ("filter.near").
func (n Near) Check(field string) error {
	if err := checkLatLon(field, n.Lat, n.Lon); err != nil {
		return err
	}
	if !(n.Km > 0 && n.Km <= MaxNearKm) {
		return Invalid(field+".km", "must be more than 0 and at most %.0f km (half the Earth's circumference, within which every place lies), got %v", MaxNearKm, n.Km)
	}
	return nil
}

// Center is the point Near measures from.
func (n Near) Center() GeoPoint { return GeoPoint{Lat: n.Lat, Lon: n.Lon} }

// SearchBound is a squared chord that every point within the radius is
// within (see GeoTree.Within): the radius's own, widened by the margin of
// inKm, so that a search loses no point that Contains accepts.
func (n Near) SearchBound() float64 { return kmChord2(n.Km) * (1 + chordMargin) }

// Contains reports whether p is within the radius, edge included: whether
// DistanceKm(centre, p) <= Km.
func (n Near) Contains(p GeoPoint) bool { return n.Matcher()(p) }

// Matcher is Contains with the centre's vector and the bound computed
// once, for testing many points.
func (n Near) Matcher() func(GeoPoint) bool {
	m := n.VecMatcher()
	return func(p GeoPoint) bool { return m(p.Vec()) }
}

// VecMatcher is Matcher for a point already on the unit sphere (GeoPoint.Vec),
// as an index holds its points: the same decision without a sine or cosine.
func (n Near) VecMatcher() func(Vec3) bool {
	c, hi := n.Center().Vec(), kmChord2(n.Km)
	return func(v Vec3) bool { return inKm(chord2(c, v), -1, hi, 0, n.Km) }
}

// chordMargin is how close to a bound a squared chord must be for inKm to
// decide in kilometres: far more than the rounding of kmChord2 and chordKm
// (a few units in the last place), far less than any real difference.
const chordMargin = 1e-9

// inKm reports whether the distance of squared chord c2 lies in
// [loKm, hiKm], deciding on the squared chord bounds lo and hi (kmChord2
// of the distances; -1 and +Inf for none) when c2 is clearly inside or
// outside, and on the distance in kilometres when it is at a bound: the
// chord decides a million pairs with a comparison each, and a distance
// exactly at a bound (a maxKm that is some pair's distanceKm) is in, as
// the distance that is shown says.
func inKm(c2, lo, hi, loKm, hiKm float64) bool {
	if c2 < lo*(1-chordMargin) || c2 > hi*(1+chordMargin) {
		return false
	}
	if c2 > lo*(1+chordMargin) && c2 < hi*(1-chordMargin) {
		return true
	}
	d := chordKm(c2)
	return (lo < 0 || d >= loKm) && (math.IsInf(hi, 1) || d <= hiKm)
}

// BBox selects the places in a box of latitudes and longitudes, edges
// included. West > East is a box across the antimeridian: from West
// eastwards over 180° to East.
type BBox struct {
	South, West, North, East float64
}

// Check validates the box; field is the argument's path ("filter.within").
func (b BBox) Check(field string) error {
	if err := checkLatLon(field, b.South, b.West); err != nil {
		return renameLatLon(err, field, "south", "west")
	}
	if err := checkLatLon(field, b.North, b.East); err != nil {
		return renameLatLon(err, field, "north", "east")
	}
	if b.South > b.North {
		return Invalid(field+".south", "must not be greater than north (%v > %v)", b.South, b.North)
	}
	return nil
}

// Crosses reports whether the box crosses the antimeridian.
func (b BBox) Crosses() bool { return b.West > b.East }

// Contains reports whether p is in the box.
func (b BBox) Contains(p GeoPoint) bool {
	if p.Lat < b.South || p.Lat > b.North {
		return false
	}
	if b.Crosses() {
		return p.Lon >= b.West || p.Lon <= b.East
	}
	return p.Lon >= b.West && p.Lon <= b.East
}

// Split returns the box as boxes that do not cross the antimeridian: itself,
// or its parts west and east of 180°.
func (b BBox) Split() []BBox {
	if !b.Crosses() {
		return []BBox{b}
	}
	return []BBox{{b.South, b.West, b.North, 180}, {b.South, -180, b.North, b.East}}
}

func checkLatLon(field string, lat, lon float64) error {
	if !(lat >= -90 && lat <= 90) {
		return Invalid(field+".lat", "must be a latitude in degrees from -90 to 90, got %v", lat)
	}
	if !(lon >= -180 && lon <= 180) {
		return Invalid(field+".lon", "must be a longitude in degrees from -180 to 180, got %v", lon)
	}
	return nil
}

// renameLatLon gives checkLatLon's error the box's field names.
func renameLatLon(err error, field, lat, lon string) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	switch e.Field {
	case field + ".lat":
		e.Field = field + "." + lat
	case field + ".lon":
		e.Field = field + "." + lon
	}
	return e
}

// PairFilter selects the city pairs of cityPairs: at least MinShared
// networks in common and, when MinKm or MaxKm is set, a distance between
// them (both ends included); a pair with a city of unknown position has no
// distance and is left out by either bound.
type PairFilter struct {
	MinShared    int
	MinKm, MaxKm *float64
}

// Check validates the filter's arguments.
func (f PairFilter) Check() error {
	if err := CheckMinShared(f.MinShared); err != nil {
		return err
	}
	if f.MinKm != nil && !(*f.MinKm >= 0) {
		return Invalid("minKm", "must not be negative, got %v", *f.MinKm)
	}
	if f.MaxKm != nil && !(*f.MaxKm >= 0) {
		return Invalid("maxKm", "must not be negative, got %v", *f.MaxKm)
	}
	if f.MinKm != nil && f.MaxKm != nil && *f.MinKm > *f.MaxKm {
		return Invalid("minKm", "must not be more than maxKm (%v > %v)", *f.MinKm, *f.MaxKm)
	}
	return nil
}

// HasDistance reports whether the filter bounds the distance.
func (f PairFilter) HasDistance() bool { return f.MinKm != nil || f.MaxKm != nil }

// PairKey is a PairFilter as a comparable value, for caches.
type PairKey struct {
	MinShared      int
	HasMin, HasMax bool
	MinKm, MaxKm   float64
}

// Key returns the filter's cache key.
func (f PairFilter) Key() PairKey {
	k := PairKey{MinShared: f.MinShared}
	if f.MinKm != nil {
		k.HasMin, k.MinKm = true, *f.MinKm
	}
	if f.MaxKm != nil {
		k.HasMax, k.MaxKm = true, *f.MaxKm
	}
	return k
}

// CityPoints are the positions of a Bipartite's cities by index, as unit
// vectors: what the distance band of TopPairsFiltered reads, millions of
// times, from one flat array.
type CityPoints struct {
	vec []Vec3
	ok  []bool
}

// NewCityPoints returns the positions of n cities; at(i) is city i's
// position, nil if unknown.
func NewCityPoints(n int, at func(i int) *GeoPoint) *CityPoints {
	p := &CityPoints{vec: make([]Vec3, n), ok: make([]bool, n)}
	for i := range n {
		if loc := at(i); loc != nil {
			p.vec[i], p.ok[i] = loc.Vec(), true
		}
	}
	return p
}

// DistanceKm is the distance between cities a and b, nil if either has no
// position.
func (p *CityPoints) DistanceKm(a, b int32) *float64 {
	if p == nil || int(max(a, b)) >= len(p.ok) || !p.ok[a] || !p.ok[b] {
		return nil
	}
	d := chordKm(chord2(p.vec[a], p.vec[b]))
	return &d
}

// band is a distance range as squared chords, for the inner loop of the
// pair ranking.
type band struct {
	pts        *CityPoints
	lo, hi     float64 // squared chords; -1 and +Inf for no bound
	loKm, hiKm float64
}

func newBand(f PairFilter, pts *CityPoints) *band {
	if !f.HasDistance() {
		return nil
	}
	b := &band{pts: pts, lo: -1, hi: math.Inf(1)}
	if f.MinKm != nil {
		b.lo, b.loKm = kmChord2(*f.MinKm), *f.MinKm
	}
	if f.MaxKm != nil && *f.MaxKm < MaxNearKm {
		b.hi, b.hiKm = kmChord2(*f.MaxKm), *f.MaxKm
	}
	return b
}

func (b *band) keep(x, y int32) bool {
	if !b.pts.ok[y] {
		return false
	}
	return inKm(chord2(b.pts.vec[x], b.pts.vec[y]), b.lo, b.hi, b.loKm, b.hiKm)
}

// Membership.Current reports whether the membership holds now: it has no
// end and is not a former membership.
func (m *Membership) Current() bool { return m.Until == "" && m.Status != StatusFormerMember }

// NetworkSpan is how far a network reaches: over its current members
// (cities with a current membership), how many there are, in how many
// countries, how many have a position, and the largest and the median
// distance between two located members (nil with fewer than two).
type NetworkSpan struct {
	MaxKm, MedianKm             *float64
	Countries, Located, Members int
}

// ExactSpanMembers is how many located members the median of a span is
// exact for: their pairs (about 2 million) are all measured. Above it, the
// median is over the pairs of ExactSpanMembers members evenly spaced in id
// order (the same ones on every backend), as the schema says; the largest
// distance is always exact.
const ExactSpanMembers = 2000

// Span computes a network's span from its current member cities (each
// once; any order).
func Span(members []*City) *NetworkSpan {
	members = slices.Clone(members)
	slices.SortFunc(members, func(a, b *City) int { return cmp.Compare(a.ID, b.ID) })
	s := &NetworkSpan{Members: len(members)}
	countries := map[string]bool{}
	var pts []Vec3
	for _, c := range members {
		countries[c.CountryID] = true
		if loc := c.Location(); loc != nil {
			pts = append(pts, loc.Vec())
		}
	}
	s.Countries, s.Located = len(countries), len(pts)
	if len(pts) < 2 {
		return s
	}
	mx := chordKm(farthest(pts))
	s.MaxKm = &mx
	sample := pts
	if len(pts) > ExactSpanMembers {
		sample = make([]Vec3, ExactSpanMembers)
		for i := range sample {
			sample[i] = pts[i*len(pts)/ExactSpanMembers]
		}
	}
	med := medianKm(sample)
	s.MedianKm = &med
	return s
}

// farthest returns the largest squared chord between two of pts: for
// each point, a search of a k-d tree for a point farther than the best
// pair so far (GeoTree.Farthest, or NearestWithin its antipode), about n log n rather than n²/2 pairs (a
// network of 60,000 members, the largest of the x10 preset, would be 1.8
// billion). Two sweeps first (the point farthest from a member, then the
// one farthest from that) give a pair near the largest, so most searches
// end at the root.
func farthest(pts []Vec3) float64 {
	if len(pts) <= 64 {
		best := 0.0
		for i := range pts {
			for j := i + 1; j < len(pts); j++ {
				best = max(best, chord2(pts[i], pts[j]))
			}
		}
		return best
	}
	t := NewGeoTree(pts)
	best, a := 0.0, int32(0)
	for range 2 {
		j, d := t.Farthest(pts[a], -1)
		best, a = max(best, d), j
	}
	for _, p := range pts {
		if best > 2 {
			// More than a quarter of the globe apart: on the unit sphere
			// |p−q|² + |p+q|² = 4, so a point farther from p than best is
			// one nearer than 4−best (< 2) to its antipode, a search the
			// splits prune well; the boxes' far corners, outside the
			// sphere, would prune little.
			if j, d := t.NearestWithin(Vec3{-p[0], -p[1], -p[2]}, 4-best); j >= 0 {
				best = max(best, 4-d)
			}
		} else if _, d := t.Farthest(p, best); d > best {
			best = d
		}
	}
	return min(best, 4)
}

// medianKm is the median of the distances between every two of pts (the
// mean of the middle two for an even count), found by selection rather
// than a sort.
func medianKm(pts []Vec3) float64 {
	d := make([]float64, 0, len(pts)*(len(pts)-1)/2)
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			d = append(d, chord2(pts[i], pts[j]))
		}
	}
	n := len(d)
	hi := selectKth(d, n/2)
	if n%2 == 1 {
		return chordKm(hi)
	}
	// After selection every value below n/2 is at most hi: the other
	// middle value is their largest.
	lo := slices.Max(d[:n/2])
	return (chordKm(lo) + chordKm(hi)) / 2
}

// selectKth reorders d so that d[k] is the value a sort would put there,
// with no larger value before it and no smaller after, and returns it
// (Hoare's selection with a median-of-three pivot; deterministic).
func selectKth(d []float64, k int) float64 {
	lo, hi := 0, len(d)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if d[mid] < d[lo] {
			d[mid], d[lo] = d[lo], d[mid]
		}
		if d[hi] < d[lo] {
			d[hi], d[lo] = d[lo], d[hi]
		}
		if d[hi] < d[mid] {
			d[hi], d[mid] = d[mid], d[hi]
		}
		pivot := d[mid]
		i, j := lo, hi
		for i <= j {
			for d[i] < pivot {
				i++
			}
			for d[j] > pivot {
				j--
			}
			if i <= j {
				d[i], d[j] = d[j], d[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return d[k]
		}
	}
	return d[k]
}
