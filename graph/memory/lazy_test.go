package memory

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLazy_Get(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// Concurrent callers share one computation.
		var l lazy[string, int]
		var runs atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := l.get(context.Background(), "k", nil, func(int) int { runs.Add(1); return 42 })
				if v != 42 || err != nil {
					t.Errorf("get: %d, %v; want 42", v, err)
				}
			}()
		}
		wg.Wait()
		if n := runs.Load(); n != 1 {
			t.Errorf("computed %d times, want once", n)
		}
	})

	t.Run("ErrContext", func(t *testing.T) {
		// A caller who gives up gets its context's error at once; the
		// computation goes on and serves the next caller.
		var l lazy[string, int]
		release := make(chan struct{})
		var runs atomic.Int32
		compute := func(int) int { runs.Add(1); <-release; return 7 }
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if _, err := l.get(ctx, "k", nil, compute); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("get with a context that ends: %v, want DeadlineExceeded", err)
		}
		if _, ok := l.peek("k"); ok {
			t.Fatal("a value before the computation ended")
		}
		close(release)
		v, err := l.get(context.Background(), "k", nil, compute)
		if v != 7 || err != nil || runs.Load() != 1 {
			t.Errorf("next get: %d, %v after %d computations; want 7 from the first", v, err, runs.Load())
		}
	})

	t.Run("NotEnough", func(t *testing.T) {
		// A value too small for a caller is computed anew from the old one.
		var l lazy[string, int]
		double := func(prev int) int { return max(1, 2*prev) }
		for _, want := range []int{1, 1, 8} {
			need := want
			v, err := l.get(context.Background(), "k", func(v int) bool { return v >= need }, double)
			if err != nil || v < need {
				t.Fatalf("get needing %d: %d, %v", need, v, err)
			}
		}
		if v, _ := l.peek("k"); v != 8 {
			t.Errorf("after needing 8: %d, want 8 (1, 2, 4, 8)", v)
		}
	})

	t.Run("OneAtATime", func(t *testing.T) {
		// Computations of different keys do not overlap.
		var l lazy[int, int]
		var running, most atomic.Int32
		var wg sync.WaitGroup
		for k := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				l.get(context.Background(), k, nil, func(int) int {
					n := running.Add(1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
					time.Sleep(5 * time.Millisecond)
					running.Add(-1)
					return k
				})
			}()
		}
		wg.Wait()
		if m := most.Load(); m != 1 {
			t.Errorf("%d computations at once, want 1", m)
		}
	})
}

// peek returns the value for key if it has been computed.
func (l *lazy[K, V]) peek(key K) (V, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.values[key]; e != nil && e.ready() {
		return e.v, true
	}
	var zero V
	return zero, false
}
