package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// span is the bytes of one JSON value in a file.
type span struct{ start, end int }

// layout is where a dataset file's arrays and their records are, so that a
// record can be replaced, or one added, without touching any other byte.
type layout struct {
	arrays map[string][]span // section → its records
	closes map[string]int    // section → offset of its closing ']'
	end    int               // offset of the file's closing '}'
	last   int               // offset just past the file's last value
}

// scan finds the sections of a dataset file. The file has loaded already
// (graph.LoadDataset), so its shape is known good; an error here is a bug
// or a file changed meanwhile.
func scan(b []byte) (*layout, error) {
	l := &layout{arrays: map[string][]span{}, closes: map[string]int{}}
	dec := json.NewDecoder(bytes.NewReader(b))
	delim := func(want json.Delim) error {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); !ok || d != want {
			return fmt.Errorf("want %v, got %v", want, t)
		}
		return nil
	}
	if err := delim('{'); err != nil {
		return nil, err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := t.(string)
		var raw json.RawMessage
		if k == "format" || k == "version" {
			if err := dec.Decode(&raw); err != nil {
				return nil, err
			}
			l.last = int(dec.InputOffset())
			continue
		}
		if err := delim('['); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		spans := []span{}
		for dec.More() {
			if err := dec.Decode(&raw); err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			end := int(dec.InputOffset())
			start := end - len(raw)
			if !bytes.Equal(b[start:end], raw) {
				return nil, fmt.Errorf("%s[%d]: cannot locate the record", k, len(spans))
			}
			spans = append(spans, span{start, end})
		}
		if err := delim(']'); err != nil {
			return nil, err
		}
		l.arrays[k], l.closes[k] = spans, int(dec.InputOffset())-1
		l.last = int(dec.InputOffset())
	}
	if err := delim('}'); err != nil {
		return nil, err
	}
	l.end = int(dec.InputOffset()) - 1
	if b[l.end] != '}' {
		return nil, errors.New("cannot locate the end of the file")
	}
	return l, nil
}

// style is how a file writes a record: spread over lines (the bundled
// data, json.MarshalIndent-like) or one per line (synth.Write).
type style struct {
	pretty     bool
	prefix     string // indentation of the record's first line
	unit       string // one level of indentation
	escapeHTML bool   // whether the file escapes <, > and & as \u003c…
}

// styleOf reads the style of the record at s.
func styleOf(b []byte, s span) style {
	st := style{unit: "  ", escapeHTML: bytes.Contains(b, []byte(`\u003c`)) || bytes.Contains(b, []byte(`\u003e`)) ||
		bytes.Contains(b, []byte(`\u0026`))}
	line := bytes.LastIndexByte(b[:s.start], '\n') + 1
	if ws := string(b[line:s.start]); strings.Trim(ws, " \t") == "" {
		st.prefix = ws
	}
	rec := b[s.start:s.end]
	if i := bytes.IndexByte(rec, '\n'); i >= 0 {
		st.pretty = true
		next := rec[i+1:]
		n := len(next) - len(bytes.TrimLeft(next, " \t"))
		if n > len(st.prefix) {
			st.unit = string(next[len(st.prefix):n])
		}
	}
	return st
}

// encode writes v in style st, without a final newline.
func (st style) encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(st.escapeHTML)
	if st.pretty {
		enc.SetIndent(st.prefix, st.unit)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// edit is a replacement of b[start:end].
type edit struct {
	start, end int
	text       []byte
}

// apply makes the edits (in ascending, non-overlapping order) to b.
func apply(b []byte, edits []edit) []byte {
	var out bytes.Buffer
	at := 0
	for _, e := range edits {
		out.Write(b[at:e.start])
		out.Write(e.text)
		at = e.end
	}
	out.Write(b[at:])
	return out.Bytes()
}
