// Package neo4j is the Neo4j store: the graph.Store interface over Cypher
// with the official driver (github.com/neo4j/neo4j-go-driver/v5). Every
// statement is a .cypher file embedded beside this code (see Statements),
// takes its values as $parameters, and is checked by Neo4j's own Cypher
// front end in this package's tests. Reads run in read transactions, loads
// in one write transaction; transaction functions are idempotent since the
// driver retries them.
package neo4j

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"citynet/graph"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // e.g. neo4j://localhost:7687
	Username string
	Password string
	Database string // "" = the server's default database
}

// Store is the Neo4j graph.Store. It holds one driver for the process.
type Store struct {
	driver neo4j.DriverWithContext
	exec   execFunc
}

var _ graph.Store = (*Store)(nil)

// Open connects, verifies the connection and credentials, and creates the
// schema (constraints and indexes) if it is missing. Errors are one line,
// without the password.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		return nil, fmt.Errorf("neo4j: bad NEO4J_URI %q: %w", cfg.URI, err)
	}
	if err := driver.VerifyConnectivity(ctx); err != nil {
		driver.Close(ctx)
		return nil, fmt.Errorf("neo4j: cannot connect to %s as %q: %s", cfg.URI, cfg.Username, oneLine(err))
	}
	s := &Store{driver: driver, exec: driverExec(driver, cfg.Database)}
	if err := s.EnsureSchema(ctx); err != nil {
		driver.Close(ctx)
		return nil, err
	}
	return s, nil
}

// oneLine keeps the driver's message short: its errors can be long
// multi-attempt reports.
func oneLine(err error) string {
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		return ne.Code + ": " + ne.Msg
	}
	s := err.Error()
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}

// EnsureSchema creates the constraints and indexes the store relies on.
// Every statement is IF NOT EXISTS, so running it again changes nothing.
func (s *Store) EnsureSchema(ctx context.Context) error {
	names := []string{"schema_entity_id", "schema_claim_key", "schema_claim_subject", "schema_entity_names", "schema_entity_text"}
	for _, t := range RelTypes {
		names = append(names, "schema_rel_key_"+t)
	}
	for _, name := range names {
		// A schema statement cannot share a transaction with other
		// statements, so each runs in its own.
		if err := write(ctx, s, func(q querier) error {
			_, err := q.query(ctx, name, nil)
			return err
		}); err != nil {
			return fmt.Errorf("neo4j: creating schema (%s): %w", name, err)
		}
	}
	return nil
}

// Close closes the driver.
func (s *Store) Close() error {
	if s.driver == nil {
		return nil
	}
	return s.driver.Close(context.Background())
}

// querier runs a named statement inside a transaction and returns its
// records. Store methods talk to Neo4j only through it, which lets the
// package's tests record every statement and its parameters.
type querier interface {
	query(ctx context.Context, name string, params map[string]any) ([]*neo4j.Record, error)
}

// txQuerier runs statements in a driver transaction.
type txQuerier struct{ tx neo4j.ManagedTransaction }

func (q txQuerier) query(ctx context.Context, name string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := q.tx.Run(ctx, stmt(name), params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// execFunc runs work in one transaction: a write transaction if write, else
// a read transaction (routed to a reader). The driver retries work on
// transient errors, so work must be idempotent.
type execFunc func(ctx context.Context, write bool, work func(querier) (any, error)) (any, error)

// driverExec runs transactions on the driver's sessions.
func driverExec(driver neo4j.DriverWithContext, db string) execFunc {
	return func(ctx context.Context, write bool, work func(querier) (any, error)) (any, error) {
		mode := neo4j.AccessModeRead
		if write {
			mode = neo4j.AccessModeWrite
		}
		sess := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: db})
		defer sess.Close(ctx)
		tw := func(tx neo4j.ManagedTransaction) (any, error) { return work(txQuerier{tx}) }
		if write {
			return sess.ExecuteWrite(ctx, tw)
		}
		return sess.ExecuteRead(ctx, tw)
	}
}

// read runs work in a read transaction.
func read[T any](ctx context.Context, s *Store, work func(q querier) (T, error)) (T, error) {
	v, err := s.exec(ctx, false, func(q querier) (any, error) { return work(q) })
	if err != nil {
		var zero T
		return zero, translate(err)
	}
	t, _ := v.(T)
	return t, nil
}

// write runs work in a write transaction.
func write(ctx context.Context, s *Store, work func(q querier) error) error {
	_, err := s.exec(ctx, true, func(q querier) (any, error) { return nil, work(q) })
	return translate(err)
}

// translate maps driver errors to the domain's codes at the adapter's edge.
// Coded errors pass through; a uniqueness violation is a conflict; anything
// else is internal (the presenter logs it and shows a generic message).
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *graph.Error
	if errors.As(err, &de) {
		return err
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch ne.Code {
		case "Neo.ClientError.Schema.ConstraintValidationFailed":
			return &graph.Error{Code: graph.ECONFLICT, Message: "conflicts with existing data: " + ne.Msg}
		case "Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Security.AuthenticationRateLimit":
			return fmt.Errorf("neo4j authentication failed: %w", err)
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("neo4j: %w", err)
}
