package graph

import "math"

// GeoTree is a k-d tree over points on the unit sphere, answering "which
// points lie within this chord of q" (the near filter: a distance bound is
// a chord bound), "which point is nearest to q" and "which is farthest
// from q" (a span's farthest pair).
//
// Why a k-d tree over unit vectors rather than a latitude/longitude grid or
// a latitude-sorted array: the vectors have no seam, so a circle across the
// antimeridian or around a pole needs no special case, and the tree adapts
// to where the cities are (most of a dataset in Europe, a few on islands)
// where a grid of fixed cells would hold thousands in one cell and none in
// most. It is implicit, the points reordered in one array (the median of
// each range at its middle, split on x, y, z by depth), so it takes 28
// bytes a point and no pointers: built in O(n log n) once per graph
// version, searched in O(log n + matches) for a small radius.
type GeoTree struct {
	pts []Vec3
	idx []int32 // idx[i]: the index, in the points given, of pts[i]
	// boxes[mid] bounds the range whose middle is mid, built by the first
	// Farthest (a near index never needs them). Not safe for concurrent
	// first calls: a tree that answers Farthest is a span's own.
	boxes [][2]Vec3
}

// NewGeoTree builds a tree over pts (which it does not change); the
// searches answer with indices into pts.
func NewGeoTree(pts []Vec3) *GeoTree {
	t := &GeoTree{pts: make([]Vec3, len(pts)), idx: make([]int32, len(pts))}
	copy(t.pts, pts)
	for i := range t.idx {
		t.idx[i] = int32(i)
	}
	t.build(0, len(pts), 0)
	return t
}

// Len is the number of points.
func (t *GeoTree) Len() int { return len(t.pts) }

func (t *GeoTree) build(lo, hi, depth int) {
	for hi-lo > 1 {
		mid, ax := lo+(hi-lo)/2, depth%3
		t.selectAxis(lo, hi-1, mid, ax)
		t.build(mid+1, hi, depth+1)
		hi, depth = mid, depth+1
	}
}

// selectAxis puts at k the point a sort of [lo, hi] on axis ax would put
// there, smaller or equal ones before, larger or equal after.
func (t *GeoTree) selectAxis(lo, hi, k, ax int) {
	swap := func(a, b int) {
		t.pts[a], t.pts[b] = t.pts[b], t.pts[a]
		t.idx[a], t.idx[b] = t.idx[b], t.idx[a]
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if t.pts[mid][ax] < t.pts[lo][ax] {
			swap(mid, lo)
		}
		if t.pts[hi][ax] < t.pts[lo][ax] {
			swap(hi, lo)
		}
		if t.pts[hi][ax] < t.pts[mid][ax] {
			swap(hi, mid)
		}
		pivot := t.pts[mid][ax]
		i, j := lo, hi
		for i <= j {
			for t.pts[i][ax] < pivot {
				i++
			}
			for t.pts[j][ax] > pivot {
				j--
			}
			if i <= j {
				swap(i, j)
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
			return
		}
	}
}

// Within calls visit with the index of every point whose squared chord to
// q is at most c2 (in no particular order).
func (t *GeoTree) Within(q Vec3, c2 float64, visit func(i int32)) {
	t.within(q, c2, math.Sqrt(c2), 0, len(t.pts), 0, visit)
}

func (t *GeoTree) within(q Vec3, c2, r float64, lo, hi, depth int, visit func(int32)) {
	for lo < hi {
		mid, ax := lo+(hi-lo)/2, depth%3
		p := &t.pts[mid]
		if chord2(q, *p) <= c2 {
			visit(t.idx[mid])
		}
		d := q[ax] - p[ax]
		// Before mid every point is at most p[ax] on the axis, after it
		// at least: a side is searched when the ball reaches it.
		if d <= r && d >= -r {
			t.within(q, c2, r, lo, mid, depth+1, visit)
			lo = mid + 1
		} else if d < 0 {
			hi = mid
		} else {
			lo = mid + 1
		}
		depth++
	}
}

// NearestWithin returns the index of the point nearest to q among those
// whose squared chord to q is below bound, and that squared chord (-1 and
// bound when there is none; +Inf: no bound); ties go to the point found
// first. A side of a split is searched when the split is nearer than the
// best so far, so a small bound prunes from the root.
func (t *GeoTree) NearestWithin(q Vec3, bound float64) (int32, float64) {
	best, bestD := -1, bound
	t.nearest(q, 0, len(t.pts), 0, &best, &bestD)
	if best < 0 {
		return -1, bestD
	}
	return t.idx[best], bestD
}

func (t *GeoTree) nearest(q Vec3, lo, hi, depth int, best *int, bestD *float64) {
	if lo >= hi {
		return
	}
	mid, ax := lo+(hi-lo)/2, depth%3
	p := &t.pts[mid]
	if d := chord2(q, *p); d < *bestD {
		*best, *bestD = mid, d
	}
	d := q[ax] - p[ax]
	near, far := [2]int{lo, mid}, [2]int{mid + 1, hi}
	if d > 0 {
		near, far = far, near
	}
	t.nearest(q, near[0], near[1], depth+1, best, bestD)
	if d*d <= *bestD {
		t.nearest(q, far[0], far[1], depth+1, best, bestD)
	}
}

// Farthest returns the index of the point farthest from q whose squared
// chord to q is above bound, and that squared chord (-1 and bound when
// there is none). Each range of the tree is skipped when the farthest
// corner of its bounding box is no farther than the best so far: a search
// that only looks for a point beyond a bound it already has (a span's
// farthest pair, one member at a time) mostly ends near the root.
func (t *GeoTree) Farthest(q Vec3, bound float64) (int32, float64) {
	if t.boxes == nil && len(t.pts) > 0 {
		t.boxes = make([][2]Vec3, len(t.pts))
		t.box(0, len(t.pts))
	}
	best, bestD := -1, bound
	t.farthest(q, 0, len(t.pts), &best, &bestD)
	if best < 0 {
		return -1, bestD
	}
	return t.idx[best], bestD
}

// box computes the bounding box of the range [lo, hi) into boxes[mid].
func (t *GeoTree) box(lo, hi int) [2]Vec3 {
	mid := lo + (hi-lo)/2
	b := [2]Vec3{t.pts[mid], t.pts[mid]}
	for _, r := range [2][2]int{{lo, mid}, {mid + 1, hi}} {
		if r[0] < r[1] {
			c := t.box(r[0], r[1])
			for ax := range 3 {
				b[0][ax], b[1][ax] = min(b[0][ax], c[0][ax]), max(b[1][ax], c[1][ax])
			}
		}
	}
	t.boxes[mid] = b
	return b
}

func (t *GeoTree) farthest(q Vec3, lo, hi int, best *int, bestD *float64) {
	if lo >= hi {
		return
	}
	mid := lo + (hi-lo)/2
	b := &t.boxes[mid]
	reach := 0.0
	for ax := range 3 {
		d := max(math.Abs(q[ax]-b[0][ax]), math.Abs(q[ax]-b[1][ax]))
		reach += d * d
	}
	if reach <= *bestD {
		return
	}
	if d := chord2(q, t.pts[mid]); d > *bestD {
		*best, *bestD = mid, d
	}
	t.farthest(q, lo, mid, best, bestD)
	t.farthest(q, mid+1, hi, best, bestD)
}
