// Package data holds the curated dataset built from the documents in
// shared/corpus, embedded so that the server needs no files at run time.
// The format is described in FORMAT.md beside this file.
package data

import (
	"embed"

	"citynet/graph"
)

// FS holds the dataset files at its root.
//
//go:embed *.json
var FS embed.FS

// Load parses and validates the bundled dataset.
func Load() (*graph.Dataset, error) { return graph.LoadDataset(FS, ".") }
