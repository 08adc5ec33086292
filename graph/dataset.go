package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
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

// Problem is one thing wrong with a dataset: where (file, record, field) and
// what.
type Problem struct {
	File    string // file name, "" when not read from a file
	Record  string // e.g. `cities[3] "krakow"`
	Field   string // e.g. "country" or "sources[0].source"
	Path    string // for a record from a mutation argument: the GraphQL input path, e.g. "input.country"
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	for _, s := range []string{p.File, p.Record, p.Field} {
		if s != "" {
			b.WriteString(s)
			b.WriteString(": ")
		}
	}
	b.WriteString(p.Message)
	return b.String()
}

// DatasetError lists every problem found in a dataset; nothing of a dataset
// with problems is loaded.
type DatasetError struct {
	Problems []Problem
}

func (e *DatasetError) Error() string {
	const show = 20
	var b strings.Builder
	fmt.Fprintf(&b, "invalid dataset: %d problem(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == show {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-show)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// fileHeader is a dataset file with its records left raw, so each record can
// be decoded (and blamed) on its own.
type fileHeader struct {
	Format       *string           `json:"format"`
	Version      *int              `json:"version"`
	Sources      []json.RawMessage `json:"sources"`
	Countries    []json.RawMessage `json:"countries"`
	Cities       []json.RawMessage `json:"cities"`
	Networks     []json.RawMessage `json:"networks"`
	Institutions []json.RawMessage `json:"institutions"`
	People       []json.RawMessage `json:"people"`
	Memberships  []json.RawMessage `json:"memberships"`
	Foundings    []json.RawMessage `json:"founders"`
	Offices      []json.RawMessage `json:"offices"`
	Events       []json.RawMessage `json:"events"`
	Partnerships []json.RawMessage `json:"partnerships"`
	Claims       []json.RawMessage `json:"claims"`
}

// LoadDataset reads every *.json file in dir of fsys (in name order), merges
// them and validates the result. On any problem it returns a *DatasetError
// listing all of them and no dataset.
func LoadDataset(fsys fs.FS, dir string) (*Dataset, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, &DatasetError{[]Problem{{File: dir, Message: "no *.json dataset files"}}}
	}
	sort.Strings(names)
	ds, p := &Dataset{}, &problems{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			p.add(Problem{File: name, Message: err.Error()})
			continue
		}
		decodeFile(ds, p, name, b)
	}
	if len(p.list) > 0 {
		return nil, &DatasetError{p.list}
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
// fields and the format line are still checked, with their location.
func DecodeDataset(name string, b []byte) (*Dataset, error) {
	ds, p := &Dataset{}, &problems{}
	decodeFile(ds, p, name, b)
	if len(p.list) > 0 {
		return nil, &DatasetError{p.list}
	}
	return ds, nil
}

type problems struct{ list []Problem }

func (p *problems) add(pr Problem) { p.list = append(p.list, pr) }

func decodeFile(ds *Dataset, p *problems, name string, b []byte) {
	if decodeFast(ds, name, b) {
		return
	}
	// Something is wrong: decode again record by record to say exactly
	// where.
	var h fileHeader
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		p.add(Problem{File: name, Message: jsonMessage(err, b)})
		return
	}
	if dec.More() {
		p.add(Problem{File: name, Message: "more than one JSON value in the file"})
		return
	}
	if h.Format == nil || *h.Format != DatasetFormat {
		p.add(Problem{File: name, Field: "format", Message: fmt.Sprintf("must be %q", DatasetFormat)})
	}
	if h.Version == nil || *h.Version != DatasetVersion {
		p.add(Problem{File: name, Field: "version", Message: fmt.Sprintf("must be %d (the version this server reads)", DatasetVersion)})
	}
	ds.Sources = decodeRecords(ds, p, name, "sources", h.Sources, ds.Sources)
	ds.Countries = decodeRecords(ds, p, name, "countries", h.Countries, ds.Countries)
	ds.Cities = decodeRecords(ds, p, name, "cities", h.Cities, ds.Cities)
	ds.Networks = decodeRecords(ds, p, name, "networks", h.Networks, ds.Networks)
	ds.Institutions = decodeRecords(ds, p, name, "institutions", h.Institutions, ds.Institutions)
	ds.People = decodeRecords(ds, p, name, "people", h.People, ds.People)
	ds.Memberships = decodeRecords(ds, p, name, "memberships", h.Memberships, ds.Memberships)
	ds.Foundings = decodeRecords(ds, p, name, "founders", h.Foundings, ds.Foundings)
	ds.Offices = decodeRecords(ds, p, name, "offices", h.Offices, ds.Offices)
	ds.Events = decodeRecords(ds, p, name, "events", h.Events, ds.Events)
	ds.Partnerships = decodeRecords(ds, p, name, "partnerships", h.Partnerships, ds.Partnerships)
	ds.Claims = decodeRecords(ds, p, name, "claims", h.Claims, ds.Claims)
}

// decodeFast decodes a well-formed file in one pass, straight into typed
// records, and reports whether it could.
func decodeFast(ds *Dataset, name string, b []byte) bool {
	var f struct {
		Format  *string `json:"format"`
		Version *int    `json:"version"`
		Dataset
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if dec.Decode(&f) != nil || dec.More() || f.Format == nil || *f.Format != DatasetFormat || f.Version == nil || *f.Version != DatasetVersion {
		return false
	}
	if hasNil(f.Sources) || hasNil(f.Countries) || hasNil(f.Cities) || hasNil(f.Networks) || hasNil(f.Institutions) ||
		hasNil(f.People) || hasNil(f.Memberships) || hasNil(f.Foundings) || hasNil(f.Offices) || hasNil(f.Events) ||
		hasNil(f.Partnerships) || hasNil(f.Claims) {
		return false // a null record: let the careful path report it
	}
	if ds.origin == nil {
		ds.origin = map[any]recordOrigin{}
	}
	ds.Sources = appendFrom(ds, name, ds.Sources, f.Sources)
	ds.Countries = appendFrom(ds, name, ds.Countries, f.Countries)
	ds.Cities = appendFrom(ds, name, ds.Cities, f.Cities)
	ds.Networks = appendFrom(ds, name, ds.Networks, f.Networks)
	ds.Institutions = appendFrom(ds, name, ds.Institutions, f.Institutions)
	ds.People = appendFrom(ds, name, ds.People, f.People)
	ds.Memberships = appendFrom(ds, name, ds.Memberships, f.Memberships)
	ds.Foundings = appendFrom(ds, name, ds.Foundings, f.Foundings)
	ds.Offices = appendFrom(ds, name, ds.Offices, f.Offices)
	ds.Events = appendFrom(ds, name, ds.Events, f.Events)
	ds.Partnerships = appendFrom(ds, name, ds.Partnerships, f.Partnerships)
	ds.Claims = appendFrom(ds, name, ds.Claims, f.Claims)
	return true
}

func hasNil[T any](recs []*T) bool { return slices.Contains(recs, nil) }

func appendFrom[T any](ds *Dataset, file string, into, recs []*T) []*T {
	for i, r := range recs {
		ds.origin[r] = recordOrigin{file: file, index: i}
		into = append(into, r)
	}
	return into
}

func decodeRecords[T any](ds *Dataset, p *problems, file, section string, raws []json.RawMessage, into []*T) []*T {
	for i, raw := range raws {
		rec := fmt.Sprintf("%s[%d]", section, i)
		var v T
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&v); err != nil {
			field, msg := decodeProblem(err)
			p.add(Problem{File: file, Record: rec + idOf(raw), Field: field, Message: msg})
			continue
		}
		if ds.origin == nil {
			ds.origin = map[any]recordOrigin{}
		}
		ds.origin[&v] = recordOrigin{file: file, index: i}
		into = append(into, &v)
	}
	return into
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
	return "", jsonMessage(err, nil)
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

// jsonMessage turns a decoding error into a message with the line and column
// when the whole file b is known.
func jsonMessage(err error, b []byte) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var off int64 = -1
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if off >= 0 && b != nil && int(off) <= len(b) {
		line := 1 + bytes.Count(b[:off], []byte("\n"))
		col := int(off) - bytes.LastIndexByte(b[:off], '\n')
		return fmt.Sprintf("line %d, column %d: %s", line, col, msg)
	}
	return msg
}

// file returns the file a record was read from, "" if not from a file.
func (ds *Dataset) file(rec any) string { return ds.origin[rec].file }

// recordOrigin is the file a record was read from and its index in that
// file's section, so problems point into the file even after merges.
type recordOrigin struct {
	file  string
	index int
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
