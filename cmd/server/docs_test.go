package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"citynet/auth"
)

// docExample is a GraphQL example of the documentation: a ```graphql
// block and the ```json block right after it, the answer it shows.
type docExample struct {
	file  string
	line  int
	query string
	want  string
}

// docFences finds a graphql block followed, after blank lines only, by a
// json block. A block preceded by the line `<!-- example: not run -->` is
// left out (the comment says why beside it).
var docFences = regexp.MustCompile("(?s)(<!-- example: not run[^>]*-->\\s*)?```graphql\\n(.*?)```\\s*\\n```json\\n(.*?)```")

// docFiles are the Markdown files whose examples must stay true.
func docFiles(tb testing.TB) []string {
	tb.Helper()
	files := []string{"../../README.md"}
	more, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		tb.Fatal(err)
	}
	return append(files, more...)
}

func docExamples(tb testing.TB) []docExample {
	tb.Helper()
	var out []docExample
	for _, f := range docFiles(tb) {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, m := range docFences.FindAllSubmatchIndex(b, -1) {
			if m[2] >= 0 {
				continue // marked not run
			}
			out = append(out, docExample{
				file:  filepath.Base(f),
				line:  1 + bytes.Count(b[:m[0]], []byte("\n")),
				query: string(b[m[4]:m[5]]),
				want:  string(b[m[6]:m[7]]),
			})
		}
	}
	return out
}

// volatileFields change from run to run (write stamps, graph versions):
// the test checks that they are there, not their values.
var volatileFields = map[string]bool{"updatedAt": true, "version": true, "at": true}

// normalize replaces the values of volatile fields in a decoded answer.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if volatileFields[k] && x != nil {
				v[k] = "<volatile>"
			} else {
				v[k] = normalize(x)
			}
		}
	case []any:
		for i := range v {
			v[i] = normalize(v[i])
		}
	}
	return v
}

// TestDocs_Examples runs every GraphQL example of README.md and docs/
// against a server on the corpus dataset and compares its answer with the
// one shown, so that a changed answer fails here and not in a reader's
// hands. Mutations run, in document order, on a server of their own with
// a write key.
func TestDocs_Examples(t *testing.T) {
	examples := docExamples(t)
	if len(examples) < 5 {
		t.Fatalf("found %d examples in %v, want the README's at least", len(examples), docFiles(t))
	}
	reads := MustStart(t, Config{})
	writeKey, writeLine, err := auth.NewKey("curator", auth.RoleWrite)
	if err != nil {
		t.Fatal(err)
	}
	writes := MustStart(t, Config{APIKeys: writeLine, StoreDir: t.TempDir()})
	for _, ex := range examples {
		t.Run(ex.file+":"+strconv.Itoa(ex.line), func(t *testing.T) {
			srv := reads
			req := MustRequestJSON(t, srv.URL, ex.query, nil)
			if strings.HasPrefix(strings.TrimSpace(ex.query), "mutation") {
				req = MustRequestJSON(t, writes.URL, ex.query, nil)
				req.Header.Set("Authorization", "Bearer "+writeKey)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got, want any
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatalf("%s:%d: the answer is not JSON: %v", ex.file, ex.line, err)
			}
			if err := json.Unmarshal([]byte(ex.want), &want); err != nil {
				t.Fatalf("%s:%d: the answer shown is not JSON (%v):\n%s", ex.file, ex.line, err, ex.want)
			}
			if got, want = normalize(got), normalize(want); !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("%s:%d: %s\ngot  %s\nwant %s", ex.file, ex.line, ex.query, g, w)
			}
			if resp.StatusCode != http.StatusOK && !strings.Contains(ex.want, `"errors"`) {
				t.Errorf("%s:%d: status %d", ex.file, ex.line, resp.StatusCode)
			}
		})
	}
}

// docPointer is a message's pointer to a section of the documentation:
// (docs/writing.md, "Backup and restore") or (docs/neo4j.md, 'Testing against Neo4j').
var docPointer = regexp.MustCompile(`\b(README|docs/[\w-]+\.md)[,:] \\?["']([^"'\\]+)\\?["']`)

// TestDocs_Pointers checks that every section a message of the program
// sends its reader to (an error's hint, a skip message) is a heading of the
// file it names, so that moving a section does not leave hints pointing
// nowhere.
func TestDocs_Pointers(t *testing.T) {
	headings := map[string]map[string]bool{}
	heads := func(file string) map[string]bool {
		if h, ok := headings[file]; ok {
			return h
		}
		h := map[string]bool{}
		if b, err := os.ReadFile(filepath.Join("../..", file)); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " "); ok && strings.HasPrefix(line, "#") {
					h[title] = true
				}
			}
		}
		headings[file] = h
		return h
	}
	found := 0
	err := filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range docPointer.FindAllStringSubmatch(string(b), -1) {
			file, section := m[1], m[2]
			if file == "README" {
				file = "README.md"
			}
			found++
			if !heads(file)[section] {
				t.Errorf("%s points to %s, %q: no such heading there\ngot  %s", path, file, section, m[0])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Errorf("found no pointers to the documentation in the Go sources, want the store's hints at least")
	}
}
