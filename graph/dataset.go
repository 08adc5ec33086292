package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// DatasetFormat and DatasetVersion identify the file format described in
// data/FORMAT.md. Every file states both.
const (
	DatasetFormat  = "citynet-dataset"
	DatasetVersion = 1
)

// Dataset is a whole graph as read from dataset files.
type Dataset struct {
	Sources      []*Source      `json:"sources,omitempty"`
	Countries    []*Country     `json:"countries,omitempty"`
	Cities       []*City        `json:"cities,omitempty"`
	Networks     []*Network     `json:"networks,omitempty"`
	Institutions []*Institution `json:"institutions,omitempty"`
	People       []*Person      `json:"people,omitempty"`
	Memberships  []*Membership  `json:"memberships,omitempty"`
	Foundings    []*Founding    `json:"founders,omitempty"`
	Offices      []*Office      `json:"offices,omitempty"`
	Events       []*Event       `json:"events,omitempty"`
	Partnerships []*Partnership `json:"partnerships,omitempty"`
	Claims       []*Claim       `json:"claims,omitempty"`

	origin map[any]recordOrigin // record pointer → where it was read from
	valid  bool                 // Validate accepted it
}

// Problem is one thing wrong with a dataset: where (file, line, record,
// field) and what.
type Problem struct {
	File    string // file name, "" when not read from a file
	Line    int    // the line of the file where the record starts (or the error is); 0 if not known
	Record  string // e.g. `cities[3] "krakow"`
	Field   string // e.g. "country" or "sources[0].source"
	Path    string // for a record from a mutation argument: the GraphQL input path, e.g. "input.country"
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	record := p.Record
	if record != "" && p.Line > 0 && !strings.HasPrefix(record, "line ") {
		record += fmt.Sprintf(" (line %d)", p.Line)
	}
	for _, s := range []string{p.File, record, p.Field} {
		if s != "" {
			b.WriteString(s)
			b.WriteString(": ")
		}
	}
	b.WriteString(p.Message)
	return b.String()
}

// MaxProblems is how many problems a DatasetError lists. A file wrong on
// every one of a million lines must not make an answer of a hundred
// megabytes: the first hundred show what to fix, and Total says how many
// there are.
const MaxProblems = 100

// DatasetError lists the problems found in a dataset (the first
// MaxProblems of them, in the order found) and counts them all; nothing of
// a dataset with problems is loaded.
type DatasetError struct {
	Problems []Problem
	Total    int // every problem found; 0 means len(Problems)
}

// Count is how many problems were found, listed or not.
func (e *DatasetError) Count() int { return max(e.Total, len(e.Problems)) }

func (e *DatasetError) Error() string {
	const show = 20
	var b strings.Builder
	fmt.Fprintf(&b, "invalid dataset: %d problem(s)", e.Count())
	for i, p := range e.Problems {
		if i == show {
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if more := e.Count() - min(show, len(e.Problems)); more > 0 {
		fmt.Fprintf(&b, "\n  … and %d more", more)
	}
	return b.String()
}

// LoadDataset reads every *.json file in dir of fsys (in name order), merges
// them and validates the result. On any problem it returns a *DatasetError
// listing them and no dataset.
func LoadDataset(fsys fs.FS, dir string) (*Dataset, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, &DatasetError{Problems: []Problem{{File: dir, Message: "no *.json dataset files"}}}
	}
	sort.Strings(names)
	ds, p := &Dataset{}, &problems{}
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			p.add(Problem{File: name, Message: err.Error()})
			continue
		}
		err = decodeStream(ds, p, name, f, nil)
		f.Close()
		if err != nil {
			p.add(Problem{File: name, Message: err.Error()})
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	if err := ds.Validate(); err != nil {
		return nil, err
	}
	return ds, nil
}

// ParseDataset reads one dataset file's contents and validates it alone.
func ParseDataset(name string, b []byte) (*Dataset, error) {
	ds, err := DecodeDataset(name, b)
	if err != nil {
		return nil, err
	}
	if err := ds.Validate(); err != nil {
		return nil, err
	}
	return ds, nil
}

// DecodeDataset reads one dataset file without checking its references:
// for an import that refers to records already in the graph, which is
// merged (Dataset.Merge) and then validated as a whole. Syntax, unknown
// fields, JSON types and the format line are still checked, with their
// location.
func DecodeDataset(name string, b []byte) (*Dataset, error) {
	return DecodeDatasetFrom(context.Background(), name, bytes.NewReader(b))
}

// DecodeDatasetFrom is DecodeDataset reading from r as it goes: it keeps
// the records, never the text, so an import's memory is what its records
// take. A failure to read r (or ctx ending) is returned as it is, not as a
// problem of the file.
func DecodeDatasetFrom(ctx context.Context, name string, r io.Reader) (*Dataset, error) {
	ds, p := &Dataset{}, &problems{}
	if err := decodeStream(ds, p, name, r, ctx.Err); err != nil {
		return nil, err
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return ds, nil
}

// problems collects the problems of a dataset: the first MaxProblems, and
// the count of all.
type problems struct {
	list []Problem
	n    int
}

func (p *problems) add(pr Problem) {
	p.n++
	if len(p.list) < MaxProblems {
		p.list = append(p.list, pr)
	}
}

// full reports whether a further problem would only be counted: callers
// skip the work of describing it.
func (p *problems) full() bool { return len(p.list) >= MaxProblems }

func (p *problems) err() error {
	if p.n == 0 {
		return nil
	}
	return &DatasetError{Problems: p.list, Total: p.n}
}

// checkEvery is how many records a decoder reads between looks at its
// context.
const checkEvery = 1024

// decodeStream reads one dataset file from r, record by record, into ds;
// what is wrong with it goes to p. It returns only what is not the file's
// fault: a read error, or stop's error (a context that ended).
func decodeStream(ds *Dataset, p *problems, name string, r io.Reader, stop func() error) error {
	lr := &lineReader{r: r}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	d := &streamDecoder{ds: ds, p: p, name: name, lr: lr, dec: dec, stop: stop}
	err := d.file()
	if lr.err != nil {
		return lr.err
	}
	if errors.Is(err, errStopped) {
		return stop()
	}
	if err != nil {
		d.syntax(err)
	}
	return nil
}

var errStopped = errors.New("stopped")

type streamDecoder struct {
	ds   *Dataset
	p    *problems
	name string
	lr   *lineReader
	dec  *json.Decoder
	stop func() error
	n    int // records read
}

// file reads the top-level object. A returned error ends the file: a
// syntax error (or the end of the input) where the decoder stands.
func (d *streamDecoder) file() error {
	if err := d.delim('{', "a dataset file is a JSON object"); err != nil {
		return err
	}
	if d.ds.origin == nil {
		d.ds.origin = map[any]recordOrigin{}
	}
	var format, version bool
	for d.dec.More() {
		d.lr.keepFrom(d.dec.InputOffset())
		t, err := d.dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		switch key {
		case "format":
			var f any
			if err := d.dec.Decode(&f); err != nil {
				return err
			}
			format = f == DatasetFormat
		case "version":
			var v json.RawMessage
			if err := d.dec.Decode(&v); err != nil {
				return err
			}
			version = string(v) == strconv.Itoa(DatasetVersion)
		case "sources":
			err = decodeSection(d, key, &d.ds.Sources)
		case "countries":
			err = decodeSection(d, key, &d.ds.Countries)
		case "cities":
			err = decodeSection(d, key, &d.ds.Cities)
		case "networks":
			err = decodeSection(d, key, &d.ds.Networks)
		case "institutions":
			err = decodeSection(d, key, &d.ds.Institutions)
		case "people":
			err = decodeSection(d, key, &d.ds.People)
		case "memberships":
			err = decodeSection(d, key, &d.ds.Memberships)
		case "founders":
			err = decodeSection(d, key, &d.ds.Foundings)
		case "offices":
			err = decodeSection(d, key, &d.ds.Offices)
		case "events":
			err = decodeSection(d, key, &d.ds.Events)
		case "partnerships":
			err = decodeSection(d, key, &d.ds.Partnerships)
		case "claims":
			err = decodeSection(d, key, &d.ds.Claims)
		default:
			line, _ := d.lr.pos(d.dec.InputOffset())
			d.p.add(Problem{File: d.name, Line: line, Message: fmt.Sprintf(
				"unknown field %q: the sections are %s (see data/FORMAT.md)", key, strings.Join(Sections(), ", "))})
			var skip json.RawMessage
			err = d.dec.Decode(&skip)
		}
		if err != nil {
			return err
		}
	}
	if err := d.delim('}', ""); err != nil {
		return err
	}
	if !format {
		d.p.add(Problem{File: d.name, Field: "format", Message: fmt.Sprintf("must be %q", DatasetFormat)})
	}
	if !version {
		d.p.add(Problem{File: d.name, Field: "version", Message: fmt.Sprintf("must be %d (the version this server reads)", DatasetVersion)})
	}
	if _, err := d.dec.Token(); err != io.EOF {
		if d.lr.err == nil {
			d.p.add(Problem{File: d.name, Message: "more than one JSON value in the file"})
		}
	}
	return nil
}

// delim reads the delimiter want; a value of another kind is a problem
// described by what (when given).
func (d *streamDecoder) delim(want json.Delim, what string) error {
	t, err := d.dec.Token()
	if err != nil {
		return err
	}
	if t != want {
		if what == "" {
			what = fmt.Sprintf("want %q", want)
		}
		return &shapeError{d.tokenStart(t), fmt.Sprintf("%s, not %s", what, tokenKind(t))}
	}
	return nil
}

// tokenStart is the offset of the token t just read: a delimiter's own,
// the end of any other (whose length the decoder does not tell).
func (d *streamDecoder) tokenStart(t json.Token) int64 {
	if _, ok := t.(json.Delim); ok {
		return d.dec.InputOffset() - 1
	}
	return d.dec.InputOffset()
}

// shapeError is well-formed JSON of the wrong shape where the file's
// structure is read (an array where the file's object should be).
type shapeError struct {
	off int64
	msg string
}

func (e *shapeError) Error() string { return e.msg }

func tokenKind(t json.Token) string {
	switch t := t.(type) {
	case json.Delim:
		if t == '[' {
			return "an array"
		}
		if t == '{' {
			return "an object"
		}
		return fmt.Sprintf("%q", string(t))
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// syntax reports the error that ended the file at the line and column
// where the decoder stopped: for a file cut short, where it ends.
func (d *streamDecoder) syntax(err error) {
	off := d.dec.InputOffset()
	msg := strings.TrimPrefix(err.Error(), "json: ")
	var se *json.SyntaxError
	var she *shapeError
	switch {
	case errors.As(err, &she):
		off = she.off
	case errors.As(err, &se):
		off = se.Offset
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		off = d.lr.end // just after the file's last character
		msg = "unexpected end of the file: it is cut short, or a bracket or quote is missing"
	}
	line, col := d.lr.pos(off)
	d.p.add(Problem{File: d.name, Line: line, Message: fmt.Sprintf("line %d, column %d: %s", line, col, msg)})
}

// decodeSection reads a section's array, one record at a time.
func decodeSection[T any](d *streamDecoder, section string, into *[]*T) error {
	t, err := d.dec.Token()
	if err != nil {
		return err
	}
	if t == nil {
		return nil // "cities": null is an empty section
	}
	if t != json.Delim('[') {
		line, _ := d.lr.pos(d.tokenStart(t))
		d.p.add(Problem{File: d.name, Line: line, Field: section, Message: fmt.Sprintf("must be a JSON array of records, not %s", tokenKind(t))})
		if t == json.Delim('{') {
			return d.skipRest()
		}
		return nil
	}
	for i := 0; d.dec.More(); i++ {
		if d.n++; d.stop != nil && d.n%checkEvery == 0 && d.stop() != nil {
			return errStopped
		}
		// One pass, straight into the record; the reader keeps the
		// record's text until the next one, to explain a failure.
		start := d.dec.InputOffset()
		d.lr.keepFrom(start)
		v := new(T)
		err := d.dec.Decode(v)
		if d.lr.err != nil || errors.As(err, new(*json.SyntaxError)) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return err // the file ends here (or could not be read)
		}
		at, raw := d.lr.value(start, d.dec.InputOffset())
		line, _ := d.lr.pos(at)
		if err != nil {
			rec := fmt.Sprintf("%s[%d]%s", section, i, idOf(raw))
			if d.p.full() {
				d.p.add(Problem{}) // counted, not listed
				continue
			}
			n := d.p.n
			checkJSON(raw, reflect.TypeFor[T](), "", func(field, msg string) {
				d.p.add(Problem{File: d.name, Line: line, Record: rec, Field: field, Message: msg})
			})
			if d.p.n == n { // the checker missed what the decoder saw: say that
				field, msg := decodeProblem(err)
				d.p.add(Problem{File: d.name, Line: line, Record: rec, Field: field, Message: msg})
			}
			continue
		}
		if d.p.n > 0 {
			continue // refused already: only look for more problems
		}
		d.ds.origin[v] = recordOrigin{file: d.name, index: i, line: line}
		*into = append(*into, v)
	}
	_, err = d.dec.Token() // ]
	return err
}

// skipRest skips the rest of an object or array whose opening the decoder
// has just read.
func (d *streamDecoder) skipRest() error {
	for depth := 1; depth > 0; {
		t, err := d.dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// checkJSON reports every problem of a JSON value meant for type t, not
// only the first one the decoder stops at: each unknown field and each
// value of the wrong JSON type, by its path ("sources[1].quote"). Field
// names match as the decoder matches them (case-insensitively).
func checkJSON(raw json.RawMessage, t reflect.Type, path string, fail func(field, msg string)) {
	if string(raw) == "null" {
		return // the decoder leaves the zero value: Validate says what is missing
	}
	if t.Kind() == reflect.Pointer {
		checkJSON(raw, t.Elem(), path, fail)
		return
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) || t.Kind() != reflect.Struct && t.Kind() != reflect.Slice {
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			_, msg := decodeProblem(err)
			fail(path, msg)
		}
		return
	}
	if t.Kind() == reflect.Slice {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			fail(path, "must be a JSON array, not "+rawKind(raw))
			return
		}
		for i, item := range items {
			checkJSON(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i), fail)
		}
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		fail(path, "must be a JSON object, not "+rawKind(raw))
		return
	}
	fields := jsonFields(t)
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return
		}
		key, _ := k.(string)
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return
		}
		sub := key
		if path != "" {
			sub = path + "." + key
		}
		ft, ok := fields[strings.ToLower(key)]
		if !ok {
			fail(sub, "unknown field (see data/FORMAT.md for the fields of each record)")
			continue
		}
		checkJSON(v, ft, sub, fail)
	}
}

// jsonFields maps the lowered JSON names of a struct's fields (those of
// embedded structs included) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[strings.ToLower(name)] = f.Type
	}
	return out
}

func rawKind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	}
	return "number"
}

// decodeProblem says which field of a record failed to decode, and why.
func decodeProblem(err error) (field, message string) {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field, fmt.Sprintf("must be a JSON %s, not %s", jsonKind(te.Type.Kind().String()), te.Value)
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field, _ = strconv.Unquote(f)
		return field, "unknown field (see data/FORMAT.md for the fields of each record)"
	}
	return "", strings.TrimPrefix(err.Error(), "json: ")
}

func jsonKind(k string) string {
	switch k {
	case "slice":
		return "array"
	case "struct", "map":
		return "object"
	case "int", "float64":
		return "number"
	}
	return k
}

func idOf(raw json.RawMessage) string {
	var r struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(raw, &r) == nil && r.ID != nil {
		return fmt.Sprintf(" %q", fmt.Sprint(r.ID))
	}
	return ""
}

// lineReader counts the lines of what it reads, so that an offset the JSON
// decoder reports can be given as a line and column. Offsets are asked in
// increasing order, so it keeps only the newlines ahead of the last one
// asked: those in the decoder's read-ahead, not the file's.
type lineReader struct {
	r         io.Reader
	n         int64   // bytes read
	ahead     []int64 // offsets of the newlines after the last position asked
	line      int     // newlines before it
	lineStart int64   // offset where its line starts
	end       int64   // offset after the last byte that is not white space
	err       error   // the first read error other than io.EOF
	// The bytes read from offset winStart on (see keepFrom): the record
	// being decoded and the decoder's read-ahead.
	win      []byte
	winStart int64
}

// keepFrom says the bytes before off are no longer needed.
func (l *lineReader) keepFrom(off int64) {
	if drop := min(off-l.winStart, int64(len(l.win))); drop > 0 {
		l.win = l.win[drop:]
		l.winStart += drop
	}
}

// value returns the JSON value the decoder read between offsets from and
// to (kept since keepFrom(from)), without the white space and comma before
// it, and the offset where it starts.
func (l *lineReader) value(from, to int64) (int64, []byte) {
	b := l.win[from-l.winStart : to-l.winStart]
	k := 0
	for k < len(b) && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r' || b[k] == '\n' || b[k] == ',') {
		k++
	}
	return from + int64(k), b[k:]
}

func (l *lineReader) Read(b []byte) (int, error) {
	n, err := l.r.Read(b)
	l.win = append(l.win, b[:n]...)
	for i := 0; i < n; {
		j := bytes.IndexByte(b[i:n], '\n')
		if j < 0 {
			break
		}
		l.ahead = append(l.ahead, l.n+int64(i+j))
		i += j + 1
	}
	if k := bytes.LastIndexFunc(b[:n], func(r rune) bool { return !unicode.IsSpace(r) }); k >= 0 {
		l.end = l.n + int64(k) + 1
	}
	l.n += int64(n)
	if err != nil && err != io.EOF && l.err == nil {
		l.err = err
	}
	return n, err
}

// pos returns the 1-based line and column of the byte at off.
func (l *lineReader) pos(off int64) (line, col int) {
	i := 0
	for i < len(l.ahead) && l.ahead[i] < off {
		l.line++
		l.lineStart = l.ahead[i] + 1
		i++
	}
	l.ahead = l.ahead[i:]
	return l.line + 1, int(off-l.lineStart) + 1
}

// file returns the file a record was read from, "" if not from a file.
func (ds *Dataset) file(rec any) string { return ds.origin[rec].file }

// recordOrigin is the file a record was read from and its index in that
// file's section, so problems point into the file even after merges.
type recordOrigin struct {
	file  string
	index int
	line  int    // where the record starts in its file
	arg   string // the mutation argument it came from ("input")
}

// indexIn returns a record's index in its file's section, or at (its
// position in the dataset) when it was not read from a file.
func (ds *Dataset) indexIn(rec any, at int) int {
	if o, ok := ds.origin[rec]; ok {
		return o.index
	}
	return at
}

// Citations yields every record's citations, keyed by the section and the
// record ("memberships bydgoszcz → eurocities"), records without citations
// included.
func (ds *Dataset) Citations() iter.Seq2[string, []Citation] {
	return func(yield func(string, []Citation) bool) {
		type rec struct {
			key string
			cs  []Citation
		}
		var all []rec
		for _, x := range ds.Countries {
			all = append(all, rec{"countries " + x.ID, x.Sources})
		}
		for _, x := range ds.Cities {
			all = append(all, rec{"cities " + x.ID, x.Sources})
		}
		for _, x := range ds.Networks {
			all = append(all, rec{"networks " + x.ID, x.Sources})
		}
		for _, x := range ds.Institutions {
			all = append(all, rec{"institutions " + x.ID, x.Sources})
		}
		for _, x := range ds.People {
			all = append(all, rec{"people " + x.ID, x.Sources})
		}
		for _, x := range ds.Events {
			all = append(all, rec{"events " + x.ID, x.Sources})
		}
		for _, x := range ds.Partnerships {
			all = append(all, rec{"partnerships " + x.ID, x.Sources})
		}
		for _, x := range ds.Memberships {
			all = append(all, rec{"memberships " + x.CityID + " → " + x.NetworkID, x.Sources})
		}
		for _, x := range ds.Foundings {
			all = append(all, rec{"founders " + x.FounderID + " → " + x.NetworkID, x.Sources})
		}
		for _, x := range ds.Offices {
			all = append(all, rec{"offices " + x.PersonID + " → " + x.CityID, x.Sources})
		}
		for _, x := range ds.Claims {
			all = append(all, rec{"claims " + x.SubjectID + "." + x.Property, x.Sources})
		}
		for _, r := range all {
			if !yield(r.key, r.cs) {
				return
			}
		}
	}
}

// EncodeDataset writes a dataset in the file format (format and version
// included), so that DecodeDataset reads it back.
func EncodeDataset(ds *Dataset) ([]byte, error) {
	return json.Marshal(struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
		*Dataset
	}{DatasetFormat, DatasetVersion, ds})
}
