package graph_test

import (
	"encoding/base64"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"citynet/graph"
)

// MustInvalid fails unless err is an EINVALID *graph.Error blaming field.
func MustInvalid(tb testing.TB, err error, field string) {
	tb.Helper()
	if got := graph.ErrorCode(err); got != graph.EINVALID {
		tb.Fatalf("error code: got %q (%v), want %q", got, err, graph.EINVALID)
	}
	var e *graph.Error
	if !errors.As(err, &e) || e.Field != field {
		tb.Fatalf("error field: got %+v, want field %q", err, field)
	}
}

// MustOK fails if err is not nil.
func MustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("got error %v, want nil", err)
	}
}

func TestPage_Offset(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, tt := range []struct {
			page                  graph.Page
			wantOffset, wantLimit int
		}{
			{graph.Page{First: 10}, 0, 10},
			{graph.Page{First: 0}, 0, 0},
			{graph.Page{First: graph.MaxPageSize}, 0, graph.MaxPageSize},
			{graph.Page{First: 5, After: graph.EncodeCursor(0)}, 1, 5},
			{graph.Page{First: 5, After: graph.EncodeCursor(41)}, 42, 5},
		} {
			off, lim, err := tt.page.Offset()
			MustOK(t, err)
			if off != tt.wantOffset || lim != tt.wantLimit {
				t.Errorf("%+v.Offset() = %d, %d; want %d, %d", tt.page, off, lim, tt.wantOffset, tt.wantLimit)
			}
		}
	})
	t.Run("HugeCursorCapped", func(t *testing.T) {
		// A hand-made cursor near MaxInt64: offset + limit must not
		// overflow (Neo4j's $skip + $limit would fail), and the page is
		// empty, as for any offset past the end.
		for _, n := range []int{math.MaxInt, math.MaxInt - 1, graph.MaxOffset, graph.MaxOffset - 1} {
			off, lim, err := graph.Page{First: graph.MaxPageSize, After: graph.EncodeCursor(n)}.Offset()
			MustOK(t, err)
			if off != graph.MaxOffset || off+lim < off {
				t.Errorf("cursor %d: offset %d (limit %d), want %d", n, off, lim, graph.MaxOffset)
			}
		}
		c, err := graph.Paginate([]int{1, 2, 3}, graph.Page{First: 2, After: graph.EncodeCursor(math.MaxInt)})
		MustOK(t, err)
		if len(c.Items) != 0 || c.HasNext || c.TotalCount != 3 {
			t.Errorf("page after a huge cursor: got %+v, want empty, total 3", c)
		}
	})
	t.Run("ErrNegativeFirst", func(t *testing.T) {
		_, _, err := graph.Page{First: -1}.Offset()
		MustInvalid(t, err, "first")
	})
	t.Run("ErrFirstTooLarge", func(t *testing.T) {
		_, _, err := graph.Page{First: graph.MaxPageSize + 1}.Offset()
		MustInvalid(t, err, "first")
	})
	t.Run("ErrGarbageCursor", func(t *testing.T) {
		b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
		for _, after := range []string{
			"garbage!",                  // not base64
			"MTIz",                      // base64 of "123": no prefix
			b64("offset:"),              // no number
			b64("offset:-1"),            // negative
			b64("offset:1x"),            // not a number
			b64("position:3"),           // wrong prefix
			graph.EncodeCursor(3) + "=", // padded: not the API's encoding
		} {
			_, _, err := graph.Page{First: 1, After: after}.Offset()
			MustInvalid(t, err, "after")
		}
	})
}

func TestEncodeCursor(t *testing.T) {
	// A cursor is opaque: it must not look like a number to clients, and
	// the page after it starts just after its item.
	for _, n := range []int{0, 1, 19, 499, 123456} {
		c := graph.EncodeCursor(n)
		if c == "" || strings.ContainsAny(c, "+/= ") {
			t.Errorf("EncodeCursor(%d) = %q, want a non-empty URL-safe string", n, c)
		}
		off, _, err := graph.Page{First: 1, After: c}.Offset()
		MustOK(t, err)
		if off != n+1 {
			t.Errorf("offset after EncodeCursor(%d): got %d, want %d", n, off, n+1)
		}
	}
	if graph.EncodeCursor(1) == graph.EncodeCursor(2) {
		t.Errorf("EncodeCursor(1) == EncodeCursor(2) = %q, want different cursors", graph.EncodeCursor(1))
	}
}

func TestPaginate(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e", "f", "g"}

	t.Run("OK", func(t *testing.T) {
		c, err := graph.Paginate(items, graph.Page{First: 3})
		MustOK(t, err)
		if want := []string{"a", "b", "c"}; !slices.Equal(c.Items, want) {
			t.Errorf("items: got %v, want %v", c.Items, want)
		}
		if c.TotalCount != 7 || !c.HasNext || c.HasPrev {
			t.Errorf("totalCount, hasNext, hasPrev: got %d, %v, %v; want 7, true, false", c.TotalCount, c.HasNext, c.HasPrev)
		}
		if len(c.Cursors) != len(c.Items) {
			t.Fatalf("cursors: got %d, want one per item (%d)", len(c.Cursors), len(c.Items))
		}
	})

	t.Run("ChainVisitsEveryItemOnce", func(t *testing.T) {
		for first := 1; first <= len(items)+1; first++ {
			var got []string
			after := ""
			for pages := 0; ; pages++ {
				if pages > len(items)+1 {
					t.Fatalf("first=%d: pagination does not end", first)
				}
				c, err := graph.Paginate(items, graph.Page{First: first, After: after})
				MustOK(t, err)
				if c.TotalCount != len(items) {
					t.Errorf("first=%d page %d: totalCount got %d, want %d", first, pages, c.TotalCount, len(items))
				}
				if c.HasPrev != (pages > 0) {
					t.Errorf("first=%d page %d: hasPrev got %v, want %v", first, pages, c.HasPrev, pages > 0)
				}
				got = append(got, c.Items...)
				if c.HasNext != (len(got) < len(items)) {
					t.Errorf("first=%d page %d: hasNext got %v, want %v", first, pages, c.HasNext, len(got) < len(items))
				}
				if !c.HasNext || len(c.Items) == 0 {
					break
				}
				after = c.Cursors[len(c.Cursors)-1]
			}
			if !slices.Equal(got, items) {
				t.Errorf("first=%d: chain visited %v, want %v", first, got, items)
			}
		}
	})

	t.Run("FirstZero", func(t *testing.T) {
		// first=0 asks for the count only.
		c, err := graph.Paginate(items, graph.Page{First: 0})
		MustOK(t, err)
		if len(c.Items) != 0 || len(c.Cursors) != 0 || c.TotalCount != 7 || !c.HasNext || c.HasPrev {
			t.Errorf("got %d items, %d cursors, totalCount %d, hasNext %v, hasPrev %v; want 0, 0, 7, true, false",
				len(c.Items), len(c.Cursors), c.TotalCount, c.HasNext, c.HasPrev)
		}
	})

	t.Run("AfterLastItem", func(t *testing.T) {
		c, err := graph.Paginate(items, graph.Page{First: 3, After: graph.EncodeCursor(6)})
		MustOK(t, err)
		if len(c.Items) != 0 || c.HasNext || !c.HasPrev || c.TotalCount != 7 {
			t.Errorf("got %v, hasNext %v, hasPrev %v, totalCount %d; want [], false, true, 7", c.Items, c.HasNext, c.HasPrev, c.TotalCount)
		}
		c, err = graph.Paginate(items, graph.Page{First: 3, After: graph.EncodeCursor(100)})
		MustOK(t, err)
		if len(c.Items) != 0 || c.HasNext {
			t.Errorf("cursor past the end: got %v, hasNext %v; want [], false", c.Items, c.HasNext)
		}
	})

	t.Run("Empty", func(t *testing.T) {
		c, err := graph.Paginate([]string(nil), graph.Page{First: 10})
		MustOK(t, err)
		if len(c.Items) != 0 || c.TotalCount != 0 || c.HasNext || c.HasPrev {
			t.Errorf("got %v, totalCount %d, hasNext %v, hasPrev %v; want [], 0, false, false", c.Items, c.TotalCount, c.HasNext, c.HasPrev)
		}
	})
	t.Run("ErrNegativeFirst", func(t *testing.T) {
		_, err := graph.Paginate(items, graph.Page{First: -1})
		MustInvalid(t, err, "first")
	})
	t.Run("ErrFirstTooLarge", func(t *testing.T) {
		_, err := graph.Paginate(items, graph.Page{First: graph.MaxPageSize + 1})
		MustInvalid(t, err, "first")
	})
	t.Run("ErrGarbageCursor", func(t *testing.T) {
		_, err := graph.Paginate(items, graph.Page{First: 1, After: "garbage"})
		MustInvalid(t, err, "after")
	})
}

func TestWindow(t *testing.T) {
	// A backend that fetched only the page (with SKIP/LIMIT) and counted
	// the total separately gets the same connection as one that sliced the
	// whole list.
	all := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	whole := graph.Window(all, len(all), 4, 3)
	page := graph.Window(all[4:7], len(all), 4, 3)
	for _, c := range []*graph.Connection[int]{whole, page} {
		if !slices.Equal(c.Items, []int{4, 5, 6}) || c.TotalCount != 10 || !c.HasNext || !c.HasPrev {
			t.Errorf("got %v, totalCount %d, hasNext %v, hasPrev %v; want [4 5 6], 10, true, true", c.Items, c.TotalCount, c.HasNext, c.HasPrev)
		}
		if !slices.Equal(c.Cursors, []string{graph.EncodeCursor(4), graph.EncodeCursor(5), graph.EncodeCursor(6)}) {
			t.Errorf("cursors: got %v, want the cursors of offsets 4, 5, 6", c.Cursors)
		}
	}
}

func TestCheckHops(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, n := range []int{1, graph.DefaultMaxHops, graph.MaxMaxHops} {
			MustOK(t, graph.CheckHops(n))
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, n := range []int{-1, 0, graph.MaxMaxHops + 1} {
			MustInvalid(t, graph.CheckHops(n), "maxHops")
		}
	})
}

func TestCheckNeighborhood(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		MustOK(t, graph.CheckNeighborhood(0, 1))
		MustOK(t, graph.CheckNeighborhood(graph.MaxDepth, graph.MaxNeighborLimit))
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		MustInvalid(t, graph.CheckNeighborhood(-1, 10), "depth")
		MustInvalid(t, graph.CheckNeighborhood(graph.MaxDepth+1, 10), "depth")
		MustInvalid(t, graph.CheckNeighborhood(1, 0), "limit")
		MustInvalid(t, graph.CheckNeighborhood(1, graph.MaxNeighborLimit+1), "limit")
	})
}

func TestCheckMinShared(t *testing.T) {
	MustOK(t, graph.CheckMinShared(1))
	MustInvalid(t, graph.CheckMinShared(0), "minShared")
	MustInvalid(t, graph.CheckMinShared(-3), "minShared")
}

func TestCheckSearch(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		q, err := graph.CheckSearch("  KRAKÓW ", 10)
		MustOK(t, err)
		if q != "krakow" {
			t.Errorf("folded query: got %q, want %q", q, "krakow")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, text := range []string{"", "   ", " – !? "} {
			_, err := graph.CheckSearch(text, 10)
			MustInvalid(t, err, "text")
		}
		_, err := graph.CheckSearch(strings.Repeat("a", graph.MaxSearchTextLength+1), 10)
		MustInvalid(t, err, "text")
		for _, first := range []int{0, -1, graph.MaxSearchResults + 1} {
			_, err := graph.CheckSearch("krakow", first)
			MustInvalid(t, err, "first")
		}
	})
}

func TestCheckRels(t *testing.T) {
	MustOK(t, graph.CheckRels(nil))
	MustOK(t, graph.CheckRels(graph.RelTypes))
	MustInvalid(t, graph.CheckRels([]graph.RelType{graph.RelMemberOf, "FRIEND_OF"}), "relations[1]")
}

func TestFilter_Check(t *testing.T) {
	y := func(n int) *int { return &n }
	t.Run("OK", func(t *testing.T) {
		MustOK(t, graph.CityFilter{JoinedFrom: y(2000), JoinedTo: y(2000)}.Check())
		MustOK(t, graph.NetworkFilter{Scope: graph.ScopeEuropean, Kind: graph.NetworkAssociation, FoundedFrom: y(1980)}.Check())
		MustOK(t, graph.InstitutionFilter{Kind: graph.InstitutionUniversity}.Check())
		MustOK(t, graph.EventFilter{Kind: graph.EventGeneralMeeting, YearTo: y(2017)}.Check())
		MustOK(t, graph.PartnershipFilter{Kind: graph.PartnershipPartnerCities}.Check())
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		MustInvalid(t, graph.CityFilter{JoinedFrom: y(2010), JoinedTo: y(2000)}.Check(), "filter.joinedFrom")
		MustInvalid(t, graph.NetworkFilter{Scope: "GALACTIC"}.Check(), "filter.scope")
		MustInvalid(t, graph.NetworkFilter{Kind: "GUILD"}.Check(), "filter.kind")
		MustInvalid(t, graph.NetworkFilter{MinMembers: -1}.Check(), "filter.minMembers")
		MustInvalid(t, graph.NetworkFilter{FoundedFrom: y(2000), FoundedTo: y(1999)}.Check(), "filter.foundedFrom")
		MustInvalid(t, graph.InstitutionFilter{Kind: "PUB"}.Check(), "filter.kind")
		MustInvalid(t, graph.EventFilter{Kind: "PARTY"}.Check(), "filter.kind")
		MustInvalid(t, graph.EventFilter{YearFrom: y(2018), YearTo: y(2017)}.Check(), "filter.yearFrom")
		MustInvalid(t, graph.PartnershipFilter{Kind: "MARRIAGE"}.Check(), "filter.kind")
		MustInvalid(t, graph.PartnershipFilter{YearFrom: y(2018), YearTo: y(2017)}.Check(), "filter.yearFrom")
	})
}

func TestErrorCode(t *testing.T) {
	for _, tt := range []struct {
		err  error
		code string
		msg  string
	}{
		{nil, "", ""},
		{graph.NotFound(graph.TypeCity, "atlantis"), graph.ENOTFOUND, `no city with id "atlantis"`},
		{graph.NotFound("", "atlantis"), graph.ENOTFOUND, `no node with id "atlantis"`},
		{graph.Invalid("first", "must not be negative"), graph.EINVALID, "first: must not be negative"},
		{errors.Join(errors.New("context"), graph.Errorf(graph.ECONFLICT, "taken")), graph.ECONFLICT, "taken"},
		{errors.New("dial tcp 10.0.0.1:7687: refused"), graph.EINTERNAL, "internal error"},
	} {
		if got := graph.ErrorCode(tt.err); got != tt.code {
			t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.code)
		}
		if got := graph.ErrorMessage(tt.err); got != tt.msg {
			t.Errorf("ErrorMessage(%v) = %q, want %q", tt.err, got, tt.msg)
		}
	}
}
