package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"citynet/data"
	"citynet/export"
	"citynet/graph"
	"citynet/graph/memory"
)

// MustExportServer serves New over the bundled dataset.
func MustExportServer(tb testing.TB) (*httptest.Server, *graph.Dataset) {
	tb.Helper()
	ds, err := data.Load()
	if err != nil {
		tb.Fatalf("data.Load: got error %v, want nil", err)
	}
	store, err := memory.New(ds)
	if err != nil {
		tb.Fatalf("memory.New: got error %v, want nil", err)
	}
	srv := httptest.NewServer(New(store, Options{}))
	tb.Cleanup(srv.Close)
	return srv, ds
}

// MustDo sends a request and returns the response with its body read.
func MustDo(tb testing.TB, req *http.Request) (*http.Response, []byte) {
	tb.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: got error %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("%s %s: reading body: %v", req.Method, req.URL.Path, err)
	}
	return resp, body
}

func MustRequest(tb testing.TB, method, url string) *http.Request {
	tb.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return req
}

func datasetNodeCount(ds *graph.Dataset) int {
	return len(ds.Cities) + len(ds.Countries) + len(ds.Networks) + len(ds.Institutions) + len(ds.People) +
		len(ds.Events) + len(ds.Partnerships) + len(ds.Sources)
}

func TestNew_Export(t *testing.T) {
	srv, ds := MustExportServer(t)
	nodes, edges := datasetNodeCount(ds), len(ds.Edges())
	csvRows := func(t *testing.T, body []byte, header []string, want int) {
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("body is not CSV: %v", err)
		}
		if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(header, ",") {
			t.Fatalf("header: got %v, want %v", rows[:min(1, len(rows))], header)
		}
		if got := len(rows) - 1; got != want {
			t.Errorf("rows: got %d, want %d", got, want)
		}
	}
	for _, tc := range []struct {
		path, contentType, filename string
		check                       func(t *testing.T, body []byte)
	}{
		{"/export/graphml", "application/graphml+xml; charset=utf-8", "citynet.graphml", func(t *testing.T, body []byte) {
			var doc struct {
				Nodes []struct {
					ID string `xml:"id,attr"`
				} `xml:"graph>node"`
				Edges []struct {
					Source string `xml:"source,attr"`
				} `xml:"graph>edge"`
			}
			if err := xml.Unmarshal(body, &doc); err != nil {
				t.Fatalf("body is not XML: %v", err)
			}
			if len(doc.Nodes) != nodes || len(doc.Edges) != edges {
				t.Errorf("nodes, edges: got %d, %d, want %d, %d", len(doc.Nodes), len(doc.Edges), nodes, edges)
			}
			if !bytes.Contains(body, []byte(">Kraków<")) {
				t.Errorf("body: got no Kraków (UTF-8 text)")
			}
		}},
		{"/export/nodes.csv", "text/csv; charset=utf-8", "citynet-nodes.csv", func(t *testing.T, body []byte) {
			csvRows(t, body, export.NodeColumns, nodes)
		}},
		{"/export/edges.csv", "text/csv; charset=utf-8", "citynet-edges.csv", func(t *testing.T, body []byte) {
			csvRows(t, body, export.EdgeColumns, edges)
		}},
		{"/export/cities.geojson", "application/geo+json", "citynet-cities.geojson", func(t *testing.T, body []byte) {
			var fc struct {
				Type      string `json:"type"`
				Unlocated int    `json:"unlocatedCities"`
				Features  []struct {
					ID       string `json:"id"`
					Geometry struct {
						Coordinates [2]float64 `json:"coordinates"`
					} `json:"geometry"`
				} `json:"features"`
			}
			if err := json.Unmarshal(body, &fc); err != nil {
				t.Fatalf("body is not JSON: %v", err)
			}
			if fc.Type != "FeatureCollection" || len(fc.Features) != len(ds.Cities) || fc.Unlocated != 0 {
				t.Errorf("got %s with %d features, %d unlocated; want a FeatureCollection of all %d cities", fc.Type, len(fc.Features),
					fc.Unlocated, len(ds.Cities))
			}
			for _, f := range fc.Features {
				if f.ID == "krakow" && f.Geometry.Coordinates != [2]float64{19.93658, 50.06143} {
					t.Errorf("krakow: got %v, want [19.93658, 50.06143] ([lon, lat])", f.Geometry.Coordinates)
				}
			}
		}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			wantHeaders := func(t *testing.T, resp *http.Response) {
				t.Helper()
				if got := resp.Header.Get("Content-Type"); got != tc.contentType {
					t.Errorf("Content-Type: got %q, want %q", got, tc.contentType)
				}
				if got, want := resp.Header.Get("Content-Disposition"), `attachment; filename="`+tc.filename+`"`; got != want {
					t.Errorf("Content-Disposition: got %q, want %q", got, want)
				}
			}
			t.Run("OK", func(t *testing.T) {
				req := MustRequest(t, http.MethodGet, srv.URL+tc.path)
				req.Header.Set("Origin", "http://localhost:3000")
				resp, body := MustDo(t, req)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status: got %d, want 200; body: %.200s", resp.StatusCode, body)
				}
				wantHeaders(t, resp)
				if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "http://localhost:3000" {
					t.Errorf("Access-Control-Allow-Origin: got %q, want the dashboard's origin", got)
				}
				tc.check(t, body)
			})
			t.Run("OKHead", func(t *testing.T) {
				resp, body := MustDo(t, MustRequest(t, http.MethodHead, srv.URL+tc.path))
				if resp.StatusCode != http.StatusOK || len(body) != 0 {
					t.Errorf("status, body: got %d, %d bytes, want 200, none", resp.StatusCode, len(body))
				}
				wantHeaders(t, resp)
			})
			t.Run("ErrMethod", func(t *testing.T) {
				resp, _ := MustDo(t, MustRequest(t, http.MethodPost, srv.URL+tc.path))
				if resp.StatusCode != http.StatusMethodNotAllowed {
					t.Errorf("status: got %d, want 405", resp.StatusCode)
				}
				if got := resp.Header.Get("Allow"); !strings.Contains(got, "GET") {
					t.Errorf("Allow: got %q, want GET in it", got)
				}
			})
		})
	}
}

// walkStore yields n cities, then waits for release (or the request to
// end), then returns err.
type walkStore struct {
	graph.Store
	n       int
	release chan struct{}
	err     error
}

func (s walkStore) Walk(ctx context.Context, node func(graph.Node) error, edge func(graph.Edge) error) error {
	for i := range s.n {
		if err := node(&graph.City{ID: "c" + strconv.Itoa(i), Name: "Miasto Łódź " + strconv.Itoa(i), CountryID: "PL"}); err != nil {
			return err
		}
	}
	if s.release != nil {
		select {
		case <-s.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return s.err
}

func (walkStore) Close() error { return nil }

// waitLog waits until the log holds want.
func waitLog(tb testing.TB, log *syncBuffer, want string) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), want) {
		if time.Now().After(deadline) {
			tb.Fatalf("log: got %q, want %q in it", log.String(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestNew_ExportStreaming(t *testing.T) {
	t.Run("OKStreams", func(t *testing.T) {
		// The first bytes must reach the client while the walk is still
		// running: the body is not built in memory first.
		release := make(chan struct{})
		srv := httptest.NewServer(New(walkStore{n: 2000, release: release}, Options{}))
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/export/graphml")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		first := make([]byte, 1024)
		read := make(chan error, 1)
		go func() { _, err := io.ReadFull(resp.Body, first); read <- err }()
		select {
		case err := <-read:
			if err != nil {
				t.Fatalf("reading the first KiB: %v", err)
			}
		case <-time.After(10 * time.Second):
			close(release)
			t.Fatal("no bytes before the walk ended: the export is buffered")
		}
		close(release)
		rest, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(append(first, rest...), new(struct{})); err != nil {
			t.Errorf("body is not XML: %v", err)
		}
	})
	t.Run("ErrBeforeFirstByte", func(t *testing.T) {
		logger, log := MustLogger(t)
		srv := httptest.NewServer(New(walkStore{err: errors.New("db password=secret down")}, Options{Logger: logger}))
		defer srv.Close()
		resp, body := MustDo(t, MustRequest(t, http.MethodGet, srv.URL+"/export/edges.csv"))
		if resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("status: got %d, want 500", resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Disposition"); got != "" {
			t.Errorf("Content-Disposition: got %q, want none on an error", got)
		}
		if strings.Contains(string(body), "secret") {
			t.Errorf("body leaks the error: %q", body)
		}
		if l := log.String(); !strings.Contains(l, "export failed") || !strings.Contains(l, "password=secret") {
			t.Errorf("log: got %q, want the error", l)
		}
	})
	t.Run("ErrAfterFirstByte", func(t *testing.T) {
		logger, log := MustLogger(t)
		srv := httptest.NewServer(New(walkStore{n: 2000, err: errors.New("connection reset")}, Options{Logger: logger}))
		defer srv.Close()
		resp, body := MustDo(t, MustRequest(t, http.MethodGet, srv.URL+"/export/graphml"))
		if resp.StatusCode != http.StatusOK {
			t.Errorf("status: got %d, want 200 (sent before the failure)", resp.StatusCode)
		}
		if err := xml.Unmarshal(body, new(struct{})); err == nil {
			t.Errorf("body: got a well-formed document, want it cut short")
		}
		waitLog(t, log, "export failed after the response started")
		if !strings.Contains(log.String(), "connection reset") {
			t.Errorf("log: got %q, want the error", log.String())
		}
	})
	t.Run("ErrClientGone", func(t *testing.T) {
		logger, log := MustLogger(t)
		srv := httptest.NewServer(New(walkStore{n: 2000, release: make(chan struct{})}, Options{Logger: logger}))
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/export/nodes.csv", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.ReadFull(resp.Body, make([]byte, 100))
		cancel()
		resp.Body.Close()
		// The walk blocks until the request's context ends: the log line
		// shows the context reached the store.
		waitLog(t, log, "export cancelled")
	})
}

func TestExportCSV_Table(t *testing.T) {
	srv, _ := MustExportServer(t)
	for table, want := range map[string]string{"nodes": "/export/nodes.csv", "edges": "/export/edges.csv"} {
		resp, err := http.Get(srv.URL + "/export/csv?table=" + table)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != want {
			t.Errorf("table=%s: got %d at %s, want 200 at %s", table, resp.StatusCode, resp.Request.URL.Path, want)
		}
	}
	resp, err := http.Get(srv.URL + "/export/csv")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("no table: got %d, want 400", resp.StatusCode)
	}
}
