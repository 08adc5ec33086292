package graph_test

import (
	"strconv"
	"testing"

	"citynet/graph"
)

func TestParseDate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, s := range []string{
			"1986",       // year
			"2005-11",    // year and month
			"2017-03-14", // day
			"--10-15",    // day and month, year unknown
			"--02-29",    // could be a leap year: the year is unknown
			"--10",       // month only
			"2000-02-29", // leap year
			"",           // unknown
		} {
			got, err := graph.ParseDate(s)
			if err != nil {
				t.Errorf("ParseDate(%q): got error %v, want nil", s, err)
			} else if string(got) != s {
				t.Errorf("ParseDate(%q) = %q, want %q (never add or drop precision)", s, got, s)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, s := range []string{
			"2005-13",     // no month 13
			"2021-02-30",  // no 30 February
			"2021-02-29",  // not a leap year
			"2005-00",     // no month 0
			"2005-11-00",  // no day 0
			"2005-04-31",  // April has 30 days
			"86",          // two-digit year
			"2005-1",      // month must have two digits
			"2005/11",     // wrong separator
			"--13-01",     // no month 13, year unknown
			"--02-30",     // never a 30 February
			"--00",        // no month 0
			"abcd",        // not a number
			"2005-11-",    // trailing separator
			"-986",        // negative year
			"----",        // no digits
			"2005-11-3",   // day must have two digits
			"2005-11-03T", // time part
			" 1986",       // surrounding space
		} {
			if got, err := graph.ParseDate(s); err == nil {
				t.Errorf("ParseDate(%q) = %q, nil; want an error", s, got)
			}
		}
	})
}

func TestDate_Year(t *testing.T) {
	for _, tt := range []struct {
		date graph.Date
		year int
		ok   bool
	}{
		{"1986", 1986, true},
		{"2005-11", 2005, true},
		{"2017-03-14", 2017, true},
		{"--10-15", 0, false},
		{"--10", 0, false},
		{"", 0, false},
	} {
		y, ok := tt.date.Year()
		if y != tt.year || ok != tt.ok {
			t.Errorf("Date(%q).Year() = %d, %v; want %d, %v", tt.date, y, ok, tt.year, tt.ok)
		}
		if got := tt.date.Year0(); got != tt.year {
			t.Errorf("Date(%q).Year0() = %d, want %d", tt.date, got, tt.year)
		}
	}
}

func TestDate_Precision(t *testing.T) {
	for _, tt := range []struct {
		date graph.Date
		want string
	}{
		{"", "UNKNOWN"},
		{"1986", "YEAR"},
		{"2005-11", "MONTH"},
		{"2017-03-14", "DAY"},
		{"--10", "MONTH_NO_YEAR"},
		{"--10-15", "DAY_NO_YEAR"},
	} {
		if got := tt.date.Precision(); got != tt.want {
			t.Errorf("Date(%q).Precision() = %q, want %q", tt.date, got, tt.want)
		}
	}
}

func TestDate_Compare(t *testing.T) {
	// The order every store uses for "since": dated by text, then
	// dates without a year, then unknown dates.
	ordered := []graph.Date{"1986", "2005", "2005-11", "2005-11-03", "2005-12", "2017-03-14", "--02", "--10-15", "--11", ""}
	for i, a := range ordered {
		for j, b := range ordered {
			got := a.Compare(b)
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if sign(got) != want {
				t.Errorf("Date(%q).Compare(%q) = %d, want sign %d", a, b, got, want)
			}
		}
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestDate_InYears(t *testing.T) {
	y := func(n int) *int { return &n }
	for _, tt := range []struct {
		date     graph.Date
		from, to *int
		want     bool
	}{
		{"2005-11", nil, nil, true},
		{"--10-15", nil, nil, true}, // no bounds: everything matches
		{"", nil, nil, true},
		{"2005-11", y(2005), y(2005), true},
		{"2005-11", y(2000), nil, true},
		{"2005-11", nil, y(2010), true},
		{"2005-11", y(2006), nil, false},
		{"2005-11", nil, y(2004), false},
		{"1986", y(1986), y(1986), true},
		{"--10-15", y(1900), nil, false}, // no year: no bounded range matches
		{"--10", nil, y(3000), false},
		{"", y(1900), y(3000), false},
	} {
		if got := tt.date.InYears(tt.from, tt.to); got != tt.want {
			t.Errorf("Date(%q).InYears(%s, %s) = %v, want %v", tt.date, ptr(tt.from), ptr(tt.to), got, tt.want)
		}
	}
}

func ptr(p *int) string {
	if p == nil {
		return "nil"
	}
	return strconv.Itoa(*p)
}
