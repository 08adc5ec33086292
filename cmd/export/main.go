// Command export writes the whole graph for researchers' tools: GraphML
// (Gephi, Cytoscape, networkx) or CSV node and edge lists (pandas, R), or
// the cities as GeoJSON (QGIS, Leaflet, geopandas).
//
//	go run ./cmd/export -format graphml|nodes|edges|geojson [-data DIR] [-out FILE]
//
// It loads the bundled dataset, or the dataset directory given by -data,
// into the embedded store and streams the export to -out (default stdout).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"citynet/data"
	"citynet/export"
	"citynet/graph"
	"citynet/graph/memory"
)

// formats maps -format values to exports.
var formats = map[string]func(context.Context, io.Writer, graph.Store) error{
	"graphml": export.GraphML,
	"nodes":   export.NodesCSV,
	"edges":   export.EdgesCSV,
	"geojson": export.GeoJSON,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); errors.Is(err, flag.ErrHelp) {
		return
	} else if errors.Is(err, errUsage) {
		os.Exit(2)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "export:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "graphml", "graphml, nodes (CSV), edges (CSV) or geojson (the cities)")
	dir := fs.String("data", "", "dataset directory (default: the bundled dataset)")
	out := fs.String("out", "", "output file (default: stdout)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	write, ok := formats[*format]
	if !ok || fs.NArg() > 0 {
		fmt.Fprintf(stderr, "export: -format must be graphml, nodes, edges or geojson (got %q), and no arguments\n", *format)
		fs.Usage()
		return errUsage
	}

	var ds *graph.Dataset
	var err error
	if *dir != "" {
		ds, err = graph.LoadDataset(os.DirFS(*dir), ".")
	} else {
		ds, err = data.Load()
	}
	if err != nil {
		return err
	}
	s, err := memory.New(ds)
	if err != nil {
		return err
	}
	defer s.Close()

	if *out == "" {
		return write(ctx, stdout, s)
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := write(ctx, f, s); err != nil {
		f.Close()
		os.Remove(*out) // a cut-short export must not pass for a whole one
		return err
	}
	return f.Close()
}
