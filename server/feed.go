package server

import (
	"context"
	"sync"

	"citynet/graph"
)

// feedBuffer is how many events a subscriber may fall behind before it is
// ended (it must refetch and subscribe again: events are not replayed).
const feedBuffer = 64

// feed fans committed writes out to subscribers. Publishing never blocks
// a write: a subscriber whose buffer is full is ended instead.
type feed struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

type subscriber struct {
	ch     chan *graph.ChangeEvent
	filter func(*graph.ChangeEvent) *graph.ChangeEvent
	closed bool
}

func newFeed() *feed { return &feed{subs: map[*subscriber]struct{}{}} }

// Subscribe implements resolvers.Feed.
func (f *feed) Subscribe(ctx context.Context, filter func(*graph.ChangeEvent) *graph.ChangeEvent) <-chan *graph.ChangeEvent {
	s := &subscriber{ch: make(chan *graph.ChangeEvent, feedBuffer), filter: filter}
	f.mu.Lock()
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	go func() {
		<-ctx.Done()
		f.mu.Lock()
		f.end(s)
		f.mu.Unlock()
	}()
	return s.ch
}

// end closes a subscriber's channel once; f.mu is held.
func (f *feed) end(s *subscriber) {
	if !s.closed {
		s.closed = true
		close(s.ch)
	}
	delete(f.subs, s)
}

// publish sends an event to every subscriber whose filter keeps it.
func (f *feed) publish(e *graph.ChangeEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		ev := e
		if s.filter != nil {
			if ev = s.filter(e); ev == nil {
				continue
			}
		}
		select {
		case s.ch <- ev:
		default:
			f.end(s) // too far behind
		}
	}
}

// subscribers counts the live subscriptions.
func (f *feed) subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

// publishingStore tells the feed of every committed write that changed
// something, with the graph's version after it.
type publishingStore struct {
	graph.Store
	feed *feed
}

func (s publishingStore) Apply(ctx context.Context, c *graph.Change) (*graph.ChangeResult, error) {
	res, err := s.Store.Apply(ctx, c)
	if err != nil || c.DryRun || len(res.Changes) == 0 {
		return res, err
	}
	v, verr := s.Store.Version(ctx)
	if verr != nil {
		v = ""
	}
	s.feed.publish(&graph.ChangeEvent{Version: v, At: res.At, By: c.By, Changes: res.Changes})
	return res, nil
}
