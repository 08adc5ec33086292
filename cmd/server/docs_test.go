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
