package explorer_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"citynet/graph/generated"
)

// TestQueries_Valid: every GraphQL document the explorer sends
// (src/queries.js) is valid against the server's schema, so a change to
// the schema that would break the page fails here, whether or not a
// browser test happens to send that document. Node reads the module
// (its exports are plain strings).
func TestQueries_Valid(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed to read src/queries.js")
		}
		t.Skip("no node: cannot read src/queries.js")
	}
	out, err := exec.Command(node, "--input-type=module", "-e",
		`import * as q from './src/queries.js'; console.log(JSON.stringify(q));`).Output()
	if err != nil {
		t.Fatalf("reading src/queries.js: %v", err)
	}
	var exports map[string]any
	if err := json.Unmarshal(out, &exports); err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	for name, v := range exports {
		switch v := v.(type) {
		case string:
			docs[name] = v
		case map[string]any: // DETAILS, by node type
			for k, d := range v {
				docs[name+"."+k] = d.(string)
			}
		}
	}
	if len(docs) < 10 {
		t.Fatalf("found %d documents in src/queries.js; want every one the page sends", len(docs))
	}
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for name, doc := range docs {
		q, errs := gqlparser.LoadQuery(schema, doc)
		if len(errs) > 0 {
			t.Errorf("%s: %v", name, errs)
			continue
		}
		// Named operations: the server's metrics count them by name.
		for _, op := range q.Operations {
			if !strings.HasPrefix(op.Name, "Explorer") {
				t.Errorf("%s: operation %q, want a name starting with Explorer", name, op.Name)
			}
		}
	}
}
