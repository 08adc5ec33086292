// Command import sends a dataset file (JSON) or a membership list (CSV) to
// a running server's POST /import, with a progress bar on a terminal for
// large files, and prints what changed or every problem found:
//
//	CITYNET_KEY=… go run ./cmd/import [-server URL] [-dry-run] FILE
//
// The key comes from the environment (CITYNET_KEY) or -key-file, never
// from a flag, so it does not show in process lists.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr, isTerminal(os.Stderr))) }

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

type answer struct {
	DryRun  bool `json:"dryRun"`
	Summary map[string]struct {
		Created, Updated, Unchanged int
	} `json:"summary"`
	// Errors are shaped as GraphQL errors, whatever the failure.
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code         string           `json:"code"`
			Problems     []map[string]any `json:"problems"`
			ProblemCount int              `json:"problemCount"`
		} `json:"extensions"`
	} `json:"errors"`
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer, progress bool) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	server := fs.String("server", "http://127.0.0.1:8080", "the server's base URL")
	dryRun := fs.Bool("dry-run", false, "only report what would change")
	keyFile := fs.String("key-file", "", "file holding the write key (default: $CITYNET_KEY)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "import: give one file: a dataset (.json) or a membership list (.csv)")
		return 2
	}
	key := getenv("CITYNET_KEY")
	if *keyFile != "" {
		b, err := os.ReadFile(*keyFile)
		if err != nil {
			fmt.Fprintln(stderr, "import:", err)
			return 2
		}
		key = strings.TrimSpace(string(b))
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(stderr, "import:", err)
		return 1
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		fmt.Fprintln(stderr, "import:", err)
		return 1
	}
	contentType := "application/json"
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		contentType = "text/csv"
	}
	var body io.Reader = f
	var bar *progressReader
	if progress {
		bar = &progressReader{r: f, total: st.Size(), out: stderr}
		body = bar
	}
	q := url.Values{"name": {filepath.Base(path)}}
	if *dryRun {
		q.Set("dry_run", "true")
	}
	req, err := http.NewRequest(http.MethodPost, strings.TrimRight(*server, "/")+"/import?"+q.Encode(), body)
	if err != nil {
		fmt.Fprintln(stderr, "import:", err)
		return 2
	}
	req.ContentLength = st.Size()
	req.Header.Set("Content-Type", contentType)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if bar != nil {
		bar.stop()
	}
	if err != nil {
		fmt.Fprintln(stderr, "import:", err)
		return 1
	}
	defer resp.Body.Close()
	var a answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		fmt.Fprintf(stderr, "import: the server answered %s without a readable body\n", resp.Status)
		return 1
	}
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "import refused (%s): nothing was written\n", resp.Status)
		for _, e := range a.Errors {
			ext := e.Extensions
			if len(ext.Problems) == 0 {
				fmt.Fprintf(stderr, "  %s: %s\n", ext.Code, e.Message)
				continue
			}
			for _, p := range ext.Problems {
				str := func(k string) string { s, _ := p[k].(string); return s }
				where := strings.Join(nonEmpty(str("file"), str("record"), str("field")), ": ")
				if where != "" {
					where += ": "
				}
				fmt.Fprintf(stderr, "  %s%s\n", where, str("message"))
			}
			if more := ext.ProblemCount - len(ext.Problems); more > 0 {
				fmt.Fprintf(stderr, "  … and %d more problem(s) (%d in all; the server lists the first %d)\n", more, ext.ProblemCount, len(ext.Problems))
			}
		}
		return 1
	}
	verb := "imported"
	if a.DryRun {
		verb = "dry run, nothing written"
	}
	fmt.Fprintf(stdout, "%s (%s):\n", filepath.Base(path), verb)
	sections := make([]string, 0, len(a.Summary))
	for s := range a.Summary {
		sections = append(sections, s)
	}
	sort.Strings(sections)
	for _, s := range sections {
		c := a.Summary[s]
		fmt.Fprintf(stdout, "  %-13s %6d created %6d updated %6d unchanged\n", s, c.Created, c.Updated, c.Unchanged)
	}
	return 0
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// progressReader draws an upload progress bar, at most ten times a second.
// The HTTP transport reads the body in its own goroutine, and may still be
// reading (to the end of the file) after the answer has come: stop ends the
// bar first, so nothing is drawn over what follows.
type progressReader struct {
	r       io.Reader
	total   int64
	mu      sync.Mutex // guards what follows, and the drawing
	done    int64
	out     io.Writer
	last    time.Time
	stopped bool
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += int64(n)
	if p.stopped {
		return n, err
	}
	if now := time.Now(); now.Sub(p.last) > 100*time.Millisecond || errors.Is(err, io.EOF) {
		p.last = now
		fmt.Fprint(p.out, "\r"+bar(p.done, p.total))
	}
	return n, err
}

// stop ends the bar's line; later reads draw nothing.
func (p *progressReader) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	fmt.Fprintln(p.out)
}

// bar renders "[=====>    ]  42%  1.2 / 2.9 MB".
func bar(done, total int64) string {
	const width = 30
	frac := 1.0
	if total > 0 {
		frac = min(1, float64(done)/float64(total))
	}
	filled := int(frac * width)
	b := strings.Repeat("=", filled)
	if filled < width {
		b += ">" + strings.Repeat(" ", width-filled-1)
	}
	return fmt.Sprintf("[%s] %3.0f%%  %.1f / %.1f MB", b, frac*100, float64(done)/1e6, float64(total)/1e6)
}
