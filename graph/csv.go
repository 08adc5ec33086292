package graph

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
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
// column (the first MaxProblems of them listed), and no rows are returned
// when there is any.
func ParseMembershipCSV(name string, r io.Reader) ([]MembershipRow, error) {
	var rows []MembershipRow
	p := &problems{}
	if err := readMembershipCSV(name, r, p, nil, func(row MembershipRow) { rows = append(rows, row) }); err != nil {
		return nil, err
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return rows, nil
}

// errReader keeps the first error of r other than io.EOF, which the CSV
// reader would otherwise report like a syntax error.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(b []byte) (int, error) {
	n, err := e.r.Read(b)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}

// readMembershipCSV reads a membership list as it comes, handing each good
// row to row and each problem to p; it returns only what is not the
// file's fault: a read error, or stop's error.
func readMembershipCSV(name string, r io.Reader, p *problems, stop func() error, row func(MembershipRow)) error {
	er := &errReader{r: r}
	cr := csv.NewReader(er)
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	cr.ReuseRecord = true
	fail := func(line int, field, format string, args ...any) {
		if p.full() {
			p.add(Problem{})
			return
		}
		p.add(Problem{File: name, Line: line, Record: fmt.Sprintf("line %d", line), Field: field, Message: fmt.Sprintf(format, args...)})
	}
	header, err := cr.Read()
	if er.err != nil {
		return er.err
	}
	if err != nil {
		msg := "empty file: want a header row city,country,network,since"
		if !errors.Is(err, io.EOF) {
			msg = err.Error()
		}
		fail(1, "", "%s", msg)
		return nil
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
	if p.n > 0 {
		return nil
	}
	for n := 1; ; n++ {
		if stop != nil && n%checkEvery == 0 {
			if err := stop(); err != nil {
				return err
			}
		}
		rec, err := cr.Read()
		if er.err != nil {
			return er.err
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			// FieldPos is only defined after a successful Read.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			fail(line, "", "%v", err)
			return nil
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			fail(line, "", "has %d fields, the header has %d", len(rec), len(header))
			continue
		}
		get := func(c string) string { return strings.TrimSpace(rec[col[c]-1]) }
		r := MembershipRow{Line: line, City: get("city"), Country: strings.ToUpper(get("country")), Network: get("network")}
		bad := p.n
		if msg := badText(r.City, false); msg != "" {
			fail(line, "city", "%s", msg)
		} else if r.CityID() == "" {
			fail(line, "city", "needs a name with at least one letter or digit")
		}
		if msg := badText(r.Network, false); msg != "" {
			fail(line, "network", "%s", msg)
		} else if r.NetworkID() == "" {
			fail(line, "network", "needs a name with at least one letter or digit")
		}
		if c := r.Country; len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			fail(line, "country", "must be an ISO 3166-1 alpha-2 code like PL, got %q", get("country"))
		}
		since, err := ParseDate(get("since"))
		if err != nil {
			fail(line, "since", "%v", err)
		}
		r.Since = since
		if p.n == bad {
			row(r)
		}
	}
}

// ImportFormat is the kind of file an import carries.
type ImportFormat string

const (
	ImportJSON ImportFormat = "JSON" // the dataset format
	ImportCSV  ImportFormat = "CSV"  // a membership list
)

// DecodeImport reads an import from r as it comes (never the whole text
// at once) into dataset records, resolving a membership list's names
// against the current graph. It does not validate the merged result:
// Dataset.Apply does. Problems with the file are a *DatasetError; a
// failure to read r, or ctx ending, is returned as it is.
func DecodeImport(ctx context.Context, name string, format ImportFormat, r io.Reader, current *Dataset) (*Dataset, error) {
	switch format {
	case ImportCSV:
		p := &problems{}
		b := newMembershipBuilder(name, current, p)
		if err := readMembershipCSV(name, r, p, ctx.Err, b.add); err != nil {
			return nil, err
		}
		if err := p.err(); err != nil {
			return nil, err
		}
		return b.out, nil
	case ImportJSON:
		return DecodeDatasetFrom(ctx, name, r)
	}
	return nil, Invalid("format", "must be JSON or CSV, got %q", format)
}

// DefaultImportTimeout is how long an import may take, reading included,
// unless the server is told otherwise.
const DefaultImportTimeout = 5 * time.Minute

// errImportTimeout is the cause of an import's context that ran out of
// time.
var errImportTimeout = errors.New("the import ran out of time")

// WithImportDeadline bounds an import: reading, checking and applying it
// all happen under the returned context. d <= 0 sets no deadline.
func WithImportDeadline(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, d, errImportTimeout)
}

// ImportTimedOut reports whether the import deadline of ctx (see
// WithImportDeadline) has passed.
func ImportTimedOut(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errImportTimeout)
}

// ImportError is what an import under ctx (see WithImportDeadline, for d)
// that failed with err answers: an ETIMEOUT error when its deadline passed
// (stores return an error only for a change they did not commit, so
// nothing was written); err itself otherwise, and for problems with the
// file, which stand whenever they were found.
func ImportError(ctx context.Context, d time.Duration, err error) error {
	var dse *DatasetError
	if err == nil || !ImportTimedOut(ctx) || errors.As(err, &dse) || (ErrorCode(err) != EINTERNAL && ErrorCode(err) != ETIMEOUT) {
		return err
	}
	return ImportTimeoutError(d)
}

// ImportTimeoutError is the error of an import that ran out of its time d.
func ImportTimeoutError(d time.Duration) *Error {
	return &Error{Code: ETIMEOUT, Extensions: map[string]any{"timeout": d.String()}, Message: fmt.Sprintf(
		"the import took longer than this server allows (%v): nothing was written; send it in smaller parts, or ask for a longer -import-timeout", d)}
}
