package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"testing/iotest"

	"citynet/graph"
)

// mustParse returns the minimal dataset, decoded and valid.
func mustParse(tb testing.TB) *graph.Dataset {
	tb.Helper()
	ds, err := graph.ParseDataset("test.json", MustJSON(tb, minimalDataset()))
	MustOK(tb, err)
	return ds
}

// firstRecord returns the first record of a dataset section, addressable.
func firstRecord(tb testing.TB, ds *graph.Dataset, section string) reflect.Value {
	tb.Helper()
	v := reflect.ValueOf(ds).Elem()
	for i := range v.NumField() {
		if tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ","); tag == section {
			return v.Field(i).Index(0).Elem()
		}
	}
	tb.Fatalf("no section %q", section)
	return reflect.Value{}
}

// Every text field of every record refuses a NUL, by name: whatever the
// field, the problem names it. (Ids, references, dates and enums refuse
// it by their own rules; names, titles and free text by the text rules.)
func TestDataset_Validate_ControlCharacters(t *testing.T) {
	for _, section := range graph.Sections() {
		typ := firstRecord(t, mustParse(t), section).Type()
		for _, f := range reflect.VisibleFields(typ) {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || f.Anonymous || name == "updatedBy" || name == "updatedAt" {
				continue // the stamp is set by the server
			}
			if k := f.Type.Kind(); k == reflect.Int64 || (k == reflect.Pointer && f.Type.Elem().Kind() == reflect.Float64) {
				continue // a number holds no text; TestParseDataset_Geo checks its range
			}
			t.Run(section+"."+name, func(t *testing.T) {
				ds := mustParse(t)
				field, want := firstRecord(t, ds, section).FieldByIndex(f.Index), name
				switch {
				case field.Kind() == reflect.String:
					field.SetString("a\x00b")
				case field.Type() == reflect.TypeFor[[]string]():
					field.Set(reflect.ValueOf([]string{"a\x00b"}))
					want = name + "[0]"
				case field.Type() == reflect.TypeFor[[]graph.Citation]():
					field.Set(reflect.ValueOf([]graph.Citation{{SourceID: "doc", Quote: "a\x00b"}}))
					want = name + "[0].quote"
				default:
					t.Fatalf("field %s is a %s: say how to check it", name, field.Type())
				}
				var de *graph.DatasetError
				if err := ds.Validate(); !errors.As(err, &de) {
					t.Fatalf("got %v, want the NUL in %s refused", err, want)
				}
				for _, p := range de.Problems {
					if p.Field == want {
						return
					}
				}
				t.Errorf("problems: got\n%swant one naming %s", listProblems(de), want)
			})
		}
	}
}

func TestDataset_Validate_Text(t *testing.T) {
	for _, tc := range []struct {
		name     string
		set      func(ds *graph.Dataset)
		field    string // "" = accepted
		inReason string
	}{
		{"OK/Unicode", func(ds *graph.Dataset) { ds.Cities[0].Name = "Kraków — Краків 克拉科夫" }, "", ""},
		{"OK/FreeTextLines", func(ds *graph.Dataset) { ds.Networks[0].Description = "One.\nTwo,\tindented.\r\n" }, "", ""},
		{"OK/QuoteLines", func(ds *graph.Dataset) { ds.Memberships[0].Sources[0].Quote = "Iksów\njest członkiem." }, "", ""},
		{"ErrNameTab", func(ds *graph.Dataset) { ds.Cities[0].Name = "X\ttown" }, "name", "U+0009"},
		{"ErrNameNewline", func(ds *graph.Dataset) { ds.People[0].Name = "Jan\nKowalski" }, "name", "U+000A"},
		{"ErrNameEscape", func(ds *graph.Dataset) { ds.Cities[0].LocalName = "\x1b[2JX" }, "localName", "U+001B"},
		{"ErrNameDEL", func(ds *graph.Dataset) { ds.Networks[0].Acronym = "N\x7fET" }, "acronym", "U+007F"},
		{"ErrNameC1", func(ds *graph.Dataset) { ds.Cities[0].Name = "X\u0085town" }, "name", "U+0085"},
		{"ErrNameInvalidUTF8", func(ds *graph.Dataset) { ds.Cities[0].Name = "X\xfftown" }, "name", "UTF-8"},
		{"ErrAltName", func(ds *graph.Dataset) { ds.Cities[0].AltNames = []string{"ok", "a\x00"} }, "altNames[1]", "U+0000"},
		{"ErrFreeTextNUL", func(ds *graph.Dataset) { ds.Networks[0].Description = "One.\x00" }, "description", "U+0000"},
		{"ErrFreeTextC1", func(ds *graph.Dataset) { ds.Foundings[0].Note = "a\u009bb" }, "note", "U+009B"},
		{"ErrFreeTextInvalidUTF8", func(ds *graph.Dataset) { ds.Memberships[0].Sources[0].Quote = "\xc3" }, "sources[0].quote", "UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := mustParse(t)
			tc.set(ds)
			err := ds.Validate()
			if tc.field == "" {
				MustOK(t, err)
				return
			}
			var de *graph.DatasetError
			if !errors.As(err, &de) || len(de.Problems) != 1 || de.Problems[0].Field != tc.field || !strings.Contains(de.Problems[0].Message, tc.inReason) {
				t.Errorf("got %v, want one problem in %s saying %s", err, tc.field, tc.inReason)
			}
		})
	}
}

func TestParseMembershipCSV_Text(t *testing.T) {
	_, err := graph.ParseMembershipCSV("m.csv", strings.NewReader("city,country,network,since\nKra\x00ków,PL,EUROCITIES,2004\nKraków,PL,EURO\x1bCITIES,2004\n"))
	var de *graph.DatasetError
	if !errors.As(err, &de) {
		t.Fatalf("got %v, want a DatasetError", err)
	}
	MustProblem(t, de, "m.csv", "line 2", "city", "U+0000")
	MustProblem(t, de, "m.csv", "line 3", "network", "U+001B")
}

func TestDatasetError_Count(t *testing.T) {
	t.Run("CSV", func(t *testing.T) {
		_, err := graph.ParseMembershipCSV("m.csv", strings.NewReader("city,country,network,since\n"+strings.Repeat("A,PL,N,2005-13\n", 250)))
		var de *graph.DatasetError
		if !errors.As(err, &de) || len(de.Problems) != graph.MaxProblems || de.Count() != 250 {
			t.Fatalf("got %d problems listed, %d counted; want %d and 250", len(de.Problems), de.Count(), graph.MaxProblems)
		}
		if msg := de.Error(); !strings.HasPrefix(msg, "invalid dataset: 250 problem(s)") || !strings.Contains(msg, "… and 230 more") {
			t.Errorf("Error(): got %q, want the count of all and of those not shown", msg)
		}
	})
	t.Run("Validate", func(t *testing.T) {
		d := minimalDataset()
		var cities arr
		for i := range 150 {
			cities = append(cities, obj{"id": fmt.Sprintf("c%d", i), "name": "C", "country": "XX"})
		}
		d["cities"] = append(d["cities"].(arr), cities...)
		_, err := graph.ParseDataset("many.json", MustJSON(t, d))
		var de *graph.DatasetError
		if !errors.As(err, &de) || len(de.Problems) != graph.MaxProblems || de.Count() != 150 {
			t.Fatalf("got %v, want %d problems listed and 150 counted", err, graph.MaxProblems)
		}
	})
	t.Run("Decode", func(t *testing.T) {
		body := `{"format": "citynet-dataset", "version": 1, "cities": [` + strings.Repeat(`{"id": 1},`, 120) + `{"id": 1}]}`
		_, err := graph.DecodeDataset("many.json", []byte(body))
		var de *graph.DatasetError
		if !errors.As(err, &de) || len(de.Problems) != graph.MaxProblems || de.Count() != 121 {
			t.Fatalf("got %v, want %d problems listed and 121 counted", err, graph.MaxProblems)
		}
	})
}

func TestDecodeDataset(t *testing.T) {
	t.Run("ErrEveryProblemOfARecord", func(t *testing.T) {
		d := minimalDataset()
		c := section(d, "cities")
		c["id"], c["name"], c["contry"] = 7, true, "PL"
		c["sources"] = arr{obj{"source": "doc", "quote": "ok"}, obj{"source": "doc", "quote": 5, "page": 3}}
		_, err := graph.DecodeDataset("test.json", MustJSON(t, d))
		var de *graph.DatasetError
		if !errors.As(err, &de) {
			t.Fatalf("got %v", err)
		}
		var got []string
		for _, p := range de.Problems {
			got = append(got, p.Field)
		}
		// MustJSON writes keys in order: contry, country, id, …
		if want := []string{"contry", "id", "name", "sources[1].page", "sources[1].quote"}; !reflect.DeepEqual(got, want) {
			t.Errorf("problems: got %q, want %q\n%s", got, want, listProblems(de))
		}
		MustProblem(t, de, "test.json", `cities[0] "7"`, "id", "must be a JSON string, not number")
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		src := "{\"format\": \"citynet-dataset\", \"version\": 1,\n \"cities\": [\n  {\"id\": \"x\", \"name\": \"Xto"
		_, err := graph.DecodeDataset("cut.json", []byte(src))
		var de *graph.DatasetError
		if !errors.As(err, &de) || len(de.Problems) != 1 {
			t.Fatalf("got %v, want one problem", err)
		}
		if p := de.Problems[0]; p.Line != 3 || !strings.HasPrefix(p.Message, "line 3, column 27: unexpected end of the file") {
			t.Errorf("got %+v, want line 3, column 27 (just after the last character)", p)
		}
	})
	t.Run("ErrTruncatedAfterNewline", func(t *testing.T) {
		_, err := graph.DecodeDataset("cut.json", []byte("{\"format\": \"citynet-dataset\",\n\n\n"))
		var de *graph.DatasetError
		if !errors.As(err, &de) || !strings.HasPrefix(de.Problems[0].Message, "line 1, column 30: unexpected end") {
			t.Errorf("got %v, want the end of the last line with text", err)
		}
	})
	t.Run("ErrNotAnObject", func(t *testing.T) {
		_, err := graph.DecodeDataset("arr.json", []byte("\n [1, 2]"))
		var de *graph.DatasetError
		if !errors.As(err, &de) || !strings.HasPrefix(de.Problems[0].Message, "line 2, column 2: a dataset file is a JSON object, not an array") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrSectionNotAnArray", func(t *testing.T) {
		_, err := graph.DecodeDataset("s.json", []byte(`{"format": "citynet-dataset", "version": 1, "cities": {"id": "x"}, "networks": "n"}`))
		var de *graph.DatasetError
		if !errors.As(err, &de) || de.Count() != 2 {
			t.Fatalf("got %v, want two problems", err)
		}
		MustProblem(t, de, "s.json", "", "cities", "must be a JSON array of records, not an object")
		MustProblem(t, de, "s.json", "", "networks", "not a string")
	})
	t.Run("OKLines", func(t *testing.T) {
		// Each record remembers its line: problems found later say it.
		src := "{\"format\": \"citynet-dataset\", \"version\": 1,\n \"cities\": [\n  {\"id\": \"a\", \"name\": \"A\", \"country\": \"PL\"},\n\n  {\"id\": \"b\", \"name\": \"B\", \"country\": \"XX\"}\n ]}"
		ds, err := graph.DecodeDataset("l.json", []byte(src))
		MustOK(t, err)
		ds.Countries = []*graph.Country{{ID: "PL", Name: "Poland"}}
		var de *graph.DatasetError
		if err := ds.Validate(); !errors.As(err, &de) || de.Problems[0].Line != 5 || !strings.Contains(de.Error(), `cities[1] "b" (line 5): country`) {
			t.Errorf("got %v, want the problem at line 5", err)
		}
	})
	t.Run("ErrRead", func(t *testing.T) {
		// A failure to read is not the file's fault: returned as it is.
		boom := errors.New("connection reset")
		_, err := graph.DecodeDatasetFrom(context.Background(), "r.json", iotest.ErrReader(boom))
		if !errors.Is(err, boom) {
			t.Errorf("got %v, want the read error", err)
		}
		_, err = graph.DecodeImport(context.Background(), "r.csv", graph.ImportCSV, iotest.ErrReader(boom), &graph.Dataset{})
		if !errors.Is(err, boom) {
			t.Errorf("CSV: got %v, want the read error", err)
		}
	})
	t.Run("ErrContext", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		body := `{"format": "citynet-dataset", "version": 1, "cities": [` + strings.Repeat(`{"id": "x", "name": "X", "country": "PL"},`, 2000) + `{"id": "x"}]}`
		if _, err := graph.DecodeDatasetFrom(ctx, "big.json", strings.NewReader(body)); !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want the context's error", err)
		}
	})
}

func TestDataset_Apply_DuplicateKeys(t *testing.T) {
	base := mustParse(t)
	t.Run("ErrSameIDTwice", func(t *testing.T) {
		src := "{\"format\": \"citynet-dataset\", \"version\": 1,\n \"cities\": [\n  {\"id\": \"y\", \"name\": \"Y\", \"country\": \"PL\"},\n  {\"id\": \"y\", \"name\": \"Y2\", \"country\": \"PL\"}\n ]}"
		in, err := graph.DecodeDataset("in.json", []byte(src))
		MustOK(t, err)
		_, err = base.Apply(&graph.Change{Put: in})
		var de *graph.DatasetError
		if !errors.As(err, &de) || de.Count() != 1 {
			t.Fatalf("got %v, want one problem", err)
		}
		p := MustProblem(t, de, "in.json", `cities[1] "y"`, "id", "also at cities[0] (line 3)")
		if p.Line != 4 {
			t.Errorf("line: got %d, want 4", p.Line)
		}
	})
	t.Run("ErrSameIDTwiceAndMore", func(t *testing.T) {
		// The other problems of the import are listed as well.
		src := `{"format": "citynet-dataset", "version": 1, "cities": [
			{"id": "y", "name": "Y", "country": "PL"}, {"id": "y", "name": "Y\u0000", "country": "PL"}, {"id": "z", "name": "Z", "country": "XX"}]}`
		in, err := graph.DecodeDataset("in.json", []byte(src))
		MustOK(t, err)
		_, err = base.Apply(&graph.Change{Put: in})
		var de *graph.DatasetError
		if !errors.As(err, &de) || de.Count() != 3 {
			t.Fatalf("got %v, want three problems", err)
		}
		MustProblem(t, de, "in.json", `cities[1] "y"`, "id", "given twice")
		MustProblem(t, de, "in.json", `cities[1] "y"`, "name", "U+0000")
		MustProblem(t, de, "in.json", `cities[2] "z"`, "country", "XX")
	})
	t.Run("ErrSameMembershipTwice", func(t *testing.T) {
		m := `{"city": "x", "network": "net", "since": "2020", "status": "MEMBER"}`
		in, err := graph.DecodeDataset("in.json", []byte(`{"format": "citynet-dataset", "version": 1, "memberships": [`+m+`,`+m+`]}`))
		MustOK(t, err)
		_, err = base.Apply(&graph.Change{Put: in})
		var de *graph.DatasetError
		if !errors.As(err, &de) {
			t.Fatalf("got %v, want a DatasetError", err)
		}
		MustProblem(t, de, "in.json", `memberships[1] "x → net → 2020"`, "", "also at memberships[0]")
	})
	t.Run("OKSameKeyAsTheGraph", func(t *testing.T) {
		// Replacing a record of the graph is what an import is for.
		in, err := graph.DecodeDataset("in.json", []byte(`{"format": "citynet-dataset", "version": 1, "cities": [{"id": "x", "name": "X2", "country": "PL"}]}`))
		MustOK(t, err)
		res, err := base.Apply(&graph.Change{Put: in})
		MustOK(t, err)
		if res.Summary["cities"].Updated != 1 {
			t.Errorf("got %+v, want the city updated", res.Summary)
		}
	})
}

func TestDecodeRecord_EveryProblem(t *testing.T) {
	var input map[string]any
	json.Unmarshal([]byte(`{"id": 5, "name": ["X"], "country": "PL", "colour": "red"}`), &input)
	_, err := graph.DecodeRecord[graph.City]("input", input)
	var de *graph.DatasetError
	if !errors.As(err, &de) || de.Count() != 3 {
		t.Fatalf("got %v, want three problems", err)
	}
	MustPathProblem(t, err, "input.id", "string")
	MustPathProblem(t, err, "input.name", "string")
	MustPathProblem(t, err, "input.colour", "unknown field")
}

// A duplicate found by Validate names the first record too, with its file
// and line.
func TestDataset_Validate_DuplicateNamesBoth(t *testing.T) {
	a := []byte("{\"format\": \"citynet-dataset\", \"version\": 1,\n \"countries\": [{\"id\": \"PL\", \"name\": \"Poland\"}],\n \"cities\": [{\"id\": \"x\", \"name\": \"X\", \"country\": \"PL\"}]}")
	b := []byte("{\"format\": \"citynet-dataset\", \"version\": 1,\n\n \"networks\": [{\"id\": \"x\", \"name\": \"X\", \"scope\": \"NATIONAL\"}],\n" +
		" \"memberships\": [\n  {\"city\": \"x\", \"network\": \"x\", \"status\": \"MEMBER\"},\n  {\"city\": \"x\", \"network\": \"x\", \"status\": \"MEMBER\"}]}")
	_, err := graph.LoadDataset(fstest.MapFS{"a.json": {Data: a}, "b.json": {Data: b}}, ".")
	var de *graph.DatasetError
	if !errors.As(err, &de) {
		t.Fatalf("got %v", err)
	}
	p := MustProblem(t, de, "b.json", `networks[0] "x"`, "id", "already used by a city (cities[0] of a.json (line 3))")
	if p.Line != 3 {
		t.Errorf("line: got %d, want 3", p.Line)
	}
	MustProblem(t, de, "b.json", `memberships[1] "x → x"`, "", "duplicate of memberships[0] (line 5)")
}

// The dataset loaded at start is held to the same text rules.
func TestLoadDataset_ControlCharacters(t *testing.T) {
	src := "{\"format\": \"citynet-dataset\", \"version\": 1,\n \"countries\": [\n  {\"id\": \"PL\", \"name\": \"Pol\\u0007and\"}]}"
	_, err := graph.LoadDataset(fstest.MapFS{"a.json": {Data: []byte(src)}}, ".")
	var de *graph.DatasetError
	if !errors.As(err, &de) {
		t.Fatalf("got %v", err)
	}
	if p := MustProblem(t, de, "a.json", `countries[0] "PL"`, "name", "U+0007"); p.Line != 3 {
		t.Errorf("line: got %d, want 3", p.Line)
	}
}

// A reader that fails in the middle of a record: the read error, not a
// problem with the record.
func TestDecodeDatasetFrom_ErrReadMidRecord(t *testing.T) {
	boom := errors.New("body too large")
	body := `{"format": "citynet-dataset", "version": 1, "cities": [{"id": "x", "na`
	_, err := graph.DecodeDatasetFrom(context.Background(), "r.json", io.MultiReader(strings.NewReader(body), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want the read error", err)
	}
}
