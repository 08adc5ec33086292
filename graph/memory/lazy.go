package memory

import (
	"context"
	"sync"
)

// lazy holds derived answers (a pair ranking, a centrality) computed on
// first use. A computation runs in the background, one at a time per lazy
// (a pair ranking of the x10 preset touches 361 million pairs: two at once
// would double the memory), and a caller waits for it only as long as its
// context allows: a request that times out gets its TIMEOUT then, not when
// the computation ends, and what was computed still serves the next
// caller.
type lazy[K comparable, V any] struct {
	mu     sync.Mutex // guards values
	run    sync.Mutex // one computation at a time
	values map[K]*lazyValue[V]
	// limit, when set, bounds the keys kept: a new key beyond it drops
	// the values already computed (the ones in progress stay).
	limit int
}

type lazyValue[V any] struct {
	done chan struct{} // closed once v is set
	v    V
}

func (e *lazyValue[V]) ready() bool {
	select {
	case <-e.done:
		return true
	default:
		return false
	}
}

// get returns the value for key, computing it if there is none yet, or if
// the one there is not enough for this caller (enough nil: any value is);
// compute gets the value being replaced (the zero V for none).
func (l *lazy[K, V]) get(ctx context.Context, key K, enough func(V) bool, compute func(prev V) V) (V, error) {
	for {
		l.mu.Lock()
		if l.values == nil {
			l.values = map[K]*lazyValue[V]{}
		}
		e := l.values[key]
		if e == nil && l.limit > 0 && len(l.values) >= l.limit {
			for k, v := range l.values {
				if v.ready() {
					delete(l.values, k)
				}
			}
		}
		if e == nil || e.ready() && enough != nil && !enough(e.v) {
			var prev V
			if e != nil {
				prev = e.v
			}
			e = &lazyValue[V]{done: make(chan struct{})}
			l.values[key] = e
			go func() {
				l.run.Lock()
				defer l.run.Unlock()
				e.v = compute(prev)
				close(e.done)
			}()
		}
		l.mu.Unlock()
		select {
		case <-e.done:
			if enough == nil || enough(e.v) {
				return e.v, nil
			}
			// Computed for a caller who needed less: ask again.
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
}
