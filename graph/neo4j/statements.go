package neo4j

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"citynet/graph"
)

//go:embed cypher/*.cypher
var cypherFS embed.FS

// Statement is one Cypher statement the store can send.
type Statement struct {
	Name string // file name without .cypher, plus _<Label|TYPE> when instantiated
	Text string
}

// labels maps node types to their Neo4j labels. Every domain node also has
// the label Entity; claims are :Claim nodes outside the domain's graph, and
// the one :GraphVersion node (see Apply) is outside both.
var labels = map[graph.NodeType]string{
	graph.TypeCity:        "City",
	graph.TypeCountry:     "Country",
	graph.TypeNetwork:     "Network",
	graph.TypeInstitution: "Institution",
	graph.TypePerson:      "Person",
	graph.TypeEvent:       "Event",
	graph.TypePartnership: "Partnership",
	graph.TypeSource:      "Source",
}

// typeOf maps labels back to node types.
var typeOf = func() map[string]graph.NodeType {
	m := map[string]graph.NodeType{}
	for t, l := range labels {
		m[l] = t
	}
	return m
}()

// Labels, RelTypes and PropertyKeys are the model's vocabulary: the
// allow-list for the names that Cypher cannot take as parameters, and the
// schema the Cypher linter checks the statements against.
var (
	Labels       = []string{"Entity", "City", "Country", "Network", "Institution", "Person", "Event", "Partnership", "Source", "Claim", "GraphVersion"}
	RelTypes     = relTypes()
	PropertyKeys = []string{
		"id", "name", "localName", "altNames", "countryId", "acronym", "kind", "scope", "founded", "seatId",
		"website", "description", "topics", "cityId", "title", "titleEn", "publisher", "author", "language",
		"url", "file", "published", "updated", "date", "placeId", "organizerId", "participantIds", "partyIds",
		"areas", "citeSources", "citeQuotes", "searchText", "key", "since", "until", "status", "phase", "focus",
		"note", "subject", "property", "value", "updatedAt", "updatedBy", "version", "epoch",
		"location", "population", "populationYear", "geonamesId",
	}
)

func relTypes() []string {
	out := make([]string, len(graph.RelTypes))
	for i, r := range graph.RelTypes {
		out[i] = string(r)
	}
	return out
}

// Templates hold __LABEL__ or __TYPE__, replaced by each name of the
// allow-list above (never by anything from a request).
// __OTHER_LABELS__, beside __LABEL__, becomes the other node type labels
// joined by ':' (for REMOVE n:A:B:...).
const (
	labelSlot       = "__LABEL__"
	otherLabelsSlot = "__OTHER_LABELS__"
	typeSlot        = "__TYPE__"
)

// otherLabels returns the node type labels but l, sorted, joined by ':'.
func otherLabels(l string) string {
	var out []string
	for _, x := range labels {
		if x != l {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return strings.Join(out, ":")
}

var statements = loadStatements()

func loadStatements() map[string]string {
	files, err := fs.Glob(cypherFS, "cypher/*.cypher")
	if err != nil {
		panic(err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := cypherFS.ReadFile(f)
		if err != nil {
			panic(err)
		}
		name, text := strings.TrimSuffix(strings.TrimPrefix(f, "cypher/"), ".cypher"), string(b)
		switch {
		case strings.Contains(text, labelSlot):
			for _, l := range labels {
				out[name+"_"+l] = strings.ReplaceAll(strings.ReplaceAll(text, otherLabelsSlot, otherLabels(l)), labelSlot, l)
			}
		case strings.Contains(text, typeSlot):
			for _, t := range RelTypes {
				out[name+"_"+t] = strings.ReplaceAll(text, typeSlot, t)
			}
		default:
			out[name] = text
		}
	}
	return out
}

// Statements returns every statement the store can send, sorted by name.
func Statements() []Statement {
	out := make([]Statement, 0, len(statements))
	for name, text := range statements {
		out = append(out, Statement{name, text})
	}
	slices.SortFunc(out, func(a, b Statement) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// stmt returns a statement by name; a missing one is a programming error
// that the package's tests catch.
func stmt(name string) string {
	s, ok := statements[name]
	if !ok {
		panic(fmt.Sprintf("neo4j: no statement %q", name))
	}
	return s
}

// labelOf returns the allow-listed label of a node type.
func labelOf(t graph.NodeType) (string, bool) {
	l, ok := labels[t]
	return l, ok
}
