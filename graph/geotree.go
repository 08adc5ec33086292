package graph

import "math"

// GeoTree is a k-d tree over points on the unit sphere, answering "which
// points lie within this chord of q" (the near filter: a distance bound is
// a chord bound) and "which point is nearest to q" (a span's farthest
// pair, through the antipode).
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

// Nearest returns the index of the point nearest to q and its squared
// chord (-1 and +Inf for an empty tree); ties go to the point found first.
func (t *GeoTree) Nearest(q Vec3) (int32, float64) {
	best, bestD := -1, math.Inf(1)
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
