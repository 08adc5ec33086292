package graph

import (
	"fmt"
	"strconv"
	"time"
)

// Date is an ISO 8601 date with the precision the source gave: "1986",
// "2005-11", "2017-03-14", "--10-15" (day and month, year unknown) or "--10"
// (month only). The zero value means unknown. Nothing is ever filled in.
type Date string

// ParseDate checks s and returns it as a Date. Impossible dates ("2005-13",
// "2021-02-30") are errors.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return "", nil
	}
	num := func(t string) (int, bool) {
		for _, c := range t {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(t)
		return n, err == nil
	}
	var year, month, day int
	var ok bool
	switch {
	case len(s) == 4 && s[0] != '-':
		year, ok = num(s)
	case len(s) == 7 && s[0] != '-' && s[4] == '-':
		if year, ok = num(s[:4]); ok {
			month, ok = num(s[5:])
		}
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		if year, ok = num(s[:4]); ok {
			if month, ok = num(s[5:7]); ok {
				day, ok = num(s[8:])
			}
		}
	case len(s) == 4 && s[:2] == "--":
		month, ok = num(s[2:])
	case len(s) == 7 && s[:2] == "--" && s[4] == '-':
		if month, ok = num(s[2:4]); ok {
			day, ok = num(s[5:])
		}
	}
	if !ok {
		return "", fmt.Errorf("%q is not an ISO 8601 date of the form YYYY, YYYY-MM, YYYY-MM-DD, --MM-DD or --MM", s)
	}
	if month != 0 && (month < 1 || month > 12) || len(s) >= 7 && s[:2] != "--" && month == 0 || s[:2] == "--" && month == 0 {
		return "", fmt.Errorf("%q has no month %d", s, month)
	}
	if day != 0 || len(s) == 10 || len(s) == 7 && s[:2] == "--" {
		// A leap year (2000) lets --02-29 through when the year is unknown.
		y := year
		if y == 0 {
			y = 2000
		}
		if day < 1 || day > time.Date(y, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
			return "", fmt.Errorf("%q has no day %d", s, day)
		}
	}
	return Date(s), nil
}

// Year returns the year and whether the date states one.
func (d Date) Year() (int, bool) {
	if len(d) < 4 || d[0] == '-' {
		return 0, false
	}
	y, err := strconv.Atoi(string(d[:4]))
	return y, err == nil
}

// Precision names how much of the date is known.
func (d Date) Precision() string {
	switch {
	case d == "":
		return "UNKNOWN"
	case len(d) == 4 && d[0] != '-':
		return "YEAR"
	case len(d) == 7 && d[0] != '-':
		return "MONTH"
	case len(d) == 10:
		return "DAY"
	case len(d) == 4:
		return "MONTH_NO_YEAR"
	default:
		return "DAY_NO_YEAR"
	}
}

// Compare orders dates for sorting: dates with a year first by their text
// (ISO strings of reduced precision sort correctly), then dates without a
// year, then unknown dates.
func (d Date) Compare(o Date) int {
	rank := func(x Date) int {
		switch {
		case x == "":
			return 2
		case x[0] == '-':
			return 1
		}
		return 0
	}
	if r, s := rank(d), rank(o); r != s {
		return r - s
	}
	switch {
	case d < o:
		return -1
	case d > o:
		return 1
	}
	return 0
}

// InYears reports whether the date's year lies in [from, to]; a nil bound is
// open. A date without a year matches only when both bounds are nil.
func (d Date) InYears(from, to *int) bool {
	if from == nil && to == nil {
		return true
	}
	y, ok := d.Year()
	if !ok {
		return false
	}
	return (from == nil || y >= *from) && (to == nil || y <= *to)
}

// Year0 returns the year, or 0 when the date states none.
func (d Date) Year0() int {
	y, _ := d.Year()
	return y
}
