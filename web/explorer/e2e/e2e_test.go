package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"citynet/auth"
	"citynet/data"
	"citynet/graph"
	"citynet/graph/memory"
	"citynet/server"
	"citynet/synth"
)

var updateDocs = flag.Bool("update-docs", false, "write the explorer's screenshots to docs/explorer.png and docs/explorer-map.png")

// Width and height of the browser window: the README's screenshot size.
const winW, winH = 1360, 960

// MustChromium returns the Chromium to drive, or skips the test without one
// (fails under CI=true: CI installs it).
func MustChromium(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium: install it (apt-get install -y chromium) or set CHROMIUM to run the explorer's end-to-end tests"
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return ""
}

// MustServer serves the whole API over ds on a loopback port, with
// public reads.
func MustServer(tb testing.TB, ds *graph.Dataset) string {
	return MustServerWith(tb, ds, server.Options{})
}

// MustServerWith serves the whole API over ds with opts.
func MustServerWith(tb testing.TB, ds *graph.Dataset, opts server.Options) string {
	tb.Helper()
	store, err := memory.New(ds)
	if err != nil {
		tb.Fatal(err)
	}
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	var h http.Handler = server.New(store, opts)
	if d := apiDelay(tb); d > 0 {
		api := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/graphql" {
				time.Sleep(d)
			}
			api.ServeHTTP(w, r)
		})
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv.URL
}

// apiDelay is E2E_API_DELAY (a Go duration, e.g. 700ms): how long the
// test server holds each GraphQL request before answering, so that a test
// acting before the page has its answers fails here rather than on a slow
// machine some day. E2E_CPU_SLOWDOWN (a factor) slows the page's own code.
func apiDelay(tb testing.TB) time.Duration {
	v := os.Getenv("E2E_API_DELAY")
	if v == "" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		tb.Fatalf("E2E_API_DELAY=%q: want a duration such as 700ms", v)
	}
	return d
}

// MustKeys returns an authenticator for one new key per role, and the keys.
func MustKeys(tb testing.TB) (a auth.Authenticator, read, write string) {
	tb.Helper()
	read, readLine, err := auth.NewKey("reader", auth.RoleRead)
	if err != nil {
		tb.Fatal(err)
	}
	write, writeLine, err := auth.NewKey("e2e", auth.RoleWrite)
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := auth.ParseKeys(strings.NewReader(readLine + "\n" + writeLine))
	if err != nil {
		tb.Fatal(err)
	}
	return auth.Authenticator{Keys: keys}, read, write
}

// MustWrite runs a GraphQL mutation on the server with a write key, as a
// curator elsewhere would while the page is open.
func MustWrite(tb testing.TB, base, key, mutation string) {
	tb.Helper()
	body, _ := json.Marshal(map[string]string{"query": mutation})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Errors []struct{ Message string } }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK || len(out.Errors) > 0 {
		tb.Fatalf("%s: HTTP %d, %v %v", mutation, resp.StatusCode, err, out.Errors)
	}
}

// browser is one headless Chromium tab that records every console error,
// uncaught exception, error log entry (CSP violations among them) and
// failed or 4xx/5xx request: a test fails on any of them.
type browser struct {
	t        *testing.T
	ctx      context.Context
	base     string
	dir      string // where screenshots go
	mu       sync.Mutex
	problems []string
	requests int
	inflight map[network.RequestID]string // the page's fetches not yet answered: their URLs
	urls     []string                     // every request's URL, WebSockets included
}

// actionTimeout bounds each browser action, so a page that never gets
// where a test waits for fails that step soon, with what the page showed,
// not the whole test when its four minutes are up.
const actionTimeout = time.Minute

func MustBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := MustChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.WindowSize(winW, winH),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.Flag("lang", "en-GB"),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to sandbox as root
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)

	b := &browser{t: t, ctx: ctx, base: base, dir: artifactDir(t), inflight: map[network.RequestID]string{}}
	chromedp.ListenTarget(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
				b.problems = append(b.problems, "console error: "+args(ev.Args))
			}
		case *runtime.EventExceptionThrown:
			b.problems = append(b.problems, "uncaught exception: "+ev.ExceptionDetails.Error())
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.LevelError {
				b.problems = append(b.problems, fmt.Sprintf("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			b.requests++
			b.urls = append(b.urls, ev.Request.URL)
			if ev.Type == network.ResourceTypeFetch || ev.Type == network.ResourceTypeXHR {
				b.inflight[ev.RequestID] = ev.Request.URL
			}
		case *network.EventLoadingFinished:
			delete(b.inflight, ev.RequestID)
		case *network.EventWebSocketCreated:
			b.urls = append(b.urls, ev.URL)
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 {
				b.problems = append(b.problems, fmt.Sprintf("HTTP %d for %s", int(ev.Response.Status), ev.Response.URL))
			}
		case *network.EventLoadingFailed:
			delete(b.inflight, ev.RequestID)
			b.problems = append(b.problems, fmt.Sprintf("request failed: %s (canceled %v, blocked %s)", ev.ErrorText, ev.Canceled, ev.BlockedReason))
		}
	})
	// Start the browser now, so its start-up is not counted in the first
	// step, with a fixed viewport (the window's size less its frame varies).
	// (On the tab's own context: the first run binds the browser to it.)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(winW, winH)); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	if r := os.Getenv("E2E_CPU_SLOWDOWN"); r != "" {
		rate, err := strconv.ParseFloat(r, 64)
		if err != nil || rate < 1 {
			t.Fatalf("E2E_CPU_SLOWDOWN=%q: want a factor of 1 or more", r)
		}
		b.run("slow the page's CPU", emulation.SetCPUThrottlingRate(rate))
	}
	t.Cleanup(func() { b.checkProblems(t) })
	return b
}

func args(list []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range list {
		if a.Description != "" {
			parts = append(parts, a.Description)
		} else {
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

func artifactDir(t *testing.T) string {
	dir := os.Getenv("E2E_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	dir = filepath.Join(dir, t.Name())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// run runs actions within actionTimeout, failing the test with what was
// being done and the state of the page.
func (b *browser) run(what string, actions ...chromedp.Action) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		b.t.Logf("the page when %q failed: %s", what, b.state())
		b.shot("failed")
		b.t.Fatalf("%s: %v", what, err)
	}
}

// state describes the page for a failure's log: which tabs and panels
// are shown, where it is scrolled, what has the focus, the status lines,
// and the fetches still unanswered.
func (b *browser) state() string {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	var st string
	err := chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify((() => {
		const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
		const text = (id) => document.getElementById(id)?.textContent.trim().slice(0, 160);
		const a = document.activeElement;
		return {
			url: location.pathname + location.hash, scrollY,
			focus: a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') : null,
			tabs: [...document.querySelectorAll('[role=tab][aria-selected=true]')].map((t) => t.id),
			panels: [...document.querySelectorAll('[role=tabpanel]')].filter(shown).map((p) => p.id),
			layout: document.getElementById('cy')?.dataset.layout,
			drawing: text('drawing-status'), map: text('map-status'), panel: text('panel-title'),
		};
	})())`, &st))
	if err != nil {
		st = "unreadable: " + err.Error()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return fmt.Sprintf("%s; fetches unanswered: %v", st, slices.Collect(maps.Values(b.inflight)))
}

// settle waits until the page has done reacting to what the test did: no
// fetch unanswered, the drawing laid out, and the page not scrolled for
// 300 ms (a smooth scroll the page began has ended). A click on coordinates
// taken while the page still moves lands elsewhere.
func (b *browser) settle(what string) {
	b.t.Helper()
	const still = 300 * time.Millisecond
	deadline := time.Now().Add(20 * time.Second)
	lastY, since := -1.0, time.Now()
	for {
		var st struct {
			Y      float64
			Layout string
		}
		b.eval("read where the page is", `({ Y: scrollY, Layout: document.getElementById('cy')?.dataset.layout ?? '' })`, &st)
		b.mu.Lock()
		inflight := len(b.inflight)
		b.mu.Unlock()
		now := time.Now()
		if st.Y != lastY || inflight > 0 || st.Layout == "running" {
			lastY, since = st.Y, now
		} else if now.Sub(since) >= still {
			return
		}
		if now.After(deadline) {
			b.t.Fatalf("%s: the page did not settle in 20 s: %s", what, b.state())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// openTab clicks a tab once the page has settled and waits until it is
// selected and its panel shown.
func (b *browser) openTab(id string) {
	b.t.Helper()
	b.settle("before the tab " + id)
	b.run("click the tab "+id, chromedp.Click("#"+id, chromedp.ByQuery))
	b.waitFor("the tab "+id+" open", fmt.Sprintf(`(() => {
		const tab = document.getElementById(%q);
		const panel = document.getElementById(tab.getAttribute('aria-controls'));
		return tab.getAttribute('aria-selected') === 'true' && panel.getClientRects().length > 0 && getComputedStyle(panel).visibility === 'visible';
	})()`, id))
}

// waitFor polls a JavaScript expression until it is true.
func (b *browser) waitFor(what, expr string) {
	b.t.Helper()
	var ok bool
	b.run("wait for "+what, chromedp.Poll(expr, &ok, chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
}

// text returns the visible text (innerText) of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	var s string
	b.run("read "+sel, chromedp.Text(sel, &s, chromedp.ByQuery, chromedp.NodeVisible))
	return s
}

func (b *browser) eval(what, expr string, out any) {
	b.t.Helper()
	b.run(what, chromedp.Evaluate(expr, out))
}

// shot saves the window as name.png in the artifacts and returns its path,
// once the drawing has settled.
func (b *browser) shot(name string) string {
	var png []byte
	var settled bool
	settle := chromedp.Poll(`document.getElementById('cy')?.dataset.layout !== 'running'`, &settled,
		chromedp.WithPollingTimeout(10*time.Second))
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, settle, chromedp.CaptureScreenshot(&png)); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	p := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", p)
	return p
}

// fullShot saves the whole page, not only the window, as name.png.
func (b *browser) fullShot(name string) {
	var png []byte
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", p)
}

// type_ types text into the input sel as keystrokes.
func (b *browser) type_(sel, text string) {
	b.t.Helper()
	b.waitFor(sel+" shown", fmt.Sprintf(`document.querySelector(%q)?.getClientRects().length > 0`, sel))
	b.run("type into "+sel, chromedp.Click(sel, chromedp.ByQuery, chromedp.NodeVisible),
		chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).value = ''`, sel), nil),
		chromedp.SendKeys(sel, text, chromedp.ByQuery))
}

// pick types text into a combobox and clicks the suggestion whose label is label.
func (b *browser) pick(input, list, text, label string) {
	b.t.Helper()
	b.type_(input, text)
	opt := fmt.Sprintf(`[...document.querySelectorAll(%q)].find((li) => li.querySelector('.opt-label')?.textContent === %q)`,
		list+" [role=option]", label)
	// Wait for the suggestions for the whole text: those for a part of it
	// may come first, and be replaced while we click.
	b.waitFor("the suggestion "+label, opt+` !== undefined && !document.querySelector(`+fmt.Sprintf("%q", list)+`).hidden && document.querySelector(`+fmt.Sprintf("%q", list)+`).dataset.for === `+fmt.Sprintf("%q", text))
	b.run("click the suggestion "+label, chromedp.Evaluate(opt+`.setAttribute('data-e2e-pick', '')`, nil),
		chromedp.Click(list+" [data-e2e-pick]", chromedp.ByQuery, chromedp.NodeVisible))
}

func (b *browser) mustContain(where, got string, want ...string) {
	b.t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.t.Errorf("%s: want %q in\n%s", where, w, got)
		}
	}
}

// clickNode clicks a node of the drawing where it is drawn on the canvas.
func (b *browser) clickNode(id string) {
	b.t.Helper()
	b.waitFor("the drawing to settle", `document.getElementById('cy').dataset.layout === 'done'`)
	var pos struct{ X, Y float64 }
	b.eval("find node "+id+" on the canvas", fmt.Sprintf(`(() => {
		const n = citynetExplorer.cy.getElementById(%q);
		const box = document.getElementById('cy').getBoundingClientRect();
		const p = n.renderedPosition();
		return { X: box.left + p.x, Y: box.top + p.y };
	})()`, id), &pos)
	b.run("click node "+id, chromedp.MouseClickXY(pos.X, pos.Y))
}

// highlighted lists the ids the drawing marks.
func (b *browser) highlighted() []string {
	var ids []string
	b.eval("read the highlight", `citynetExplorer.cy.elements('node.hl').map((n) => n.id()).sort()`, &ids)
	return ids
}

// step runs f as a subtest whose failures the browser's helpers report.
func (b *browser) step(name string, f func(t *testing.T)) {
	parent := b.t
	parent.Run(name, func(t *testing.T) {
		b.t = t
		defer func() { b.t = parent }()
		defer b.checkProblems(t) // also after a t.Fatal
		f(t)
	})
}

// lowContrast lists the visible text on the page whose colour is below
// WCAG AA contrast on the background behind it (4.5:1; 3:1 for large
// text), each as "text: ratio". Disabled controls are exempt, as WCAG has
// them.
func (b *browser) lowContrast() []string {
	b.t.Helper()
	var out []string
	b.eval("contrast", `(() => {
		const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
		const lum = ([r, g, b]) => {
			const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
			return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
		};
		// The first opaque background behind el (the page is opaque at the root).
		const behind = (el) => {
			for (let e = el; e; e = e.parentElement) {
				const c = rgb(getComputedStyle(e).backgroundColor);
				if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
			}
			return [255, 255, 255];
		};
		const out = [];
		for (const el of document.querySelectorAll('body *')) {
			const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
			if (!own || !el.getClientRects().length || el.closest('[hidden], .visually-hidden, .skip, #cy, :disabled')) continue;
			const st = getComputedStyle(el);
			if (st.visibility === 'hidden') continue;
			const [l1, l2] = [lum(rgb(st.color)), lum(behind(el))].sort((x, y) => y - x);
			const ratio = (l1 + 0.05) / (l2 + 0.05);
			const size = parseFloat(st.fontSize), bold = +st.fontWeight >= 700;
			const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
			if (ratio < need) out.push(el.textContent.trim().slice(0, 40) + ': ' + ratio.toFixed(2));
		}
		return out;
	})()`, &out)
	return out
}

// axeViolations runs axe-core (Deque's accessibility engine, a dev
// dependency of the explorer) on the page as it is, with the WCAG 2.x A and
// AA rules, and returns each violation as "rule: description (n elements:
// first target)". Disabled controls and the canvas are axe's own business.
func (b *browser) axeViolations() []string {
	b.t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		b.t.Fatalf("axe-core: %v (run npm ci in web/explorer)", err)
	}
	var out []string
	run := chromedp.Evaluate(`(async () => {
		const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ' elements: ' + v.nodes[0].target.join(' ') + ')');
	})()`, &out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
	b.run("axe", chromedp.Evaluate(string(src), nil), run)
	return out
}

// download runs action, which should make the page save a file, and
// returns the file's suggested name and content.
func (b *browser) download(what string, action chromedp.Action) (string, []byte) {
	b.t.Helper()
	dir := b.t.TempDir()
	type done struct{ name, path string }
	got := make(chan done, 1)
	names := map[string]string{}
	var mu sync.Mutex
	ctx, cancel := context.WithCancel(b.ctx)
	defer cancel()
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *cdpbrowser.EventDownloadWillBegin:
			names[ev.GUID] = ev.SuggestedFilename
		case *cdpbrowser.EventDownloadProgress:
			if ev.State == cdpbrowser.DownloadProgressStateCompleted {
				select {
				case got <- done{names[ev.GUID], filepath.Join(dir, ev.GUID)}:
				default:
				}
			}
		}
	}
	// The events come to the session that asked for them: the page's.
	chromedp.ListenTarget(ctx, listen)
	b.run(what, cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName).
		WithDownloadPath(dir).WithEventsEnabled(true), action)
	select {
	case d := <-got:
		data, err := os.ReadFile(d.path)
		if err != nil {
			b.t.Fatalf("%s: %v", what, err)
		}
		return d.name, data
	case <-time.After(20 * time.Second):
		b.t.Fatalf("%s: no download completed", what)
	}
	return "", nil
}

// expected takes the problems that contain any of the given texts out of
// the record (a test that provokes them says which), and returns how many
// there were.
func (b *browser) expected(texts ...string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	kept := b.problems[:0]
	for _, p := range b.problems {
		match := false
		for _, t := range texts {
			match = match || strings.Contains(p, t)
		}
		if match {
			n++
		} else {
			kept = append(kept, p)
		}
	}
	b.problems = kept
	return n
}

// checkProblems fails t with every problem the page had since the last check.
func (b *browser) checkProblems(t *testing.T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		t.Errorf("page problem: %s", p)
	}
	b.problems = nil
}

// TestExplorer_Corpus walks through the explorer on the bundled corpus
// dataset as a researcher would: search, read a fact's source, click the
// drawing, and each ready answer.
func TestExplorer_Corpus(t *testing.T) {
	ds, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	authn, _, writeKey := MustKeys(t)
	base := MustServerWith(t, ds, server.Options{Auth: authn})
	b := MustBrowser(t, base)

	b.step("Start", func(t *testing.T) {
		b.run("open the page", chromedp.Navigate(b.base+"/"))
		b.waitFor("the first drawing", `document.body.dataset.ready === 'true'`)
		b.mustContain("drawing status", b.text("#drawing-status"), "around Poznań")
		b.mustContain("panel", b.text("#panel-title"), "Poznań")
		b.mustContain("legend", b.text("#legend"), "Poland", "network")
		// The layout keeps every node clear of the others and the centre
		// in the middle.
		var overlaps []string
		b.eval("overlapping nodes", `(() => {
			const ns = citynetExplorer.cy.nodes().toArray(), out = [];
			for (let i = 0; i < ns.length; i++) for (let j = i + 1; j < ns.length; j++) {
				const p = ns[i].position(), q = ns[j].position();
				if (Math.hypot(p.x - q.x, p.y - q.y) < (ns[i].data('size') + ns[j].data('size')) / 2) out.push(ns[i].id() + ' ' + ns[j].id());
			}
			return out;
		})()`, &overlaps)
		if len(overlaps) > 0 {
			t.Errorf("overlapping nodes: %v", overlaps)
		}
		var centre []float64
		b.eval("the centre", `Object.values(citynetExplorer.cy.getElementById('poznan').position())`, &centre)
		if len(centre) != 2 || centre[0] != 0 || centre[1] != 0 {
			t.Errorf("Poznań at %v, want the origin", centre)
		}
		if low := b.lowContrast(); len(low) > 0 {
			t.Errorf("text below WCAG AA contrast: %q", low)
		}
		if v := b.axeViolations(); len(v) > 0 {
			t.Errorf("axe (WCAG 2.1 A/AA): %d violations:\n%s", len(v), strings.Join(v, "\n"))
		}
		b.shot("01-start")
	})

	b.step("SearchSuggestsInflectedForms", func(t *testing.T) {
		b.type_("#search-input", "Krakowa")
		// (Suggestions may come for "Krak" first, as a person types.)
		b.waitFor("suggestions for Krakowa", `!document.getElementById('search-list').hidden && document.getElementById('search-list').dataset.for === 'Krakowa'`)
		got := b.text("#search-list")
		b.mustContain("suggestions for Krakowa", got, "Kraków", "matched “Krakowa”")
		b.shot("02-suggestions")
		b.run("pick the first suggestion", chromedp.Click("#search-list [role=option]", chromedp.ByQuery, chromedp.NodeVisible))
		b.waitFor("Kraków's panel", `document.getElementById('panel-title').textContent === 'Kraków'`)
		b.waitFor("Kraków's drawing", `location.hash === '#krakow' && citynetExplorer.cy.getElementById('krakow').hasClass('center')`)
		b.mustContain("Kraków's panel", b.text("#panel-body"), "Local name", "Kraków", "EUROCITIES", "Sources about this city")
	})

	b.step("PanelQuotesTheSource", func(t *testing.T) {
		b.pick("#search-input", "#search-list", "Bydgoszcz", "Bydgoszcz")
		b.waitFor("Bydgoszcz's panel", `document.getElementById('panel-title').textContent === 'Bydgoszcz'`)
		panel := b.text("#panel-body")
		b.mustContain("Bydgoszcz's panel", panel,
			"English name", "Local name", "Poland",
			"EUROCITIES · 2005-11 – now · full member",
			"“Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.”",
			"000_cb11e9c30785db29.txt", "Urząd Miasta Bydgoszczy")
		// The README's picture: the drawing coloured by country and a fact
		// with its source (the keyboard focus ring taken off the heading).
		b.waitFor("the focus on the heading", `document.activeElement.id === 'panel-title'`)
		b.run("blur", chromedp.Evaluate(`document.activeElement.blur()`, nil))
		p := b.shot("03-bydgoszcz")
		if *updateDocs {
			copyFile(t, p, filepath.Join("..", "..", "..", "docs", "explorer.png"))
		}
	})

	b.step("DocumentSupports", func(t *testing.T) {
		// From a quote to its document, and what else the document says.
		b.run("open the document", chromedp.Click(`#panel-body .cites cite button[data-details="bydgoszcz-eurocities"]`, chromedp.ByQuery))
		b.waitFor("the document's table", `document.getElementById('panel-title').textContent === 'EUROCITIES' && document.querySelector('#panel-body .paged table') !== null`)
		b.mustContain("document panel", b.text("#panel-body"), "document · bydgoszcz-eurocities", "000_cb11e9c30785db29.txt",
			"What this document supports", "1–20 of 53", "country", "Poland")
		if got := b.text("#drawing-status"); !strings.Contains(got, "around Bydgoszcz") {
			t.Errorf("opening a document redrew the drawing: %q", got)
		}
		b.run("page 2", chromedp.Click(`#panel-body .pager button:last-child`, chromedp.ByQuery))
		b.waitFor("page 2", `document.querySelector('#panel-body .range')?.textContent === '21–40 of 53'`)
		b.mustContain("page 2", b.text("#panel-body table"), "membership", "Bydgoszcz member of EUROCITIES since 2005-11",
			"“Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.”")
		if v := b.axeViolations(); len(v) > 0 {
			t.Errorf("axe (WCAG 2.1 A/AA): %d violations:\n%s", len(v), strings.Join(v, "\n"))
		}
		b.shot("04-document")
	})

	b.step("ClickNodeOnCanvas", func(t *testing.T) {
		b.clickNode("eurocities")
		// (The document open before is titled EUROCITIES too: wait for the network.)
		b.waitFor("EUROCITIES' panel", `document.querySelector('#panel-body .kind')?.textContent === 'network · eurocities'`)
		b.waitFor("the member table", `document.querySelector('#panel-body .paged table') !== null`)
		b.mustContain("EUROCITIES' panel", b.text("#panel-body"), "Founded", "1986", "Members (11)", "Bydgoszcz", "2005-11", "1–11 of 11")
		b.shot("05-eurocities")
	})

	b.step("CitiesSharingNetworks", func(t *testing.T) {
		b.run("scroll to the answers", chromedp.ScrollIntoView("#answers", chromedp.ByQuery))
		// N with the keyboard, as on any range input: 3 finds none, 2 finds Kraków–Poznań.
		b.run("N = 3", chromedp.Focus("#min-shared", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowRight))
		b.waitFor("no pair for N=3", `document.getElementById('pairs-result').textContent.includes('No two cities share 3 networks')`)
		b.run("N = 2", chromedp.KeyEvent(kb.ArrowLeft))
		b.waitFor("pairs for N=2", `document.querySelector('#pairs-result table')?.textContent.includes('Kraków – Poznań')`)
		table := b.text("#pairs-result")
		b.mustContain("pairs table", table, "Kraków – Poznań", "EUROCITIES", "ECM", "1–1 of 1")
		b.run("click the pair", chromedp.Click(`#pairs-result button.pair[data-a="krakow"][data-b="poznan"]`, chromedp.ByQuery))
		b.waitFor("the pair highlighted", `citynetExplorer.cy.elements('node.hl').length === 4`)
		got := strings.Join(b.highlighted(), " ")
		if want := "eurocities european-cities-marketing krakow poznan"; got != want {
			t.Errorf("highlighted: got %q, want %q", got, want)
		}
		b.mustContain("drawing status", b.text("#drawing-status"), "Kraków and Poznań share 2 networks: EUROCITIES, European Cities Marketing")
		// The page then opens Kraków's details and scrolls to the drawing.
		b.waitFor("Kraków's details", `document.getElementById('panel-title').textContent === 'Kraków'`)
		b.settle("after the pair")
		b.run("back to the top", chromedp.Evaluate(`window.scrollTo(0, 0)`, nil))
		b.shot("05-pair")
	})

	b.step("ShortestConnection", func(t *testing.T) {
		b.openTab("tab-path")
		b.pick("#path-from", "#path-from-list", "Bialystok", "Białystok")
		b.pick("#path-to", "#path-to-list", "Barcelona", "Barcelona")
		b.run("find", chromedp.Click(`#path-form button[type=submit]`, chromedp.ByQuery))
		b.waitFor("the path", `document.querySelector('#path-result ol.path') !== null && citynetExplorer.cy.elements('node.hl').length === 3`)
		b.mustContain("path", b.text("#path-result"), "2 steps", "Białystok — member of → EUROCITIES", "EUROCITIES ← founded — Barcelona")
		if got := strings.Join(b.highlighted(), " "); got != "barcelona bialystok eurocities" {
			t.Errorf("highlighted: got %q, want the path's three nodes", got)
		}
		b.fullShot("06-path")
	})

	b.step("NetworkOverlap", func(t *testing.T) {
		b.openTab("tab-overlap")
		b.waitFor("the heat map", `document.querySelector('#overlap-result table.heat tbody tr') !== null`)
		var n int
		b.eval("count rows", `document.querySelectorAll('#overlap-result table.heat tbody tr').length`, &n)
		if n != 20 {
			t.Errorf("heat map rows: got %d, want the 20 largest networks", n)
		}
		// EUROCITIES and ECM share two members (Kraków, Poznań).
		var cell string
		b.eval("read a cell", `document.querySelector('#overlap-result table.heat tbody tr:nth-child(1) td:nth-of-type(2)').textContent`, &cell)
		if cell != "2" {
			t.Errorf("EUROCITIES × ECM: got %q, want 2", cell)
		}
		// Shaded cells keep their numbers readable, in both measures.
		if low := b.lowContrast(); len(low) > 0 {
			t.Errorf("text below WCAG AA contrast: %q", low)
		}
		if v := b.axeViolations(); len(v) > 0 {
			t.Errorf("axe (WCAG 2.1 A/AA): %d violations:\n%s", len(v), strings.Join(v, "\n"))
		}
		b.run("Jaccard", chromedp.Click(`input[name=overlap-measure][value=jaccard]`, chromedp.ByQuery))
		b.waitFor("the Jaccard caption", `document.querySelector('#overlap-result caption').textContent.startsWith('Jaccard')`)
		if low := b.lowContrast(); len(low) > 0 {
			t.Errorf("text below WCAG AA contrast: %q", low)
		}
		b.fullShot("07-overlap")
	})

	b.step("JoinsPerYear", func(t *testing.T) {
		b.openTab("tab-timeline")
		b.waitFor("the bars", `document.querySelectorAll('#timeline-result rect.bar').length === 2`)
		b.mustContain("timeline", b.text("#timeline-result"), "2 memberships began between 2005 and 2017", "39 more have no year")
		b.run("click 2005", chromedp.Click(`#timeline-result rect.bar[data-year="2005"]`, chromedp.ByQuery))
		b.waitFor("cities of 2005", `document.querySelector('#timeline-cities table')?.textContent.includes('Bydgoszcz')`)
		b.mustContain("joined in 2005", b.text("#timeline-cities"), "Joined in 2005", "Bydgoszcz", "EUROCITIES (2005-11)")
		b.fullShot("08-timeline")
	})

	b.step("DrawingAsTable", func(t *testing.T) {
		b.openTab("tab-table")
		b.waitFor("the table", `document.querySelector('#table-result tbody tr') !== null`)
		var rows, nodes int
		b.eval("count", `document.querySelectorAll('#table-result tbody tr').length`, &rows)
		b.eval("count", `citynetExplorer.cy.nodes().length`, &nodes)
		if rows != nodes || rows == 0 {
			t.Errorf("table rows: got %d, want one per node drawn (%d)", rows, nodes)
		}
	})

	b.step("Keyboard", func(t *testing.T) {
		// From the top of the page: Tab reaches the skip link, Enter jumps to
		// the search box, ↓ and Enter pick a suggestion, and the focus lands
		// on the details' heading.
		b.run("load the page anew", chromedp.Navigate("about:blank"), chromedp.Navigate(b.base+"/#bialystok"))
		b.waitFor("ready", `document.body.dataset.ready === 'true'`)
		b.run("tab to the skip link", chromedp.KeyEvent(kb.Tab))
		var active string
		b.eval("focus", `document.activeElement.textContent`, &active)
		if active != "Skip to search" {
			t.Errorf("first Tab: focus on %q, want the skip link", active)
		}
		b.run("follow it", chromedp.KeyEvent(kb.Enter))
		b.waitFor("the focus in the search box", `document.activeElement.id === 'search-input'`)
		b.run("type", chromedp.KeyEvent("poznan"))
		b.waitFor("suggestions", `!document.getElementById('search-list').hidden && document.getElementById('search-list').dataset.for === 'poznan'`)
		b.run("choose", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
		b.waitFor("Poznań's panel focused", `document.activeElement.id === 'panel-title' && document.activeElement.textContent === 'Poznań'`)
		b.run("Escape closes the panel", chromedp.KeyEvent(kb.Escape))
		b.waitFor("closed", `document.getElementById('panel-title').textContent === 'Details' && document.activeElement.id === 'search-input'`)
	})

	b.step("BadInput", func(t *testing.T) {
		// A search that matches nothing says so, and nothing is picked.
		before := b.text("#panel-title")
		b.type_("#search-input", "zzqxw")
		b.waitFor("no suggestion", `document.querySelector('#search-list li.none')?.textContent === 'Nothing matches “zzqxw”'`)
		b.run("Enter picks nothing", chromedp.KeyEvent(kb.Enter), chromedp.Sleep(200*time.Millisecond))
		if got := b.text("#panel-title"); got != before {
			t.Errorf("after Enter on no suggestion the panel shows %q, want %q still", got, before)
		}

		// The shortest connection: a name that matches nothing, and two
		// cities further apart than the hops allowed.
		b.openTab("tab-path")
		b.pick("#path-to", "#path-to-list", "Dubrovnik", "Dubrovnik")
		b.run("unknown From", chromedp.SetValue("#path-from", "zzqxw", chromedp.ByQuery),
			chromedp.Click(`#path-form button[type=submit]`, chromedp.ByQuery))
		b.waitFor("the refusal", `document.getElementById('path-result').textContent === 'Nothing matches “zzqxw”.'`)
		b.pick("#path-from", "#path-from-list", "Bialystok", "Białystok")
		b.run("2 hops", chromedp.SetValue("#path-hops", "2", chromedp.ByQuery),
			chromedp.Click(`#path-form button[type=submit]`, chromedp.ByQuery))
		b.waitFor("no connection", `document.getElementById('path-result').textContent === 'No connection between Białystok and Dubrovnik within 2 hops.'`)

		// A link to a node that does not exist: the page says so and draws
		// the usual start instead.
		b.run("open a dead link", chromedp.Navigate("about:blank"), chromedp.Navigate(b.base+"/#no-such-city"))
		b.waitFor("ready", `document.body.dataset.ready === 'true'`)
		b.mustContain("message", b.text("#message"), `no node with id "no-such-city"`, "(NOT_FOUND)")
		b.mustContain("drawing status", b.text("#drawing-status"), "around Poznań")
		b.run("dismiss", chromedp.Click("#message button", chromedp.ByQuery))
	})

	b.step("Downloads", func(t *testing.T) {
		// The drawing as a picture, and the whole graph for other tools.
		name, png := b.download("save the drawing", chromedp.Click("#save-png", chromedp.ByQuery))
		if name != "citynet-poznan.png" || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 10_000 {
			t.Errorf("PNG: %q, %d bytes, starts %q", name, len(png), png[:min(8, len(png))])
		}
		name, graphml := b.download("export GraphML", chromedp.Click(`footer [data-export="/export/graphml"]`, chromedp.ByQuery))
		if name != "citynet.graphml" || !bytes.Contains(graphml, []byte("<graphml")) || !bytes.Contains(graphml, []byte(`"bydgoszcz"`)) {
			t.Errorf("GraphML: %q, %d bytes", name, len(graphml))
		}
		name, nodes := b.download("export the nodes", chromedp.Click(`footer [data-export="/export/nodes.csv"]`, chromedp.ByQuery))
		if name != "citynet-nodes.csv" || !bytes.Contains(nodes, []byte("bydgoszcz,")) {
			t.Errorf("nodes CSV: %q, %d bytes", name, len(nodes))
		}
	})

	b.step("LiveChanges", func(t *testing.T) {
		// A curator changes Bydgoszcz while its details are open: the page
		// says so (it is in view), and shows the new state on request.
		b.pick("#search-input", "#search-list", "Bydgoszcz", "Bydgoszcz")
		b.waitFor("Bydgoszcz's panel", `document.getElementById('panel-title').textContent === 'Bydgoszcz'`)
		b.waitFor("the change feed", `document.getElementById('changes').dataset.live === 'on'`)
		MustWrite(t, base, writeKey, `mutation { updateCity(id: "bydgoszcz", patch: {localName: "Bydgoszcz (Bromberg)"}) { city { id } } }`)
		b.waitFor("the notice", `!document.getElementById('changes').hidden`)
		b.mustContain("notice", b.text("#changes"), "cities: 1 updated", "1 of these is in view", "by e2e")
		b.shot("09-changes")
		if panel := b.text("#panel-body"); strings.Contains(panel, "Bromberg") {
			t.Error("the panel changed before the reader asked")
		}
		b.run("show the new state", chromedp.Click("#changes button.primary", chromedp.ByQuery))
		b.waitFor("the new local name", `document.getElementById('panel-body').textContent.includes('Bydgoszcz (Bromberg)')`)
		b.waitFor("the notice gone", `document.getElementById('changes').hidden`)
	})

	b.step("RelationshipFilter", func(t *testing.T) {
		// Without events, the drawing around Bydgoszcz has none; with them
		// again, they are back.
		b.waitFor("events drawn", `citynetExplorer.cy.nodes('[type = "EVENT"]').length > 0`)
		b.run("untick events", chromedp.Click("#rels summary", chromedp.ByQuery),
			chromedp.Click(`#rels input[value="HELD_IN,ORGANIZED,ATTENDED"]`, chromedp.ByQuery))
		b.waitFor("no events", `citynetExplorer.cy.nodes('[type = "EVENT"]').length === 0 && document.getElementById('cy').dataset.layout === 'done'`)
		b.mustContain("menu", b.text("#rels summary"), "Relationships (6 of 7)")
		if legend := b.text("#legend"); strings.Contains(legend, "event") {
			t.Errorf("legend still counts events: %q", legend)
		}
		b.shot("10-no-events")
		b.run("tick events", chromedp.Click(`#rels input[value="HELD_IN,ORGANIZED,ATTENDED"]`, chromedp.ByQuery))
		b.waitFor("events back", `citynetExplorer.cy.nodes('[type = "EVENT"]').length > 0`)
		if got := b.text("#rels summary"); got != "Relationships" {
			t.Errorf("menu: %q, want Relationships", got)
		}
		b.run("Escape closes the menu", chromedp.KeyEvent(kb.Escape))
		b.waitFor("the menu closed, its button focused", `!document.getElementById('rels').open && document.activeElement === document.querySelector('#rels summary')`)
	})

	b.step("QueryInGraphiQL", func(t *testing.T) {
		// Every answer shows the query behind it; "Open in GraphiQL" opens
		// it there, variables included, ready to run.
		b.openTab("tab-pairs")
		b.run("show the pairs' query", chromedp.Click("#pairs-result details.query summary", chromedp.ByQuery))
		b.mustContain("query", b.text("#pairs-result details.query"),
			"query ExplorerCityPairs($minShared: Int!", `"minShared": 2`, "Open in GraphiQL")
		b.mustContain("drawing's query", b.text("#drawing-query"), "The GraphQL query behind this")
		var href string
		b.eval("the link", `document.querySelector('#pairs-result details.query a').getAttribute('href')`, &href)
		if !strings.HasPrefix(href, "/graphql#query=") {
			t.Fatalf("Open in GraphiQL: %q", href)
		}
		b.run("open GraphiQL", chromedp.Navigate(b.base+href))
		b.waitFor("the query in the editor", `document.querySelector('.graphiql-query-editor')?.textContent.includes('ExplorerCityPairs')`)
		b.waitFor("the variables", `[...document.querySelectorAll('.graphiql-editor-tool .CodeMirror, .graphiql-editor-tool')].some((e) => e.textContent.includes('minShared'))`)
		b.run("run it", chromedp.Click(".graphiql-execute-button", chromedp.ByQuery))
		b.waitFor("Kraków–Poznań in the answer", `document.querySelector('.graphiql-response')?.textContent.includes('"sharedCount": 2')`)
		b.shot("11-graphiql")
		b.run("back to the explorer", chromedp.Navigate(b.base+"/#poznan"))
		b.waitFor("ready", `document.body.dataset.ready === 'true'`)
	})

	b.step("NarrowScreen", func(t *testing.T) {
		// On a phone-sized screen the page is one column and nothing
		// sticks out sideways.
		b.run("a narrow window", chromedp.EmulateViewport(400, 860), chromedp.Navigate("about:blank"), chromedp.Navigate(b.base+"/#bydgoszcz"))
		b.waitFor("ready", `document.body.dataset.ready === 'true'`)
		var overflow []string
		b.eval("what sticks out", `[...document.querySelectorAll('body *')].filter((e) => {
			const r = e.getBoundingClientRect();
			return r.width > 0 && r.right > document.documentElement.clientWidth + 1 && !e.closest('.heat-wrap, pre, [hidden]');
		}).slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '') + ' ' + Math.round(e.getBoundingClientRect().right))`, &overflow)
		if len(overflow) > 0 {
			t.Errorf("wider than the screen (%d px): %q", 400, overflow)
		}
		b.fullShot("12-narrow")
		b.run("back to a wide window", chromedp.EmulateViewport(winW, winH))
	})

	b.step("NoErrorShown", func(t *testing.T) {
		var hidden bool
		b.eval("message box", `document.getElementById('message').hidden`, &hidden)
		if !hidden {
			t.Errorf("the page shows an error: %s", b.text("#message"))
		}
	})
}

// TestExplorer_Key: on a server whose reads need a key (READS=key), the
// page asks for one, says when it is refused, reads with it, and follows
// the change feed with it; the key stays in the tab.
func TestExplorer_Key(t *testing.T) {
	ds, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	authn, readKey, writeKey := MustKeys(t)
	base := MustServerWith(t, ds, server.Options{Auth: authn, ReadsNeedKey: true})
	b := MustBrowser(t, base)

	b.run("open the page", chromedp.Navigate(b.base+"/"))
	b.waitFor("the key prompt", `document.activeElement?.id === 'api-key'`)
	b.mustContain("prompt", b.text("#message"), "This server needs an API key to read the graph.")
	if v := b.axeViolations(); len(v) > 0 {
		t.Errorf("axe (WCAG 2.1 A/AA) on the key prompt: %d violations:\n%s", len(v), strings.Join(v, "\n"))
	}
	b.shot("01-key")
	b.run("a wrong key", chromedp.SendKeys("#api-key", "not-a-key"+kb.Enter, chromedp.ByQuery))
	b.waitFor("the refusal", `document.getElementById('message').textContent.includes('The API key was refused')`)
	b.run("the reader's key", chromedp.SendKeys("#api-key", readKey+kb.Enter, chromedp.ByQuery))
	b.waitFor("the drawing", `document.body.dataset.ready === 'true' && document.getElementById('drawing-status').textContent.includes('around Poznań')`)
	b.waitFor("the pairs, asked anew", `document.querySelector('#pairs-result table')?.textContent.includes('Kraków – Poznań')`)
	if n := b.expected("HTTP 401 for", "status of 401"); n == 0 {
		t.Error("no 401 was seen: did the server ask for a key?")
	}
	var leaked bool
	b.eval("where the key is", fmt.Sprintf(`localStorage.length > 0 || location.href.includes(%q) || document.cookie.includes(%q)`, readKey, readKey), &leaked)
	if leaked {
		t.Error("the key left the tab's sessionStorage (address, localStorage or a cookie)")
	}

	// The change feed authenticates with the same key.
	b.waitFor("the change feed", `document.getElementById('changes').dataset.live === 'on'`)
	MustWrite(t, base, writeKey, `mutation { updateMembership(city: "poznan", network: "eurocities", patch: {status: FULL_MEMBER}) { membership { status } } }`)
	b.waitFor("the notice", `document.getElementById('changes').dataset.changes === '1'`)
	b.mustContain("notice", b.text("#changes"), "memberships: 1 updated", "by e2e")
}

// TestExplorer_Acuto loads the explorer on the acuto preset (10,000
// cities): the drawing is capped and says what it left out, the largest
// drawing (1,000 nodes) does not hold the page for long, and the tables page.
func TestExplorer_Acuto(t *testing.T) {
	if testing.Short() {
		t.Skip("acuto: -short")
	}
	cfg, err := synth.Preset("acuto")
	if err != nil {
		t.Fatal(err)
	}
	b := MustBrowser(t, MustServer(t, synth.Generate(cfg)))

	// The longest task on the page's main thread (ms): what a person feels as a freeze.
	const watchLongTasks = `window.__longest = 0; new PerformanceObserver((l) => {
		for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
	}).observe({ type: 'longtask', buffered: true }); true`
	longest := func() float64 {
		var ms float64
		b.eval("longest task", `window.__longest`, &ms)
		return ms
	}

	start := time.Now()
	b.run("open the page", chromedp.Navigate(b.base+"/"), chromedp.Evaluate(watchLongTasks, nil))
	b.waitFor("the first drawing", `document.body.dataset.ready === 'true'`)
	t.Logf("first drawing after %v", time.Since(start).Round(time.Millisecond))
	var nodes, omitted int
	b.eval("nodes", `+document.getElementById('cy').dataset.nodes`, &nodes)
	b.eval("omitted", `+document.getElementById('cy').dataset.omitted`, &omitted)
	if nodes > 150 || omitted == 0 {
		t.Errorf("default drawing: %d nodes, %d omitted; want at most 150 and some omitted", nodes, omitted)
	}
	b.mustContain("status", b.text("#drawing-status"), "150 nodes", "left out", "cities")
	b.shot("01-start")

	// The largest drawing the page offers.
	start = time.Now()
	// SetValue fires the input and change events, as choosing does.
	b.run("1,000 nodes", chromedp.SetValue("#limit", "1000", chromedp.ByQuery))
	b.waitFor("the big drawing", `+document.getElementById('cy').dataset.nodes > 900`)
	took := time.Since(start)
	b.eval("nodes", `+document.getElementById('cy').dataset.nodes`, &nodes)
	b.mustContain("status", b.text("#drawing-status"), "1,000 nodes", "force-directed", "left out")
	t.Logf("1,000-node drawing after %v; longest main-thread task so far %.0f ms", took.Round(time.Millisecond), longest())
	// The layout ran in a Web Worker (the page's CSP let it start: a
	// refusal would be a logged error, which fails the test).
	var workers int
	b.eval("the layout worker", `performance.getEntriesByType('resource').filter((e) => /\/assets\/layout\.worker-[\w-]+\.js$/.test(e.name)).length`, &workers)
	if workers == 0 {
		t.Error("the layout's worker script was never loaded")
	}
	b.shot("02-thousand")

	// Search finds a synthetic city; the pairs table pages with its cursors.
	var name string
	b.eval("a city's name", `citynetExplorer.cy.nodes('[type = "CITY"]').last().data('label')`, &name)
	b.pick("#search-input", "#search-list", name, name)
	b.waitFor("its panel", fmt.Sprintf(`document.getElementById('panel-title').textContent === %q`, name))
	b.run("scroll to the answers", chromedp.ScrollIntoView("#answers", chromedp.ByQuery))
	b.waitFor("the pairs", `document.querySelector('#pairs-result .range')?.textContent.startsWith('1–20 of')`)
	first := b.text("#pairs-result tbody tr")
	b.run("next page", chromedp.Click(`#pairs-result .pager button:last-child`, chromedp.ByQuery))
	b.waitFor("page 2", `document.querySelector('#pairs-result .range')?.textContent.startsWith('21–40 of')`)
	if second := b.text("#pairs-result tbody tr"); second == first {
		t.Errorf("page 2 starts with page 1's pair %q", first)
	}
	b.run("previous page", chromedp.Click(`#pairs-result .pager button:first-child`, chromedp.ByQuery))
	b.waitFor("page 1 again", `document.querySelector('#pairs-result .range')?.textContent.startsWith('1–20 of')`)
	b.fullShot("03-pairs")
	b.openTab("tab-overlap")
	b.waitFor("the heat map", `document.querySelectorAll('#overlap-result table.heat tbody tr').length === 20`)
	b.openTab("tab-timeline")
	b.waitFor("the bars", `document.querySelectorAll('#timeline-result rect.bar').length > 50`)
	b.fullShot("04-timeline")
	// The drawing as a table pages too: 100 nodes at a time.
	b.openTab("tab-table")
	b.waitFor("its first page", `/^1–100 of \d/.test(document.querySelector('#table-result .range')?.textContent ?? '') && document.querySelectorAll('#table-result tbody tr').length === 100`)
	b.run("next page", chromedp.Click(`#table-result .pager button:last-child`, chromedp.ByQuery))
	b.waitFor("its second page", `document.querySelector('#table-result .range')?.textContent.startsWith('101–200 of')`)
	t.Logf("longest main-thread task: %.0f ms; %d requests", longest(), b.requests)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", to)
}
