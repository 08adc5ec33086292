package neo4j

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The request's deadline becomes the transaction's timeout.
func TestTxConfig(t *testing.T) {
	timeout := func(ctx context.Context) (time.Duration, bool) {
		cfg := neo4j.TransactionConfig{Timeout: math.MinInt} // the driver's "server default"
		fs := txConfig(ctx)
		for _, f := range fs {
			f(&cfg)
		}
		return cfg.Timeout, len(fs) > 0
	}
	t.Run("NoDeadline", func(t *testing.T) {
		if d, set := timeout(context.Background()); set || d != math.MinInt {
			t.Errorf("got %v (set %v), want the server's default", d, set)
		}
	})
	t.Run("Deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		if d, set := timeout(ctx); !set || d <= 0 || d > time.Hour {
			t.Errorf("got %v (set %v), want at most an hour", d, set)
		}
	})
	t.Run("DeadlinePassed", func(t *testing.T) {
		// 0 would mean no timeout at all: the least is 1 ms.
		ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		defer cancel()
		if d, set := timeout(ctx); !set || d != time.Millisecond {
			t.Errorf("got %v (set %v), want 1ms", d, set)
		}
	})
}

// Neo4j's own timeout is the context's deadline to callers, not an
// internal error.
func TestTranslate_Timeout(t *testing.T) {
	for _, code := range []string{"Neo.ClientError.Transaction.TransactionTimedOut", "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"} {
		err := translate(&neo4j.Neo4jError{Code: code, Msg: "The transaction has been terminated."})
		var ne *neo4j.Neo4jError
		if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ne) {
			t.Errorf("%s: got %v, want it to wrap context.DeadlineExceeded and the driver's error", code, err)
		}
	}
}
