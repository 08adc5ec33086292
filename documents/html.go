package documents

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLText reduces an HTML page to the text a reader sees: headings and
// paragraphs on lines of their own, separated by blank lines, list items
// as "• item" lines, table rows as lines of cells split by " | ",
// scripts, styles and navigation chrome dropped. The
// extractor reads structure from exactly this shape (a heading line, a
// lead sentence ending in a colon, bullet lines), so a page sent as HTML
// and the same page saved as text give the same proposals.
func HTMLText(src []byte) (string, error) {
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return "", err
	}
	w := &textWriter{}
	w.walk(root)
	return w.String(), nil
}

type textWriter struct {
	lines []string
	cur   strings.Builder
}

// skipped elements carry no page text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Nav: true, atom.Svg: true, atom.Iframe: true, atom.Button: true,
	atom.Select: true, atom.Form: true,
}

// blocks end the current line.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Main: true, atom.Aside: true, atom.Blockquote: true, atom.Pre: true,
	atom.Table: true, atom.Tr: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Figure: true, atom.Figcaption: true, atom.Address: true, atom.Hr: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

var headings = map[atom.Atom]bool{atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true}

func (w *textWriter) flush() {
	line := strings.Join(strings.Fields(strings.ReplaceAll(w.cur.String(), "\u00a0", " ")), " ")
	w.cur.Reset()
	if line != "" {
		w.lines = append(w.lines, line)
	}
}

// gap ends the line and leaves one blank line, as between paragraphs.
func (w *textWriter) gap() {
	w.flush()
	if n := len(w.lines); n > 0 && w.lines[n-1] != "" {
		w.lines = append(w.lines, "")
	}
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipped[n.DataAtom] {
			return
		}
		switch {
		case n.DataAtom == atom.Br:
			w.flush()
			return
		case n.DataAtom == atom.Li:
			w.flush()
			w.cur.WriteString("• ")
			w.children(n)
			w.flush()
			return
		case n.DataAtom == atom.Tr:
			// a row a line, its cells split by " | ": the shape the
			// extractor reads tables in
			w.flush()
			w.children(n)
			w.flush()
			return
		case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
			if strings.TrimSpace(w.cur.String()) != "" {
				w.cur.WriteString(" | ")
			} else {
				w.cur.WriteString(" ")
			}
			w.children(n)
			w.cur.WriteString(" ")
			return
		case n.DataAtom == atom.Dt:
			// "Member since" / "1995": one field line, "Member since: 1995"
			w.gap()
			w.children(n)
			w.cur.WriteString(": ")
			return
		case n.DataAtom == atom.Dd:
			w.children(n)
			w.flush()
			return
		case headings[n.DataAtom]:
			w.gap()
			w.children(n)
			w.gap()
			return
		case blocks[n.DataAtom]:
			w.gap()
			w.children(n)
			w.gap()
			return
		}
	}
	w.children(n)
}

func (w *textWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

func (w *textWriter) String() string {
	w.flush()
	for len(w.lines) > 0 && w.lines[len(w.lines)-1] == "" {
		w.lines = w.lines[:len(w.lines)-1]
	}
	if len(w.lines) == 0 {
		return ""
	}
	return strings.Join(w.lines, "\n") + "\n"
}
