package neo4j_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// MustEqualJSON renders v for comparison.
func MustEqualJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
