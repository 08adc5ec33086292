package documents

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"citynet/graph"
)

// LLM is the optional reader backed by a language model behind an
// OpenAI-compatible chat completions endpoint, configured by the
// operator (off when nil; see docs/documents.md,
// "The optional model-backed reader"). It adds memberships to the rules' proposals, never replaces
// them, and what it returns is held to the rules' standard: every quote
// must be a verbatim substring of the document and name the city and the
// network it is cited for, and a start date is kept only when the quote
// itself writes it. Anything else it says is dropped.
type LLM struct {
	// URL is the API's base, as OpenAI-compatible servers give it
	// ("https://api.example.com/v1"); "/chat/completions" is added.
	URL   string
	Model string
	// Key is sent as "Authorization: Bearer <Key>" when set. It is
	// never logged nor put in an error.
	Key string
	// Timeout bounds the model's whole reading of one document, every
	// request of it (default DefaultLLMTimeout): the document is read
	// inside its POST, whose answer must be written within the server's
	// write timeout. The model reads while the rules do.
	Timeout time.Duration
	// Client is the HTTP client (default http.DefaultClient).
	Client *http.Client
}

const (
	// DefaultLLMTimeout bounds the model's reading of one document;
	// MaxLLMTimeout is the most an operator may give it: the answer must
	// be written within the server's 60 s write timeout, and the model
	// reads while the rules do (15 s on the largest page here).
	DefaultLLMTimeout = 30 * time.Second
	MaxLLMTimeout     = 40 * time.Second
	// llmChunk is the most text sent in one request, in bytes, cut at a
	// line break; llmChunks the most requests for one document: a page
	// past llmChunk*llmChunks bytes is read by the rules alone beyond.
	llmChunk  = 48 << 10
	llmChunks = 4
	// llmAnswer is the most of an answer read.
	llmAnswer = 1 << 20
)

// llmMembership is one membership as the model states it.
type llmMembership struct {
	City    string `json:"city"`
	Network string `json:"network"`
	Since   string `json:"since"`
	Quote   string `json:"quote"`
}

const llmPrompt = `You read a web page about cities and the networks of cities they belong to (associations, unions, euroregions, networks such as EUROCITIES or Cittaslow). List every membership the page states: a city, town or commune that is, became or was admitted a member of a network. Not people, regions, districts, companies or events; not a network's own bodies; not a membership the page only plans, denies or supposes.

Answer with one JSON object: {"memberships": [{"city": "...", "network": "...", "since": "...", "quote": "..."}]}.
- "quote": one sentence or list item copied from the page character for character, which states the membership and names the city (or "the city"/"miasto" on the city's own page) and the network.
- "city" and "network": the names as the page writes them in that quote.
- "since": the start of the membership exactly as the quote writes it ("od listopada 2005 r.", "in 1995", "20.10.1995"), or "" when the quote gives none. Never a date the quote does not write.
An empty list when the page states none.`

// read asks the model for the memberships doc states.
func (l *LLM) read(ctx context.Context, doc *graph.Document, meta Meta) ([]llmMembership, error) {
	timeout := l.Timeout
	if timeout <= 0 {
		timeout = DefaultLLMTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var out []llmMembership
	for i, part := range chunks(doc.Text, llmChunk) {
		if i == llmChunks {
			break
		}
		ms, err := l.ask(ctx, meta, part)
		if err != nil {
			return out, err
		}
		out = append(out, ms...)
	}
	return out, nil
}

// chunks cuts text into pieces of at most n bytes, at line breaks where
// it can.
func chunks(text string, n int) []string {
	var out []string
	for len(text) > n {
		cut := strings.LastIndexByte(text[:n], '\n') + 1
		if cut <= 1 {
			cut = n
			for cut > 0 && !utf8.RuneStart(text[cut]) {
				cut--
			}
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	return append(out, text)
}

// ask sends one request and parses its answer.
func (l *LLM) ask(ctx context.Context, meta Meta, text string) ([]llmMembership, error) {
	page := fmt.Sprintf("Title: %s\nPublisher: %s\nLanguage: %s\n\n%s", meta.Title, meta.Publisher, meta.Language, text)
	body, err := json.Marshal(map[string]any{
		"model":           l.Model,
		"temperature":     0,
		"response_format": map[string]string{"type": "json_object"},
		"messages": []map[string]string{
			{"role": "system", "content": llmPrompt},
			{"role": "user", "content": page},
		},
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(l.URL, "/")+"/chat/completions", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if l.Key != "" {
		req.Header.Set("Authorization", "Bearer "+l.Key)
	}
	client := l.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// the URL is the operator's; the error holds no key
		return nil, fmt.Errorf("model request: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, llmAnswer+1))
	if err != nil {
		return nil, fmt.Errorf("model answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("model answered %s", resp.Status)
	}
	if len(raw) > llmAnswer {
		return nil, errors.New("model answer longer than 1 MiB")
	}
	var cc struct {
		Choices []struct {
			Message struct {
				Content string `json:"content"`
			} `json:"message"`
		} `json:"choices"`
	}
	if err := json.Unmarshal(raw, &cc); err != nil || len(cc.Choices) == 0 {
		return nil, errors.New("model answer is not a chat completion")
	}
	content := strings.TrimSpace(cc.Choices[0].Message.Content)
	// some servers wrap JSON in a Markdown fence despite response_format
	content = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(content, "```json"), "```"), "```")
	var ans struct {
		Memberships []llmMembership `json:"memberships"`
	}
	if err := json.Unmarshal([]byte(content), &ans); err != nil {
		return nil, errors.New("model answer holds no JSON object of memberships")
	}
	return ans.Memberships, nil
}

// modelMemberships adds the model's memberships that pass the checks (see
// LLM) to the reading, and returns how many were dropped.
func (r *reader) modelMemberships(ms []llmMembership) (dropped int) {
	for _, m := range ms {
		city, net := strings.TrimSpace(m.City), strings.TrimSpace(m.Network)
		at := strings.Index(r.text, m.Quote)
		if city == "" || net == "" || strings.TrimSpace(m.Quote) == "" || at < 0 {
			dropped++ // no quote, or one the page does not hold: invented
			continue
		}
		quote := r.text[at : at+len(m.Quote)]
		home := r.homeCity()
		if !namedIn(quote, net) || !namedIn(quote, city) && !(home != nil && namedIn(city, home.name) && cityWordRE.MatchString(quote)) {
			dropped++ // the quote does not name them: it does not support the fact
			continue
		}
		if r.g.known(graph.TypeCountry, city) || notACity(city) || r.g.known(graph.TypeCountry, net) {
			dropped++
			continue
		}
		var since graph.Date
		if ds := findDates(m.Since); len(ds) > 0 {
			for _, q := range findDates(quote) {
				if q.date == ds[0].date {
					since = q.date // written in the quote: kept
				}
			}
		}
		cres, c := r.g.resolve(graph.TypeCity, "city", city, "")
		nres, n := r.g.resolve(graph.TypeNetwork, "network", net, r.networkName(net))
		if c == n {
			dropped++
			continue
		}
		u := &unit{start: at, end: at + len(quote)}
		r.addMembershipOf(u, c, cres, n, nres, "", since, "", graph.StatusMember, 0.6, nil)
	}
	return dropped
}

// cityWordRE: words by which a city's own page names it in a quote.
var cityWordRE = regexp.MustCompile(`(?i)\b(?:miasto|gmina|nasze\s+miasto|the\s+city|our\s+city|the\s+town|our\s+town|the\s+municipality)\b`)

// namedIn reports whether text names name: its words in a row, each as
// written or inflected ("Krakowa" names "Kraków").
func namedIn(text, name string) bool {
	want := strings.Fields(graph.Fold(name))
	if len(want) == 0 {
		return false
	}
	words := strings.Fields(graph.Fold(strings.NewReplacer(",", " ", ".", " ", ";", " ", ":", " ", "(", " ", ")", " ", "„", " ", "”", " ", "\"", " ", "“", " ").Replace(text)))
	for i := 0; i+len(want) <= len(words); i++ {
		if graph.MatchFolded(strings.Join(words[i:i+len(want)], " "), strings.Join(want, " "), true) >= graph.ScoreInflected {
			return true
		}
	}
	return false
}

// ExtractWith is Extract with the optional model-backed reader: the
// rules' proposals and the model's that pass the checks, as one list
// (a membership both state is one proposal citing both). When the model
// fails (unreachable, too slow, an answer that is not JSON), the rules'
// proposals are returned with the error; dropped counts the model's
// memberships left out by the checks.
func ExtractWith(ctx context.Context, llm *LLM, ds *graph.Dataset, doc *graph.Document, meta Meta, skip map[string]bool) (props []*graph.Proposal, dropped int, err error) {
	if llm == nil {
		return Extract(ds, doc, meta, skip), 0, nil
	}
	// The model reads while the rules do: the document costs the longer
	// of the two, not their sum.
	type answer struct {
		ms  []llmMembership
		err error
	}
	c := make(chan answer, 1)
	go func() {
		ms, err := llm.read(ctx, doc, meta)
		c <- answer{ms, err}
	}()
	r := read(ds, doc, meta)
	a := <-c
	dropped = r.modelMemberships(a.ms)
	return r.proposals(doc, skip), dropped, a.err
}
