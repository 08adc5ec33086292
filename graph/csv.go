package graph

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// MembershipRow is one line of a membership list: the shape researchers
// keep in spreadsheets (city, country, network, since).
type MembershipRow struct {
	Line    int // 1-based line in the file, header included
	City    string
	Country string // ISO 3166-1 alpha-2, upper case
	Network string
	Since   Date
}

// CityID and NetworkID are the ids the row's names get in the graph.
func (r MembershipRow) CityID() string    { return Slug(r.City) }
func (r MembershipRow) NetworkID() string { return Slug(r.Network) }

// membershipColumns are the columns a membership list must have, in any
// order (header names are matched case-insensitively).
var membershipColumns = []string{"city", "country", "network", "since"}

// ParseMembershipCSV reads a membership list with a header row naming the
// columns city, country, network and since (others are an error, so a typo
// is not silently dropped). Every problem is reported with its line and
// column, and no rows are returned when there is any.
func ParseMembershipCSV(name string, r io.Reader) ([]MembershipRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	cr.ReuseRecord = true
	p := &problems{}
	fail := func(line int, field, format string, args ...any) {
		p.add(Problem{File: name, Record: fmt.Sprintf("line %d", line), Field: field, Message: fmt.Sprintf(format, args...)})
	}
	header, err := cr.Read()
	if err != nil {
		msg := "empty file: want a header row city,country,network,since"
		if !errors.Is(err, io.EOF) {
			msg = err.Error()
		}
		return nil, &DatasetError{[]Problem{{File: name, Record: "line 1", Message: msg}}}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case !slices.Contains(membershipColumns, h):
			fail(1, h, "unknown column: the columns are %s", strings.Join(membershipColumns, ", "))
		case col[h] > 0:
			fail(1, h, "column listed twice")
		default:
			col[h] = i + 1
		}
	}
	for _, c := range membershipColumns {
		if col[c] == 0 {
			fail(1, c, "missing column")
		}
	}
	if len(p.list) > 0 {
		return nil, &DatasetError{p.list}
	}
	var rows []MembershipRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// FieldPos is only defined after a successful Read.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			fail(line, "", "%v", err)
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			fail(line, "", "has %d fields, the header has %d", len(rec), len(header))
			continue
		}
		get := func(c string) string { return strings.TrimSpace(rec[col[c]-1]) }
		row := MembershipRow{Line: line, City: get("city"), Country: strings.ToUpper(get("country")), Network: get("network")}
		if row.CityID() == "" {
			fail(line, "city", "needs a name with at least one letter or digit")
		}
		if row.NetworkID() == "" {
			fail(line, "network", "needs a name with at least one letter or digit")
		}
		if c := row.Country; len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			fail(line, "country", "must be an ISO 3166-1 alpha-2 code like PL, got %q", get("country"))
		}
		since, err := ParseDate(get("since"))
		if err != nil {
			fail(line, "since", "%v", err)
		}
		row.Since = since
		rows = append(rows, row)
	}
	if len(p.list) > 0 {
		return nil, &DatasetError{p.list}
	}
	return rows, nil
}

// ImportFormat is the kind of file an import carries.
type ImportFormat string

const (
	ImportJSON ImportFormat = "JSON" // the dataset format
	ImportCSV  ImportFormat = "CSV"  // a membership list
)

// DecodeImport reads an import into dataset records, resolving a
// membership list's names against the current graph. It does not validate
// the merged result: Importer.Apply does.
func DecodeImport(name string, format ImportFormat, body []byte, current *Dataset) (*Dataset, error) {
	switch format {
	case ImportCSV:
		rows, err := ParseMembershipCSV(name, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		return MembershipsFromRows(name, rows, current)
	case ImportJSON:
		return DecodeDataset(name, body)
	}
	return nil, Invalid("format", "must be JSON or CSV, got %q", format)
}
