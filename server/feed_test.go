package server

import (
	"context"
	"testing"

	"citynet/graph"
)

// A subscriber that does not keep up is ended, and the writer never waits.
func TestFeed_SlowSubscriberIsEnded(t *testing.T) {
	f := newFeed()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	slow := f.Subscribe(ctx, nil)
	fast := f.Subscribe(ctx, nil)
	for i := range feedBuffer + 1 {
		f.publish(&graph.ChangeEvent{Version: string(rune('a' + i%26))})
		<-fast
	}
	n := 0
	for range slow {
		n++
	}
	if n != feedBuffer {
		t.Errorf("the slow subscriber got %d events before its end, want %d", n, feedBuffer)
	}
	if f.subscribers() != 1 {
		t.Errorf("subscribers: got %d, want the fast one", f.subscribers())
	}
	cancel()
	if _, open := <-fast; open {
		t.Error("a cancelled subscription's channel stays open")
	}
}

// Filters see every event and may drop or narrow it.
func TestFeed_Filter(t *testing.T) {
	f := newFeed()
	ch := f.Subscribe(context.Background(), func(e *graph.ChangeEvent) *graph.ChangeEvent { return e.Matching([]string{"cities"}, nil) })
	f.publish(&graph.ChangeEvent{Changes: []graph.RecordChange{{Ref: graph.MembershipRef("a", "n", ""), Kind: graph.Created}}})
	f.publish(&graph.ChangeEvent{Changes: []graph.RecordChange{
		{Ref: graph.MembershipRef("a", "n", ""), Kind: graph.Deleted}, {Ref: graph.NodeRef(graph.TypeCity, "a"), Kind: graph.Deleted}}})
	e := <-ch
	if len(e.Changes) != 1 || e.Changes[0].Section != "cities" {
		t.Errorf("got %+v, want only the city's change of the second event", e)
	}
	select {
	case e := <-ch:
		t.Errorf("an event the filter dropped was sent: %+v", e)
	default:
	}
}
