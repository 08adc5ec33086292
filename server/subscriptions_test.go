package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

// wsClient speaks graphql-transport-ws to the test server.
type wsClient struct {
	tb   testing.TB
	conn *coderws.Conn
	ctx  context.Context
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// MustDial opens a graphql-transport-ws connection and sends
// connection_init with payload; header may carry Authorization or Origin.
func MustDial(tb testing.TB, url string, header http.Header, payload map[string]any) (*wsClient, error) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	tb.Cleanup(cancel)
	conn, _, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/graphql", &coderws.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: header})
	if err != nil {
		return nil, err
	}
	tb.Cleanup(func() { conn.CloseNow() })
	c := &wsClient{tb: tb, conn: conn, ctx: ctx}
	p, _ := json.Marshal(payload)
	c.send(wsMessage{Type: "connection_init", Payload: p})
	return c, nil
}

func (c *wsClient) send(m wsMessage) {
	c.tb.Helper()
	if err := wsjson.Write(c.ctx, c.conn, m); err != nil {
		c.tb.Fatalf("send %s: %v", m.Type, err)
	}
}

// next reads the next message that is not a ping.
func (c *wsClient) next() (wsMessage, error) {
	for {
		var m wsMessage
		if err := wsjson.Read(c.ctx, c.conn, &m); err != nil {
			return m, err
		}
		if m.Type == "ping" {
			c.send(wsMessage{Type: "pong"})
			continue
		}
		return m, nil
	}
}

func (c *wsClient) subscribe(id, query string) {
	c.tb.Helper()
	p, _ := json.Marshal(map[string]any{"query": query})
	c.send(wsMessage{ID: id, Type: "subscribe", Payload: p})
}

func (c *wsClient) mustAck() {
	c.tb.Helper()
	if m, err := c.next(); err != nil || m.Type != "connection_ack" {
		c.tb.Fatalf("after connection_init: got %+v, %v; want connection_ack", m, err)
	}
}

const graphChanged = `subscription($s: [String!], $ids: [ID!]) { graphChanged(sections: $s, ids: $ids) {
  version at by changes { section key change nodeType id } } }`

func TestSubscriptions_GraphChanged(t *testing.T) {
	s := MustImportServer(t, 0)
	all, err := MustDial(t, s.url, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	all.mustAck()
	all.subscribe("1", `subscription { graphChanged { version by changes { section key change nodeType id } } }`)
	echo, err := MustDial(t, s.url, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	echo.mustAck()
	p, _ := json.Marshal(map[string]any{"query": graphChanged, "variables": map[string]any{"ids": []string{"echo"}}})
	echo.send(wsMessage{ID: "e", Type: "subscribe", Payload: p})
	waitFor(t, func() bool { return s.feedSubscribers() == 2 })

	// A write on golf, then one on echo.
	if a := s.gql(t, s.write, `mutation { createCity(input: {id: "golf", name: "Golf", country: "AA"}) { city { id } } }`, nil); len(a.Errors) > 0 {
		t.Fatal(a.Errors)
	}
	if a := s.gql(t, s.write, `mutation { updateCity(id: "echo", patch: {localName: "Eko"}) { city { id } } }`, nil); len(a.Errors) > 0 {
		t.Fatal(a.Errors)
	}
	// A refused write and a dry run send nothing.
	s.gql(t, s.write, `mutation { createCity(input: {id: "golf", name: "Golf", country: "AA"}) { city { id } } }`, nil)
	s.gql(t, s.write, `mutation { deleteCity(id: "foxtrot", dryRun: true) { dryRun } }`, nil)

	type event struct {
		Data struct {
			GraphChanged struct {
				Version, By string
				Changes     []struct {
					Section, Change string
					Key             []string
					NodeType, ID    *string
				}
			}
		}
	}
	read := func(c *wsClient, id string) event {
		t.Helper()
		m, err := c.next()
		if err != nil || m.Type != "next" || m.ID != id {
			t.Fatalf("got %+v, %v; want a next message for %s", m, err, id)
		}
		var e event
		if err := json.Unmarshal(m.Payload, &e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	first, second := read(all, "1"), read(all, "1")
	g := first.Data.GraphChanged
	if g.By != "curator" || len(g.Changes) != 1 || g.Changes[0].Section != "cities" || g.Changes[0].Change != "CREATED" ||
		g.Changes[0].ID == nil || *g.Changes[0].ID != "golf" || *g.Changes[0].NodeType != "CITY" {
		t.Errorf("first event: got %+v", g)
	}
	if v, _ := s.store.Version(t.Context()); second.Data.GraphChanged.Version != v || first.Data.GraphChanged.Version == v {
		t.Errorf("versions: got %q then %q, store at %q", first.Data.GraphChanged.Version, second.Data.GraphChanged.Version, v)
	}
	// The filtered subscriber sees only the write on echo.
	if e := read(echo, "e").Data.GraphChanged; len(e.Changes) != 1 || e.Changes[0].Key[0] != "echo" || e.Changes[0].Change != "UPDATED" {
		t.Errorf("filtered event: got %+v", e)
	}
	// Nothing more: the refused write and the dry run published nothing.
	s.gql(t, s.write, `mutation { deleteCity(id: "foxtrot", cascade: true) { dryRun } }`, nil)
	if e := read(all, "1").Data.GraphChanged; len(e.Changes) == 0 || e.Changes[0].Key[0] != "foxtrot" {
		t.Errorf("the event after the refused write and the dry run: got %+v, want the foxtrot delete", e)
	}
	// complete ends the subscription.
	all.send(wsMessage{ID: "1", Type: "complete"})
	waitFor(t, func() bool { return s.feedSubscribers() == 1 })
}

func TestSubscriptions_ErrBadSection(t *testing.T) {
	s := MustImportServer(t, 0)
	c, err := MustDial(t, s.url, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.mustAck()
	c.subscribe("1", `subscription { graphChanged(sections: ["towns"]) { version } }`)
	m, err := c.next()
	// gqlgen sends a resolver's error as a next message with errors.
	if err != nil || (m.Type != "error" && m.Type != "next") || !strings.Contains(string(m.Payload), `"code":"BAD_USER_INPUT","field":"sections[0]"`) {
		t.Errorf("got %s %s, %v; want an error with BAD_USER_INPUT on sections[0]", m.Type, m.Payload, err)
	}
}

func TestSubscriptions_Credentials(t *testing.T) {
	s := MustImportServer(t, 0, func(o *Options) { o.ReadsNeedKey = true })
	// No credential: the connection is refused after connection_init.
	c, err := MustDial(t, s.url, nil, nil)
	if err == nil {
		if m, err := c.next(); err == nil && m.Type == "connection_ack" {
			t.Error("READS=key: a connection without a key was acknowledged")
		}
	}
	// A key in the payload, or in the header, is accepted.
	c, err = MustDial(t, s.url, nil, map[string]any{"Authorization": "Bearer " + s.read})
	if err != nil {
		t.Fatal(err)
	}
	c.mustAck()
	c, err = MustDial(t, s.url, http.Header{"Authorization": {"Bearer " + s.read}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.mustAck()
	// A wrong key in the payload is refused.
	c, err = MustDial(t, s.url, nil, map[string]any{"Authorization": "Bearer nope"})
	if err == nil {
		if m, err := c.next(); err == nil && m.Type == "connection_ack" {
			t.Error("a wrong key was acknowledged")
		}
	}
}

func TestSubscriptions_Origin(t *testing.T) {
	s := MustImportServer(t, 0)
	if _, err := MustDial(t, s.url, http.Header{"Origin": {"http://evil.example"}}, nil); err == nil {
		t.Error("a WebSocket from an origin outside CORS_ORIGINS was accepted")
	}
	c, err := MustDial(t, s.url, http.Header{"Origin": {"http://localhost:5173"}}, nil)
	if err != nil {
		t.Fatalf("a WebSocket from an allowed origin: %v", err)
	}
	c.mustAck()
}

func waitFor(tb testing.TB, cond func() bool) {
	tb.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	tb.Fatal("condition not met within 5 s")
}
