package documents

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"citynet/graph"
)

// fakeModel serves an OpenAI-compatible /chat/completions answering
// content (a JSON text) and records what it was sent.
type fakeModel struct {
	content string
	status  int
	delay   time.Duration
	calls   atomic.Int32
	auth    atomic.Value
	body    atomic.Value
}

func (f *fakeModel) serve(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		b, _ := io.ReadAll(r.Body)
		f.body.Store(string(b))
		f.auth.Store(r.Header.Get("Authorization"))
		if f.delay > 0 {
			select {
			case <-time.After(f.delay):
			case <-r.Context().Done():
				return
			}
		}
		if f.status != 0 {
			w.WriteHeader(f.status)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]string{"role": "assistant", "content": f.content}}}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

const llmPage = "Organizacje\n\nMiasto Kutno jest członkiem Związku Miast Polskich od 1991 roku.\n\nW ubiegłym roku do sieci Cittaslow trafiły też Łęczyca i Żychlin, co ogłoszono w marcu 2019 r.\n\nCzłonkostwo Krakowa w Eurocities to ważny krok.\n"

// modelRun lists ExtractWith's memberships as "city|network|since".
func modelRun(t *testing.T, llm *LLM, text string) ([]string, int, error) {
	t.Helper()
	doc := &graph.Document{SourceID: "doc", Text: text, Hash: graph.ContentHash(text)}
	props, dropped, err := ExtractWith(context.Background(), llm, nil, doc, Meta{SourceID: "doc", Language: "pl", Title: "Organizacje"}, nil)
	return membershipRows(t, doc, props), dropped, err
}

func answer(ms ...llmMembership) string {
	b, _ := json.Marshal(map[string]any{"memberships": ms})
	return string(b)
}

// TestLLM_ExtractWith: the model's memberships join the rules' when their
// quote is the page's own text and names both parties; an invented
// quote, one that does not name the city, and a date the quote does not
// write are left out.
func TestLLM_ExtractWith(t *testing.T) {
	rulesOnly, _, err := modelRun(t, nil, llmPage)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Kutno|Związku Miast Polskich|1991"}; strings.Join(rulesOnly, ",") != strings.Join(want, ",") {
		t.Fatalf("the rules alone: got %v, want %v", rulesOnly, want)
	}
	quote := "W ubiegłym roku do sieci Cittaslow trafiły też Łęczyca i Żychlin, co ogłoszono w marcu 2019 r."
	f := &fakeModel{content: answer(
		llmMembership{City: "Łęczyca", Network: "sieci Cittaslow", Since: "", Quote: quote},
		llmMembership{City: "Żychlin", Network: "sieci Cittaslow", Since: "2018", Quote: quote},                                                                           // a year the quote does not write: dropped, the membership kept
		llmMembership{City: "Kutno", Network: "Związku Miast Polskich", Since: "od 1991 roku", Quote: "Miasto Kutno jest członkiem Związku Miast Polskich od 1991 roku."}, // the rules' own: one proposal
		llmMembership{City: "Ozorków", Network: "Cittaslow", Quote: "Ozorków należy do sieci Cittaslow."},                                                                 // invented
		llmMembership{City: "Zgierz", Network: "sieci Cittaslow", Quote: quote},                                                                                           // not named by the quote
		llmMembership{City: "Kraków", Network: "Eurocities", Quote: "Członkostwo Krakowa w Eurocities to ważny krok."},                                                    // inflected in the quote: named
		llmMembership{City: "Polska", Network: "Eurocities", Quote: "Członkostwo Krakowa w Eurocities to ważny krok."},                                                    // not a city (and not named)
	)}
	srv := f.serve(t)
	llm := &LLM{URL: srv.URL + "/v1/", Model: "test-model", Key: "sk-secret-0123456789"}
	got, dropped, err := modelRun(t, llm, llmPage)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Kraków|Eurocities|", "Kutno|Związku Miast Polskich|1991", "Łęczyca|Cittaslow|", "Żychlin|Cittaslow|"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %v, want %v", got, want)
	}
	if dropped != 3 {
		t.Errorf("dropped %d, want 3 (invented, unnamed, not a city)", dropped)
	}
	if a, _ := f.auth.Load().(string); a != "Bearer sk-secret-0123456789" {
		t.Errorf("Authorization %q", a)
	}
	var sent struct {
		Model          string            `json:"model"`
		ResponseFormat map[string]string `json:"response_format"`
		Messages       []struct{ Role, Content string }
	}
	if err := json.Unmarshal([]byte(f.body.Load().(string)), &sent); err != nil {
		t.Fatal(err)
	}
	if sent.Model != "test-model" || sent.ResponseFormat["type"] != "json_object" || len(sent.Messages) != 2 || !strings.Contains(sent.Messages[1].Content, "Miasto Kutno") {
		t.Errorf("request: %+v", sent)
	}
}

// TestLLM_Failures: when the model fails, the rules' proposals stand and
// the error says what failed without the key.
func TestLLM_Failures(t *testing.T) {
	rules, _, _ := modelRun(t, nil, llmPage)
	for _, c := range []struct {
		name  string
		model *fakeModel
		want  string
	}{
		{"ServerError", &fakeModel{status: http.StatusInternalServerError}, "model answered 500"},
		{"NotJSON", &fakeModel{content: "Here are the memberships: Kutno."}, "no JSON object"},
		{"TooSlow", &fakeModel{content: answer(), delay: 2 * time.Second}, "model request"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := c.model.serve(t)
			llm := &LLM{URL: srv.URL + "/v1", Model: "m", Key: "sk-secret-0123456789", Timeout: 200 * time.Millisecond}
			got, _, err := modelRun(t, llm, llmPage)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want it to say %q", err, c.want)
			}
			if strings.Contains(err.Error(), "sk-secret") {
				t.Errorf("the error holds the key: %v", err)
			}
			if strings.Join(got, ",") != strings.Join(rules, ",") {
				t.Errorf("got %v, want the rules' %v", got, rules)
			}
		})
	}
}

// TestLLM_Chunks: a long page is sent in pieces cut at line breaks, at
// most llmChunks requests.
func TestLLM_Chunks(t *testing.T) {
	line := strings.Repeat("Kutno ", 1000) + "\n"
	long := strings.Repeat(line, (llmChunk*6)/len(line))
	parts := chunks(long, llmChunk)
	if len(parts) < 6 || strings.Join(parts, "") != long {
		t.Fatalf("%d parts, joined equal: %v", len(parts), strings.Join(parts, "") == long)
	}
	for _, p := range parts {
		if len(p) > llmChunk || !strings.HasSuffix(p, "\n") {
			t.Fatalf("a part of %d bytes, ending %q", len(p), p[len(p)-1:])
		}
	}
	f := &fakeModel{content: answer()}
	srv := f.serve(t)
	if _, _, err := modelRun(t, &LLM{URL: srv.URL + "/v1", Model: "m"}, long); err != nil {
		t.Fatal(err)
	}
	if n := f.calls.Load(); n != llmChunks {
		t.Errorf("%d requests, want %d", n, llmChunks)
	}
}
