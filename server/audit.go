package server

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"citynet/graph"
)

// auditedStore logs one line per accepted write, whatever its path (a
// mutation or POST /import): who (the credential's name, never the
// credential), through what, and what changed: counts per section and the
// first records. Dry runs, refused writes and writes that change nothing
// are not logged. slog adds the time.
type auditedStore struct {
	graph.Store
	log *slog.Logger
}

// auditShown is how many changed records an audit line names.
const auditShown = 10

func (s auditedStore) Apply(ctx context.Context, c *graph.Change) (*graph.ChangeResult, error) {
	res, err := s.Store.Apply(ctx, c)
	if err != nil || c.DryRun || len(res.Changes) == 0 {
		return res, err
	}
	records := make([]string, 0, min(len(res.Changes), auditShown))
	for _, ch := range res.Changes[:cap(records)] {
		records = append(records, strings.ToLower(string(ch.Kind))+" "+ch.Ref.String())
	}
	if n := len(res.Changes) - len(records); n > 0 {
		records = append(records, fmt.Sprintf("and %d more", n))
	}
	s.log.InfoContext(ctx, "audit: write applied", "who", c.By, "via", writeVia(ctx),
		"summary", summaryText(res.Summary), "records", strings.Join(records, "; "))
	return res, nil
}

type viaKey struct{}

// withVia names what a write comes through, for the audit line.
func withVia(ctx context.Context, via string) context.Context {
	return context.WithValue(ctx, viaKey{}, via)
}

func writeVia(ctx context.Context) string {
	if v, ok := ctx.Value(viaKey{}).(string); ok {
		return v
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		return "mutation " + fc.Field.Name
	}
	return "unknown"
}

// summaryText writes counts as "cities +1 ~0 -0, memberships …".
func summaryText(sum graph.MergeSummary) string {
	var parts []string
	for _, section := range graph.Sections() {
		if c, ok := sum[section]; ok && (c.Created+c.Updated+c.Deleted) > 0 {
			parts = append(parts, fmt.Sprintf("%s +%d ~%d -%d", section, c.Created, c.Updated, c.Deleted))
		}
	}
	return strings.Join(parts, ", ")
}
