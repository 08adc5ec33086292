package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"citynet/data"
	"citynet/server"
)

const reviewPage = "EUROCITIES\n\nBydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.\n\nW Polsce członkami stowarzyszenia są: Gdańsk oraz Szczecin.\n"

// TestExplorer_Documents: a curator adds a page in the Documents view,
// gives a write key when asked, reads the text with its quotes marked,
// and accepts, edits and rejects the proposals beside it; the change feed
// announces the accepted fact.
func TestExplorer_Documents(t *testing.T) {
	ds, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	authn, _, writeKey := MustKeys(t)
	base := MustServerWith(t, ds, server.Options{Auth: authn})
	b := MustBrowser(t, base)
	proposal := func(text string) string {
		return fmt.Sprintf(`[...document.querySelectorAll('#proposals > li')].find((li) => li.querySelector('.summary').textContent.includes(%q))`, text)
	}
	click := func(what, li, button string) {
		b.run(what, chromedp.Evaluate(fmt.Sprintf(`[...%s.querySelectorAll('.actions button')].find((x) => x.textContent === %q).click()`, li, button), nil))
	}

	b.step("Add", func(t *testing.T) {
		b.run("open the page", chromedp.Navigate(b.base+"/"))
		b.waitFor("the page", `document.body.dataset.ready === 'true'`)
		b.waitFor("the feed", `document.getElementById('changes').dataset.live === 'on'`)
		b.mustContain("documents", b.text("#documents-list"), "No document has been added yet.")
		b.run("fill in the page", chromedp.Evaluate(fmt.Sprintf(`(() => {
			document.querySelector('#documents details').open = true;
			document.getElementById('doc-content').value = %q;
			document.getElementById('doc-title').value = 'EUROCITIES';
			document.getElementById('doc-retrieved').value = '2026-12-05';
		})()`, reviewPage), nil),
			chromedp.Click(`#document-form button[type=submit]`, chromedp.ByQuery, chromedp.NodeVisible))
		b.waitFor("the key prompt", `document.activeElement?.id === 'write-key'`)
		b.mustContain("prompt", b.text("#documents-status"), "Reviewing needs a write key.")
		b.expected("status of 401", "HTTP 401 for")
		b.run("the write key", chromedp.SendKeys("#write-key", writeKey+kb.Enter, chromedp.ByQuery))
		b.waitFor("the proposals", `document.querySelectorAll('#proposals > li').length === 3`)
		b.mustContain("status", b.text("#documents-status"), "Read: 3 proposed facts to review.")
		b.mustContain("proposals", b.text("#proposals"),
			"Bydgoszcz is a member of EUROCITIES since 2005-11", "Gdańsk is a member of EUROCITIES", "Szczecin is a member of EUROCITIES",
			"new city Szczecin (szczecin)", "Bydgoszcz (bydgoszcz, exact)")
		var marks []string
		b.eval("the marked quotes", `[...document.querySelectorAll('#doc-text mark')].map((m) => m.textContent)`, &marks)
		want := []string{"Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.", "W Polsce członkami stowarzyszenia są: Gdańsk oraz Szczecin."}
		if strings.Join(marks, "|") != strings.Join(want, "|") {
			t.Errorf("marked quotes: got %q, want %q", marks, want)
		}
		if v := b.axeViolations(); len(v) > 0 {
			t.Errorf("axe (WCAG 2.1 A/AA) on the Documents view: %d violations:\n%s", len(v), strings.Join(v, "\n"))
		}
		if low := b.lowContrast(); len(low) > 0 {
			t.Errorf("text below WCAG AA contrast: %q", low)
		}
		b.fullShot("documents-01-proposals")
	})

	b.step("QuoteHighlighted", func(t *testing.T) {
		b.run("show the Bydgoszcz proposal", chromedp.Evaluate(proposal("Bydgoszcz")+`.querySelector('.summary button').click()`, nil))
		var current []string
		b.eval("the current marks", `[...document.querySelectorAll('#doc-text mark.current')].map((m) => m.textContent)`, &current)
		if len(current) != 1 || !strings.HasPrefix(current[0], "Bydgoszcz jest") {
			t.Errorf("current marks: got %q, want the Bydgoszcz sentence", current)
		}
	})

	b.step("Accept", func(t *testing.T) {
		b.waitFor("the feed, listening again with the key", `document.getElementById('changes').dataset.live === 'on'`)
		click("accept Szczecin", proposal("Szczecin"), "Accept")
		b.waitFor("accepted", proposal("Szczecin")+`?.dataset.status === 'ACCEPTED'`)
		b.mustContain("status", b.text("#documents-status"), "Accepted: Szczecin is a member of EUROCITIES", "cities: 1 created", "memberships: 1 created")
		// The feed restarted with the key; the document's own source may
		// have been written before it was listening again.
		b.waitFor("the change feed", `Number(document.getElementById('changes').dataset.changes) >= 2`)
		b.mustContain("notice", b.text("#changes"), "cities: 1 created", "memberships: 1 created", "by e2e")
	})

	b.step("Edit", func(t *testing.T) {
		click("edit Bydgoszcz", proposal("Bydgoszcz"), "Edit")
		b.waitFor("the records", proposal("Bydgoszcz")+`.querySelector('textarea') !== null`)
		b.run("change the status", chromedp.Evaluate(proposal("Bydgoszcz")+`.querySelector('textarea').value = `+proposal("Bydgoszcz")+`.querySelector('textarea').value.replace('"FULL_MEMBER"', '"MEMBER"')`, nil),
			chromedp.Evaluate(proposal("Bydgoszcz")+`.querySelector('form.edit button').click()`, nil))
		b.waitFor("edited", `document.getElementById('documents-status').textContent.startsWith('Edited')`)
		resp, err := http.Post(b.base+"/graphql", "application/json", strings.NewReader(`{"query": "{ proposals(status: PENDING) { summary records } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Data struct {
				Proposals []struct{ Summary, Records string }
			}
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		records := ""
		for _, p := range out.Data.Proposals {
			if strings.HasPrefix(p.Summary, "Bydgoszcz") {
				records = p.Records
			}
		}
		if !strings.Contains(records, `"status":"MEMBER"`) {
			t.Errorf("records after the edit: %s", records)
		}
	})

	b.step("Reject", func(t *testing.T) {
		click("reject Gdańsk", proposal("Gdańsk"), "Reject")
		b.waitFor("rejected", proposal("Gdańsk")+`?.dataset.status === 'REJECTED'`)
		b.mustContain("status", b.text("#documents-status"), "Reading the document again will not propose it.")
		var disabled bool
		b.eval("its buttons", `[...`+proposal("Gdańsk")+`.querySelectorAll('.actions button')].every((x) => x.disabled)`, &disabled)
		if !disabled {
			t.Error("a rejected proposal's buttons are still enabled")
		}
		b.waitFor("the document's count", `document.getElementById('documents-list').textContent.includes('EUROCITIES — 1 of 3 proposals to review')`)
		b.fullShot("documents-02-reviewed")
	})
}
