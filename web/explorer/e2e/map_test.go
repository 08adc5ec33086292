package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"citynet/data"
	"citynet/graph"
	"citynet/server"
	"citynet/synth"
)

// MustMapDataset returns the corpus dataset (its cities grounded in
// GeoNames) with two changes the map must show: Eindhoven's population
// unknown (its dot is hollow) and Dubrovnik without a position (listed
// as not on the map).
func MustMapDataset(tb testing.TB) *graph.Dataset {
	tb.Helper()
	ds, err := data.Load()
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range ds.Cities {
		switch {
		case c.ID == "eindhoven":
			c.Population, c.PopulationYear = 0, ""
		case c.ID == "dubrovnik":
			c.Lat, c.Lon = nil, nil
		case c.Lat == nil || c.Population == 0:
			tb.Fatalf("%s has no position or population in the corpus", c.ID)
		}
	}
	return ds
}

// cityOf returns the dataset's city id.
func cityOf(tb testing.TB, ds *graph.Dataset, id string) *graph.City {
	tb.Helper()
	for _, c := range ds.Cities {
		if c.ID == id {
			return c
		}
	}
	tb.Fatalf("no city %s", id)
	return nil
}

// kmBetween is the great-circle distance between two of the dataset's
// cities, rounded as the page writes it.
func kmBetween(tb testing.TB, ds *graph.Dataset, a, b string) int {
	ca, cb := cityOf(tb, ds, a), cityOf(tb, ds, b)
	return int(math.Round(haversineKm(*ca.Lat, *ca.Lon, *cb.Lat, *cb.Lon)))
}

// MustQuery runs a GraphQL query on the server (reads are public) and
// decodes its data into out.
func MustQuery(tb testing.TB, base, query string, vars map[string]any, out any) {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || len(res.Errors) > 0 {
		tb.Fatalf("%s: HTTP %d, %v %v", query, resp.StatusCode, err, res.Errors)
	}
	if err := json.Unmarshal(res.Data, out); err != nil {
		tb.Fatal(err)
	}
}

type apiCity struct {
	ID       string
	Name     string
	Location *struct{ Lat, Lon float64 }
}

// MustCities returns every city the server has (of a network, if one is
// given), with its location, paging as a client would.
func MustCities(tb testing.TB, base, network string) []apiCity {
	tb.Helper()
	var all []apiCity
	vars := map[string]any{"first": 500}
	if network != "" {
		vars["filter"] = map[string]any{"network": network}
	}
	for {
		var out struct {
			Cities struct {
				Edges    []struct{ Node apiCity }
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		MustQuery(tb, base, `query($filter: CityFilter, $first: Int, $after: String) {
			cities(filter: $filter, first: $first, after: $after) {
				edges { node { id name location { lat lon } } }
				pageInfo { hasNextPage endCursor }
			}
		}`, vars, &out)
		for _, e := range out.Cities.Edges {
			all = append(all, e.Node)
		}
		if !out.Cities.PageInfo.HasNextPage {
			return all
		}
		vars["after"] = out.Cities.PageInfo.EndCursor
	}
}

func located(cs []apiCity) (n int) {
	for _, c := range cs {
		if c.Location != nil {
			n++
		}
	}
	return n
}

// haversineKm is the great-circle distance with the API's Earth radius.
func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * 6371.0088 * math.Asin(math.Sqrt(a))
}

// TestExplorer_Map walks through the Map view on the corpus with test
// coordinates: one dot per located city on the countries, the rest listed,
// a tooltip on hover and on focus, the keyboard, a network picked out, a
// pair and a path drawn as great circles, the dot sizes, accessibility,
// and no request leaving the page's origin.
func TestExplorer_Map(t *testing.T) {
	ds := MustMapDataset(t)
	base := MustServerWith(t, ds, server.Options{})
	b := MustBrowser(t, base)
	population := func(id string) string {
		return "population " + fmtThousands(int(cityOf(t, ds, id).Population))
	}
	all := MustCities(t, base, "")
	wantDots, wantUnplaced := located(all), len(all)-located(all)
	if wantDots < 20 || wantUnplaced < 1 {
		t.Fatalf("the dataset: %d cities located, %d not; want both", wantDots, wantUnplaced)
	}
	dots := func() (n int) {
		b.eval("count the dots", `document.querySelectorAll('#map circle.city').length`, &n)
		return n
	}

	b.step("Open", func(t *testing.T) {
		b.run("open the page", chromedp.Navigate(b.base+"/#poznan"))
		b.waitFor("the drawing", `document.body.dataset.ready === 'true'`)
		// The map's code and the atlas come when the tab is first opened.
		var early int
		b.eval("map code loaded early", `performance.getEntriesByType('resource').filter((e) => /\/assets\/map-[\w-]+\.js$/.test(e.name)).length`, &early)
		if early != 0 {
			t.Errorf("the map's code was loaded before its tab was opened")
		}
		b.openTab("tab-map")
		b.waitFor("the map", `document.getElementById('map').dataset.state === 'done'`)
		if n := dots(); n != wantDots {
			t.Errorf("dots: got %d, want one per located city of the API's answer (%d)", n, wantDots)
		}
		var countries int
		b.eval("countries", `[...document.querySelectorAll('#map path.country')].filter((p) => (p.getAttribute('d') ?? '').length > 10).length`, &countries)
		if countries != 177 { // world-atlas countries-110m.json
			t.Errorf("country shapes: got %d, want 177", countries)
		}
		b.mustContain("not on the map", b.text("#map-unplaced summary"), fmt.Sprintf("Not on the map (%d)", wantUnplaced))
		b.mustContain("map status", b.text("#map-status"), fmt.Sprintf("%d cities on the map, %d not", wantDots, wantUnplaced), "Dot area: population")
		b.mustContain("legend", b.text("#map-legend"), "dot area: population", "1,000,000", "population unknown")
		var hollow []string
		b.eval("hollow dots", `[...document.querySelectorAll('#map circle.city.unknown')].map((c) => c.dataset.id)`, &hollow)
		if strings.Join(hollow, " ") != "eindhoven" {
			t.Errorf("dots of unknown population: got %q, want eindhoven", hollow)
		}
		// The drawing kept its size behind the map: back on its tab, it
		// is as it was.
		var cyWidth float64
		b.eval("the drawing's width", `citynetExplorer.cy.width()`, &cyWidth)
		if cyWidth < 500 {
			t.Errorf("the hidden drawing is %v px wide", cyWidth)
		}
		b.run("open the list", chromedp.Click("#map-unplaced summary", chromedp.ByQuery))
		b.mustContain("not on the map", b.text("#map-unplaced"), "Dubrovnik (Croatia)")
	})

	b.step("Tooltip", func(t *testing.T) {
		// Under the pointer…
		var at struct{ X, Y float64 }
		b.eval("where Warsaw is", `(() => { const r = document.querySelector('#map circle[data-id="warsaw"]').getBoundingClientRect();
			return { X: r.left + r.width / 2, Y: r.top + r.height / 2 }; })()`, &at)
		b.run("hover Warsaw", chromedp.MouseEvent(input.MouseMoved, at.X, at.Y))
		b.waitFor("the tooltip", `!document.getElementById('map-tip').hidden`)
		b.mustContain("tooltip", b.text("#map-tip"), "Warsaw", "Poland", population("warsaw"))
		// …and on the keyboard's focus, which the arrow keys move.
		b.run("focus Kraków", chromedp.Evaluate(`document.querySelector('#map circle[data-id="krakow"]').focus()`, nil))
		b.waitFor("Kraków's tooltip", `document.getElementById('map-tip').textContent.startsWith('Kraków')`)
		b.mustContain("tooltip", b.text("#map-tip"), "Kraków", "Poland", population("krakow"))
		var label string
		b.eval("the dot's name", `document.activeElement.getAttribute('aria-label')`, &label)
		if want := "Kraków, Poland, " + population("krakow"); !strings.HasPrefix(label, want) {
			t.Errorf("Kraków's dot is named %q, want %q…", label, want)
		}
		b.run("east of Kraków", chromedp.KeyEvent(kb.ArrowRight))
		b.waitFor("the focus on Rzeszów", `document.activeElement?.dataset?.id === 'rzeszow' && document.activeElement.tabIndex === 0`)
		b.mustContain("tooltip", b.text("#map-tip"), "Rzeszów")
		b.run("Enter", chromedp.KeyEvent(kb.Enter))
		b.waitFor("Rzeszów's details", `document.getElementById('panel-title').textContent === 'Rzeszów'`)
		b.shot("map-01-tooltip")
	})

	b.step("Network", func(t *testing.T) {
		members := MustCities(t, base, "eurocities")
		b.pick("#map-network", "#map-network-list", "EUROCITIES", "EUROCITIES")
		b.waitFor("EUROCITIES picked out", `document.getElementById('map').dataset.selection === 'network' && document.getElementById('map-status').textContent.startsWith('EUROCITIES')`)
		var marked []string
		b.eval("the marked dots", `[...document.querySelectorAll('#map circle.city.member')].map((c) => c.dataset.id).sort()`, &marked)
		var want []string
		for _, c := range members {
			if c.Location != nil {
				want = append(want, c.ID)
			}
		}
		if got, w := strings.Join(marked, " "), strings.Join(slices.Sorted(slices.Values(want)), " "); got != w {
			t.Errorf("highlighted: got %q, want the located members %q", got, w)
		}
		var opacity struct{ Members, Others []string }
		b.eval("opacity", `(() => {
			const op = (sel) => [...new Set([...document.querySelectorAll(sel)].map((c) => getComputedStyle(c).fillOpacity))];
			return { Members: op('#map circle.city.member'), Others: op('#map circle.city:not(.member)') };
		})()`, &opacity)
		if fmt.Sprint(opacity.Members) != "[0.9]" || fmt.Sprint(opacity.Others) != "[0.25]" {
			t.Errorf("fill opacity: members %v, others %v; want [0.9] and [0.25] (dimmed)", opacity.Members, opacity.Others)
		}
		status := b.text("#map-status")
		b.mustContain("status", status, fmt.Sprintf("%d member cities, %d on the map", len(members), len(want)))
		b.mustContain("span", status, "Span:", "km apart", "median")
		if low := b.lowContrast(); len(low) > 0 {
			t.Errorf("text below WCAG AA contrast: %q", low)
		}
		if v := b.axeViolations(); len(v) > 0 {
			t.Errorf("axe (WCAG 2.1 A/AA) on the map: %d violations:\n%s", len(v), strings.Join(v, "\n"))
		}
		b.run("blur", chromedp.Evaluate(`document.activeElement.blur()`, nil))
		b.shot("map-02-eurocities")
	})

	b.step("Pair", func(t *testing.T) {
		b.run("scroll to the answers", chromedp.ScrollIntoView("#answers", chromedp.ByQuery))
		b.waitFor("the pairs", `document.querySelector('#pairs-result button.pair[data-a="krakow"][data-b="poznan"]') !== null`)
		b.run("click the pair", chromedp.Click(`#pairs-result button.pair[data-a="krakow"][data-b="poznan"]`, chromedp.ByQuery))
		b.waitFor("a line", `document.getElementById('map').dataset.selection === 'pair' && document.querySelectorAll('#map path.arc').length === 1`)
		var d string
		b.eval("the line", `document.querySelector('#map path.arc').getAttribute('d')`, &d)
		if !strings.HasPrefix(d, "M") || len(d) < 10 {
			t.Errorf("the line's path: %q", d)
		}
		b.mustContain("status", b.text("#map-status"), fmt.Sprintf("Kraków – Poznań: %s km along the great circle", fmtThousands(kmBetween(t, ds, "krakow", "poznan"))))
		var marked []string
		b.eval("the marked dots", `[...document.querySelectorAll('#map circle.city.member')].map((c) => c.dataset.id).sort()`, &marked)
		if got := strings.Join(marked, " "); got != "krakow poznan" {
			t.Errorf("highlighted: got %q, want krakow poznan", got)
		}
		// The page then draws the pair, opens Kraków's details and scrolls
		// to the drawing.
		b.waitFor("the pair drawn", `document.getElementById('drawing-status').textContent.startsWith('Kraków and Poznań share')`)
		b.waitFor("Kraków's details", `document.getElementById('panel-title').textContent === 'Kraków'`)
		b.settle("after the pair")
		b.run("back to the top", chromedp.Evaluate(`window.scrollTo(0, 0)`, nil))
		b.shot("map-03-pair")
	})

	b.step("Path", func(t *testing.T) {
		b.openTab("tab-path")
		b.pick("#path-from", "#path-from-list", "Bialystok", "Białystok")
		b.pick("#path-to", "#path-to-list", "Barcelona", "Barcelona")
		b.run("find", chromedp.Click(`#path-form button[type=submit]`, chromedp.ByQuery))
		b.waitFor("the path's line", `document.getElementById('map').dataset.selection === 'path' && document.querySelectorAll('#map path.arc').length === 1`)
		km := kmBetween(t, ds, "bialystok", "barcelona")
		b.mustContain("status", b.text("#map-status"), "Białystok → EUROCITIES → Barcelona: "+fmtThousands(km)+" km")
		// The drawing behind the map shows it too, once its neighbourhoods come.
		b.waitFor("the path drawn", `document.getElementById('drawing-status').textContent.startsWith('The shortest connection from Białystok')`)
		b.run("back to the top", chromedp.Evaluate(`window.scrollTo(0, 0)`, nil))
		b.shot("map-04-path")
	})

	b.step("SizeAndClear", func(t *testing.T) {
		var before float64
		b.eval("Berlin's dot", `+document.querySelector('#map circle[data-id="berlin"]').getAttribute('r')`, &before)
		b.run("size by networks", chromedp.SetValue("#map-size", "networks", chromedp.ByQuery))
		b.waitFor("the legend", `document.getElementById('map-legend').textContent.includes('dot area: the city’s networks')`)
		var after float64
		b.eval("Berlin's dot", `+document.querySelector('#map circle[data-id="berlin"]').getAttribute('r')`, &after)
		if after == before {
			t.Errorf("Berlin's dot kept its radius %v after the switch to networks", before)
		}
		b.run("clear", chromedp.Click("#map-clear", chromedp.ByQuery))
		b.waitFor("nothing picked out", `document.getElementById('map').dataset.selection === '' && !document.querySelector('#map path.arc, #map circle.member')`)
		b.mustContain("status", b.text("#map-status"), "Dot area: the number of networks")
		// The keyboard: from the tabs, → reaches the drawing again.
		b.run("focus the Map tab", chromedp.Focus("#tab-map", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowLeft))
		b.waitFor("the drawing shown", `document.activeElement.id === 'tab-drawing' && document.getElementById('pane-map').classList.contains('inactive')`)
		b.mustContain("drawing status", b.text("#drawing-status"), "Białystok")
	})

	b.step("SameOrigin", func(t *testing.T) {
		origin, _ := url.Parse(base)
		b.mu.Lock()
		urls := append([]string(nil), b.urls...)
		b.mu.Unlock()
		if len(urls) < 10 {
			t.Fatalf("only %d requests recorded", len(urls))
		}
		for _, u := range urls {
			p, err := url.Parse(u)
			if err == nil && (p.Scheme == "data" || p.Scheme == "blob" || p.Scheme == "about") {
				continue
			}
			if err != nil || p.Host != origin.Host {
				t.Errorf("a request left the origin %s: %s", origin.Host, u)
			}
		}
	})
}

// TestExplorer_MapScreenshot takes docs/explorer-map.png on the corpus
// as it is (the map test's dataset changes two cities), with -update-docs.
func TestExplorer_MapScreenshot(t *testing.T) {
	if !*updateDocs {
		t.Skip("the screenshot is taken with -update-docs")
	}
	ds, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	b := MustBrowser(t, MustServerWith(t, ds, server.Options{}))
	b.run("open the page", chromedp.Navigate(b.base+"/#poznan"))
	b.waitFor("the drawing", `document.body.dataset.ready === 'true'`)
	b.openTab("tab-map")
	b.waitFor("the map", `document.getElementById('map').dataset.state === 'done'`)
	b.pick("#map-network", "#map-network-list", "EUROCITIES", "EUROCITIES")
	b.waitFor("EUROCITIES and its span", `document.getElementById('map-status').textContent.includes('Span:')`)
	b.run("blur", chromedp.Evaluate(`document.activeElement.blur()`, nil))
	copyFile(t, b.shot("map-docs"), filepath.Join("..", "..", "..", "docs", "explorer-map.png"))
}

// fmtThousands writes n as the page does (en: 1,234).
func fmtThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestExplorer_MapLarge opens the map on synthetic datasets of 1,000 and
// 10,000 cities (the acuto preset) with made-up coordinates and
// populations: one dot per located city, and how long the page is held
// while it draws them and picks out the largest network.
func TestExplorer_MapLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large datasets: -short")
	}
	acuto, err := synth.Preset("acuto")
	if err != nil {
		t.Fatal(err)
	}
	thousand := acuto
	thousand.Preset, thousand.Cities, thousand.Countries, thousand.Memberships, thousand.Events, thousand.Partnerships = "", 1_000, 60, 5_000, 100, 200
	for _, cfg := range []synth.Config{thousand, acuto} {
		t.Run(fmt.Sprint(cfg.Cities), func(t *testing.T) { mapLarge(t, cfg) })
	}
}

func mapLarge(t *testing.T, cfg synth.Config) {
	ds := synth.Generate(cfg)
	// Deterministic places between 50° S and 65° N, populations from 1,000
	// to 10 million (log-uniform); every 50th city has none.
	r := rand.New(rand.NewPCG(1, 2))
	for i, c := range ds.Cities {
		if i%50 == 0 {
			continue
		}
		lat, lon := -50+115*r.Float64(), -180+360*r.Float64()
		c.Lat, c.Lon, c.Population = &lat, &lon, int64(math.Pow(10, 3+4*r.Float64()))
	}
	base := MustServer(t, ds)
	b := MustBrowser(t, base)
	want := located(MustCities(t, base, ""))

	const watchLongTasks = `window.__longest = 0; new PerformanceObserver((l) => {
		for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
	}).observe({ type: 'longtask' }); true`
	b.run("open the page", chromedp.Navigate(b.base+"/"))
	b.waitFor("the first drawing", `document.body.dataset.ready === 'true'`)
	b.run("watch long tasks", chromedp.Evaluate(watchLongTasks, nil))
	b.settle("before the Map tab")
	start := time.Now()
	b.run("the Map tab", chromedp.Click("#tab-map", chromedp.ByQuery))
	b.waitFor("the map", `document.getElementById('map').dataset.state === 'done'`)
	took := time.Since(start)
	var n int
	var longest float64
	b.eval("count the dots", `document.querySelectorAll('#map circle.city').length`, &n)
	b.eval("longest task", `window.__longest`, &longest)
	if n != want {
		t.Errorf("dots: got %d, want %d", n, want)
	}
	t.Logf("%d dots drawn %v after opening the tab; longest main-thread task %.0f ms", n, took.Round(time.Millisecond), longest)
	b.shot("01-map")

	// The largest network, picked out.
	var nets struct {
		Networks struct {
			Edges []struct {
				Node struct {
					ID, Name    string
					MemberCount int
				}
			}
		}
	}
	MustQuery(t, base, `{ networks(first: 500) { edges { node { id name memberCount } } } }`, nil, &nets)
	var id, name string
	most := 0
	for _, e := range nets.Networks.Edges {
		if e.Node.MemberCount > most {
			most, id, name = e.Node.MemberCount, e.Node.ID, e.Node.Name
		}
	}
	b.run("reset", chromedp.Evaluate(`window.__longest = 0`, nil))
	start = time.Now()
	b.run("pick "+name, chromedp.Evaluate(fmt.Sprintf(`citynetExplorer.map.select({ network: %q }); true`, id), nil))
	b.waitFor("its members", `document.getElementById('map').dataset.selection === 'network' && document.getElementById('map-status').textContent.includes('member cities')`)
	took = time.Since(start)
	var marked int
	b.eval("marked", `+document.getElementById('map').dataset.marked`, &marked)
	b.eval("longest task", `window.__longest`, &longest)
	t.Logf("%s (%d members): %d dots picked out %v after asking; longest main-thread task %.0f ms", name, most, marked, took.Round(time.Millisecond), longest)
	b.shot("02-largest")
}
