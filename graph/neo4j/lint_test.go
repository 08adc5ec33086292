package neo4j_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"citynet/graph/neo4j"
)

// The Cypher statements are checked offline by Neo4j's own Cypher front end
// (npm package @neo4j-cypher/language-support), driven by lint/lint.mjs;
// see the header of that script for what it checks. Set up with
//
//	npm ci --prefix graph/neo4j/lint
//	go test ./graph/neo4j/ -run Lint
//
// Without node or the installed package the tests skip, except under CI
// (the CI environment variable is non-empty), where they fail.

const lintDir = "lint"

type lintSchema struct {
	Labels            []string `json:"labels"`
	RelationshipTypes []string `json:"relationshipTypes"`
	PropertyKeys      []string `json:"propertyKeys"`
}

type lintStatement struct {
	Name string `json:"name"`
	Text string `json:"text"`
	// Parameters, when non-empty, are the only declared parameters;
	// otherwise the linter declares every $parameter the text uses.
	Parameters []string `json:"parameters,omitempty"`
}

type lintDiagnostic struct {
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Source   string `json:"source"`
}

type lintResult struct {
	Name        string           `json:"name"`
	Diagnostics []lintDiagnostic `json:"diagnostics"`
}

type lintResponse struct {
	Linter struct {
		Package string `json:"package"`
		Version string `json:"version"`
	} `json:"linter"`
	Results []lintResult `json:"results"`
}

// modelSchema is the vocabulary the store's statements are checked against.
func modelSchema() lintSchema {
	return lintSchema{Labels: neo4j.Labels, RelationshipTypes: neo4j.RelTypes, PropertyKeys: neo4j.PropertyKeys}
}

// lintNode returns the node binary, or skips (fails under CI) when the
// linter is not set up.
func lintNode(t *testing.T) string {
	t.Helper()
	const setup = "run `npm ci --prefix graph/neo4j/lint` (Node.js 20 or newer) to check the Cypher statements"
	unavailable := func(why string) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf("Cypher linter unavailable under CI: %s; %s", why, setup)
		}
		t.Skipf("Cypher linter unavailable: %s; %s", why, setup)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable("node is not on PATH")
	}
	pkg := filepath.Join(lintDir, "node_modules", "@neo4j-cypher", "language-support", "package.json")
	if _, err := os.Stat(pkg); err != nil {
		unavailable(filepath.ToSlash(filepath.Join("graph/neo4j", lintDir, "node_modules")) + " is not installed")
	}
	return node
}

// runLint lints the statements in one run of lint.mjs.
func runLint(t *testing.T, schema lintSchema, stmts []lintStatement) lintResponse {
	t.Helper()
	node := lintNode(t)
	req, err := json.Marshal(struct {
		Schema     lintSchema      `json:"schema"`
		Statements []lintStatement `json:"statements"`
	}{schema, stmts})
	if err != nil {
		t.Fatal(err)
	}

	// ~1.5 s to load the front end, then ~0.1-0.3 s per statement.
	timeout := time.Minute + time.Duration(len(stmts))*time.Second
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "lint.mjs")
	cmd.Dir = lintDir
	cmd.Stdin = bytes.NewReader(req)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("node lint.mjs did not finish within %v (%v)\n%s", timeout, ctx.Err(), stderr.String())
	}
	if err != nil {
		t.Fatalf("node lint.mjs: %v\n%s", err, stderr.String())
	}
	var resp lintResponse
	if err := json.Unmarshal(stdout.Bytes(), &resp); err != nil {
		t.Fatalf("node lint.mjs: bad output: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	if len(resp.Results) != len(stmts) {
		t.Fatalf("node lint.mjs: %d results for %d statements", len(resp.Results), len(stmts))
	}
	for i, r := range resp.Results {
		if r.Name != stmts[i].Name {
			t.Fatalf("node lint.mjs: result %d is for %q, want %q", i, r.Name, stmts[i].Name)
		}
	}
	t.Logf("%s %s linted %d statements in %v", resp.Linter.Package, resp.Linter.Version, len(stmts),
		time.Since(start).Round(time.Millisecond))
	return resp
}

// formatDiagnostic renders "name: line:col: severity: message" and the
// statement's line with a caret under the column.
func formatDiagnostic(name, text string, d lintDiagnostic) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d:%d: %s: %s", name, d.Line, d.Column, d.Severity,
		strings.ReplaceAll(strings.TrimSpace(d.Message), "\n", "\n\t"))
	lines := strings.Split(text, "\n")
	if d.Line >= 1 && d.Line <= len(lines) {
		line := strings.TrimRight(lines[d.Line-1], "\r")
		fmt.Fprintf(&b, "\n\t| %s\n\t| %s^", line, strings.Repeat(" ", max(0, min(d.Column-1, len(line)))))
	}
	return b.String()
}

// TestStatements_Lint checks every statement the store can send; any
// diagnostic, of any severity, fails.
func TestStatements_Lint(t *testing.T) {
	all := neo4j.Statements()
	if len(all) == 0 {
		t.Fatal("neo4j.Statements() returned no statements")
	}
	stmts := make([]lintStatement, len(all))
	for i, s := range all {
		stmts[i] = lintStatement{Name: s.Name, Text: s.Text}
	}
	resp := runLint(t, modelSchema(), stmts)
	for i, r := range resp.Results {
		for _, d := range r.Diagnostics {
			t.Error(formatDiagnostic(r.Name, stmts[i].Text, d))
		}
	}
}

// TestLint_CatchesMistakes guards the harness: each broken statement must be
// reported, and a correct one must not, so that a linter that is not
// really running cannot pass TestStatements_Lint.
func TestLint_CatchesMistakes(t *testing.T) {
	schema := lintSchema{
		Labels:            []string{"Entity", "City", "Network"},
		RelationshipTypes: []string{"MEMBER_OF"},
		PropertyKeys:      []string{"id", "name", "since"},
	}
	cases := []struct {
		stmt lintStatement
		want string // in some diagnostic's message; "" for a clean statement
	}{
		{lintStatement{Name: "clean", Text: "UNWIND $rows AS row\nMATCH (n:Network {id: row.network})\n" +
			"MERGE (c:Entity:City {id: row.id})\nSET c.name = row.name\nMERGE (c)-[m:MEMBER_OF]->(n)\n" +
			"SET m.since = row.since\nRETURN c {.id, .name, members: COUNT { (c)-[:MEMBER_OF]->() }} AS city"}, ""},
		{lintStatement{Name: "clean_call", Text: "MATCH (n:Network {id: $id})\nCALL (n) {\n  MATCH (c:City)-[:MEMBER_OF]->(n)\n" +
			"  RETURN c ORDER BY c.name LIMIT $limit\n}\nRETURN c.id AS id"}, ""},
		{lintStatement{Name: "clean_fulltext", Text: "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score\n" +
			"RETURN node.id AS id, score ORDER BY score DESC LIMIT $limit"}, ""},
		{lintStatement{Name: "clean_schema", Text: "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity|City) ON EACH [n.name]\n" +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}"}, ""},

		{lintStatement{Name: "syntax_error", Text: "MATCH (c:City {id: $id}\nRETURN c"}, "Invalid input"},
		{lintStatement{Name: "label_in_match", Text: "MATCH (c:Cityy {id: $id}) RETURN c.name AS name"}, "Cityy"},
		{lintStatement{Name: "label_in_merge", Text: "MERGE (c:Cityy {id: $id}) SET c.name = $name"}, "Cityy"},
		{lintStatement{Name: "label_in_schema", Text: "CREATE CONSTRAINT city_id IF NOT EXISTS FOR (c:Cityy) REQUIRE c.id IS UNIQUE"}, "Cityy"},
		{lintStatement{Name: "rel_type_in_match", Text: "MATCH (c:City)-[:MEMBER_OFF]->(n:Network) RETURN n.id AS id"}, "MEMBER_OFF"},
		{lintStatement{Name: "rel_type_in_merge", Text: "MATCH (c:City {id: $c}) MATCH (n:Network {id: $n}) MERGE (c)-[:MEMBER_OFF]->(n)"}, "MEMBER_OFF"},
		{lintStatement{Name: "property_in_return", Text: "MATCH (c:City) RETURN c.nmae AS name"}, "nmae"},
		{lintStatement{Name: "property_in_set", Text: "MATCH (c:City {id: $id}) SET c.nmae = $name"}, "nmae"},
		{lintStatement{Name: "undeclared_parameter", Text: "MATCH (c:City {id: $idd}) RETURN c.name AS name",
			Parameters: []string{"id"}}, "$idd"},
		{lintStatement{Name: "deprecated", Text: "MATCH (c:City) RETURN id(c) AS i"}, "deprecated"},
		{lintStatement{Name: "unknown_procedure", Text: "CALL db.index.fulltext.queryNode('entity_names', $q) YIELD node RETURN node"}, "queryNode"},
		{lintStatement{Name: "plugin_function", Text: "RETURN apoc.text.join(['a', 'b'], ',') AS s"}, "apoc.text.join"},
		{lintStatement{Name: "undefined_variable", Text: "MATCH (c:City) RETURN x"}, "`x`"},
		{lintStatement{Name: "two_statements", Text: "MATCH (c:City) RETURN c; MATCH (n:Network) RETURN n"}, "statements"},
	}
	stmts := make([]lintStatement, len(cases))
	for i, c := range cases {
		stmts[i] = c.stmt
	}
	resp := runLint(t, schema, stmts)
	for i, c := range cases {
		r := resp.Results[i]
		var msgs []string
		for _, d := range r.Diagnostics {
			msgs = append(msgs, formatDiagnostic(r.Name, c.stmt.Text, d))
		}
		switch {
		case c.want == "" && len(r.Diagnostics) > 0:
			t.Errorf("%s: correct statement got diagnostics:\n%s", r.Name, strings.Join(msgs, "\n"))
		case c.want != "" && !slices.ContainsFunc(r.Diagnostics, func(d lintDiagnostic) bool { return strings.Contains(d.Message, c.want) }):
			t.Errorf("%s: no diagnostic mentions %q; got:\n%s", r.Name, c.want, strings.Join(msgs, "\n"))
		}
	}
}
