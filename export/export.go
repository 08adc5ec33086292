// Package export writes the whole graph in the formats researchers' tools
// read: GraphML (Gephi, Cytoscape, networkx, igraph, yEd) and CSV node and
// edge lists (pandas, R, spreadsheets), and the cities as GeoJSON (QGIS,
// Leaflet, geopandas, kepler.gl).
//
// Every export streams: it writes each node and relationship as soon as
// Store.Walk yields it, through a fixed-size buffer, so memory stays flat
// however large the graph is. An export that fails part way (a writer error,
// a cancelled context, a store error) returns that error and leaves the
// output truncated: a GraphML document without its closing tags is not
// well-formed, so a tool will refuse it rather than read half a graph.
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"citynet/graph"
)

// GraphMLNamespace is the GraphML XML namespace.
const GraphMLNamespace = "http://graphml.graphdrawing.org/xmlns"

// bufSize is the write buffer: output reaches w in chunks of this size.
const bufSize = 32 << 10

// flushEvery bounds how many items wait in the buffer, so a slow store
// (Neo4j streaming a large graph) still delivers output steadily.
const flushEvery = 1024

// Key is one GraphML attribute declaration. ID is what <data key="…">
// refers to; Name is the attribute name tools show; Type is its GraphML
// attr.type.
type Key struct {
	ID, For, Name, Type string
}

// GraphMLKeys are the attributes a GraphML export declares: strings, but
// for a city's coordinates (double, so that Gephi's GeoLayout can place
// the nodes by their lat and lon) and its population and GeoNames id
// (long). They are fixed, and declared before the graph, because GraphML
// requires declarations first and the export cannot know in advance which
// ones the data will use. Node and edge attributes share names ("type",
// "date"), so the ids carry the domain.
var GraphMLKeys = []Key{
	{"n_type", "node", "type", "string"},             // CITY, NETWORK, …
	{"n_label", "node", "label", "string"},           // the name to show
	{"n_local_name", "node", "local_name", "string"}, // name in the local language (Kraków)
	{"n_country", "node", "country", "string"},       // cities, institutions: country id
	{"n_scope", "node", "scope", "string"},           // networks
	{"n_kind", "node", "kind", "string"},             // networks, institutions, events, partnerships
	{"n_founded", "node", "founded", "string"},       // networks
	{"n_date", "node", "date", "string"},             // events, partnerships
	{"n_lat", "node", "lat", "double"},               // cities: WGS84 degrees
	{"n_lon", "node", "lon", "double"},
	{"n_population", "node", "population", "long"},
	{"n_geonames_id", "node", "geonamesId", "long"},
	{"e_type", "edge", "type", "string"}, // MEMBER_OF, …
	{"e_since", "edge", "since", "string"},
	{"e_until", "edge", "until", "string"},
	{"e_status", "edge", "status", "string"},
	{"e_title", "edge", "title", "string"},
	{"e_date", "edge", "date", "string"},
	{"e_sources", "edge", "sources", "string"}, // source ids, ";"-separated
}

// NodeColumns and EdgeColumns are the CSV headers.
var (
	NodeColumns = []string{"id", "type", "label", "name", "local_name", "country", "scope", "kind", "founded", "date",
		"lat", "lon", "population", "populationYear", "geonamesId"}
	EdgeColumns = []string{"source", "target", "type", "since", "until", "status", "title", "date", "sources"}
)

// fields are a node's exported attributes; empty means not applicable or
// unknown. Dates keep the source's precision ("2005-11", "--10-15").
// Numbers are written in decimal, shortest form ("54.35227"), never with
// an exponent; an unknown population or GeoNames id (0) is empty.
type fields struct {
	name, localName, country, scope, kind, founded, date string
	lat, lon, population, populationYear, geonamesID     string
}

func nodeFields(n graph.Node) fields {
	switch n := n.(type) {
	case *graph.City:
		f := fields{name: n.Name, localName: n.LocalName, country: n.CountryID, populationYear: n.PopulationYear}
		if p := n.Location(); p != nil {
			f.lat, f.lon = formatFloat(p.Lat), formatFloat(p.Lon)
		}
		if n.Population > 0 {
			f.population = strconv.FormatInt(n.Population, 10)
		}
		if n.GeonamesID > 0 {
			f.geonamesID = strconv.FormatInt(n.GeonamesID, 10)
		}
		return f
	case *graph.Country:
		return fields{name: n.Name, localName: n.LocalName}
	case *graph.Network:
		return fields{name: n.Name, localName: n.LocalName, scope: string(n.Scope), kind: string(n.Kind), founded: string(n.Founded)}
	case *graph.Institution:
		return fields{name: n.Name, localName: n.LocalName, country: n.CountryID, kind: string(n.Kind)}
	case *graph.Person:
		return fields{name: n.Name}
	case *graph.Event:
		return fields{name: n.Name, localName: n.LocalName, kind: string(n.Kind), date: string(n.Date)}
	case *graph.Partnership:
		return fields{name: n.Name, kind: string(n.Kind), date: string(n.Date)}
	case *graph.Source:
		return fields{name: n.Title}
	}
	return fields{}
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// sourceIDs joins the ids of the documents cited, each once, in citation
// order (one document often supports a fact with several quotes).
func sourceIDs(cs []graph.Citation) string {
	var b strings.Builder
	for i, c := range cs {
		dup := false
		for _, prev := range cs[:i] {
			if prev.SourceID == c.SourceID {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(';')
		}
		b.WriteString(c.SourceID)
	}
	return b.String()
}

// GraphML writes the whole graph as one GraphML document: the key
// declarations, then <graph edgedefault="directed"> with every node (id =
// node id) and every relationship (ids e0, e1, … in Walk order; source and
// target keep the relationship's direction). Attributes with no value are
// left out, as GraphML allows.
func GraphML(ctx context.Context, w io.Writer, s graph.Store) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, bufSize)
	// The header goes in by hand: the encoder would put the root element on
	// the same line. NewEncoder keeps using bw (it is already buffered).
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", " ")
	x := &xmlWriter{enc: enc}

	x.start("graphml",
		"xmlns", GraphMLNamespace,
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", GraphMLNamespace+" http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd")
	for _, k := range GraphMLKeys {
		x.start("key", "id", k.ID, "for", k.For, "attr.name", k.Name, "attr.type", k.Type)
		x.end("key")
	}
	x.start("graph", "id", "citynet", "edgedefault", "directed")
	if x.err != nil {
		return x.err
	}

	items, edges := 0, 0
	step := func() error {
		if x.err != nil {
			return x.err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if items++; items%flushEvery == 0 {
			return enc.Flush()
		}
		return nil
	}
	err := s.Walk(ctx, func(n graph.Node) error {
		f := nodeFields(n)
		x.start("node", "id", n.NodeID())
		x.data("n_type", string(n.NodeType()))
		x.data("n_label", n.Label())
		x.data("n_local_name", f.localName)
		x.data("n_country", f.country)
		x.data("n_scope", f.scope)
		x.data("n_kind", f.kind)
		x.data("n_founded", f.founded)
		x.data("n_date", f.date)
		x.data("n_lat", f.lat)
		x.data("n_lon", f.lon)
		x.data("n_population", f.population)
		x.data("n_geonames_id", f.geonamesID)
		x.end("node")
		return step()
	}, func(e graph.Edge) error {
		x.start("edge", "id", "e"+strconv.Itoa(edges), "source", e.From, "target", e.To)
		edges++
		x.data("e_type", string(e.Type))
		x.data("e_since", string(e.Since))
		x.data("e_until", string(e.Until))
		x.data("e_status", string(e.Status))
		x.data("e_title", e.Title)
		x.data("e_date", string(e.Date))
		x.data("e_sources", sourceIDs(e.Sources))
		x.end("edge")
		return step()
	})
	if err != nil {
		return err
	}
	x.end("graph")
	x.end("graphml")
	if x.err != nil {
		return x.err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err = bw.WriteString("\n")
	if err == nil {
		err = bw.Flush()
	}
	return err
}

// xmlWriter keeps the first encoding error so that elements can be written
// without checking each token.
type xmlWriter struct {
	enc   *xml.Encoder
	err   error
	attrs []xml.Attr
}

// start opens an element with attributes given as name, value pairs.
func (x *xmlWriter) start(name string, attrs ...string) {
	if x.err != nil {
		return
	}
	// The encoder keeps only the element name, so the attributes can be
	// built in a reused slice.
	x.attrs = x.attrs[:0]
	for i := 0; i+1 < len(attrs); i += 2 {
		x.attrs = append(x.attrs, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	x.err = x.enc.EncodeToken(xml.StartElement{Name: xml.Name{Local: name}, Attr: x.attrs})
}

func (x *xmlWriter) end(name string) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}})
	}
}

// data writes <data key="key">value</data> unless value is empty. The
// encoder escapes &, <, > and quotes, and replaces characters XML cannot
// hold (control characters) with U+FFFD.
func (x *xmlWriter) data(key, value string) {
	if value == "" {
		return
	}
	x.start("data", "key", key)
	if x.err == nil {
		x.err = x.enc.EncodeToken(xml.CharData(value))
	}
	x.end("data")
}

// errStop ends a Walk early once the part an export needs is written.
var errStop = errors.New("export: stop walk")

// NodesCSV writes one row per node under the NodeColumns header. It stops
// the walk at the first relationship.
func NodesCSV(ctx context.Context, w io.Writer, s graph.Store) error {
	return writeCSV(ctx, w, s, NodeColumns, func(n graph.Node, row []string) {
		f := nodeFields(n)
		copy(row, []string{n.NodeID(), string(n.NodeType()), n.Label(), f.name, f.localName, f.country, f.scope, f.kind, f.founded, f.date,
			f.lat, f.lon, f.population, f.populationYear, f.geonamesID})
	}, nil)
}

// EdgesCSV writes one row per relationship under the EdgeColumns header,
// source and target keeping the relationship's direction and sources
// holding the cited source ids separated by ";".
func EdgesCSV(ctx context.Context, w io.Writer, s graph.Store) error {
	return writeCSV(ctx, w, s, EdgeColumns, nil, func(e graph.Edge, row []string) {
		copy(row, []string{e.From, e.To, string(e.Type), string(e.Since), string(e.Until), string(e.Status), e.Title, string(e.Date), sourceIDs(e.Sources)})
	})
}

// keptColumns are never defused. Dates are graph.Date values, which every
// write validates as ISO 8601 (reduced precision: "2005-11", "--10-15");
// numbers are written here from numbers (a longitude "-1.89983") and a
// populationYear is validated as four digits. Neither can be a formula, and
// both are kept as they are so that they still parse as dates and numbers.
var keptColumns = map[string]bool{"founded": true, "date": true, "since": true, "until": true,
	"lat": true, "lon": true, "population": true, "populationYear": true, "geonamesId": true}

// defuse keeps a spreadsheet from running a cell as a formula (CSV
// injection: a name such as =HYPERLINK("http://…","click")): a value
// starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets take as "text" and do not show, as
// OWASP's CSV injection guidance recommends. Other values are unchanged.
func defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// writeCSV walks s writing a row for each node (node set) or each edge
// (edge set; nodes are skipped).
func writeCSV(ctx context.Context, w io.Writer, s graph.Store, header []string,
	node func(graph.Node, []string), edge func(graph.Edge, []string)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	cw := csv.NewWriter(bufio.NewWriterSize(w, bufSize))
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	items := 0
	write := func() error {
		for i, col := range header {
			if !keptColumns[col] {
				row[i] = defuse(row[i])
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if items++; items%flushEvery == 0 {
			cw.Flush()
			return cw.Error()
		}
		return nil
	}
	onNode := func(graph.Node) error { return ctx.Err() }
	if node != nil {
		onNode = func(n graph.Node) error {
			node(n, row)
			return write()
		}
	}
	onEdge := func(graph.Edge) error { return errStop }
	if edge != nil {
		onEdge = func(e graph.Edge) error {
			edge(e, row)
			return write()
		}
	}
	if err := s.Walk(ctx, onNode, onEdge); err != nil && !errors.Is(err, errStop) {
		return err
	}
	// csv.Writer.Flush flushes its bufio.Writer, which flushes into w.
	cw.Flush()
	return cw.Error()
}
