// Package neo4j is the Neo4j store: the graph.Store interface over Cypher
// with the official driver (github.com/neo4j/neo4j-go-driver/v5). Every
// statement is a .cypher file embedded beside this code (see Statements),
// takes its values as $parameters, and is checked by Neo4j's own Cypher
// front end in this package's tests. Reads run in read transactions; every
// write (Apply, Load) is one write transaction that first locks the graph's
// version node, so writers take turns and each sees the graph as the
// previous one left it. Apply computes the new graph with
// graph.Dataset.Apply, as every store does, and sends Neo4j only the
// difference. Transaction functions are idempotent since the driver
// retries them.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

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

// Store is the Neo4j graph.Store. It holds one driver for the process and
// the last version of the graph it saw (see Apply).
type Store struct {
	driver neo4j.DriverWithContext
	exec   execFunc

	mu   sync.Mutex
	snap *snapshot // nil: nothing cached

	pmu   sync.Mutex
	pairs *pairsCache // nil: nothing cached

	smu   sync.Mutex
	spans *spanCache // nil: nothing cached
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
	if err := s.CheckServerVersion(ctx); err != nil {
		driver.Close(ctx)
		return nil, err
	}
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

// MinServerVersion is the least Neo4j version the statements run on:
// CALL (x) { … } subqueries (variable scope clauses) came in Neo4j 5.23.
// Versions from 2025 on are named by year (2025.01.0, …) and are later.
var MinServerVersion = [2]int{5, 23}

// CheckServerVersion reads the server's version (dbms.components) and
// refuses one older than MinServerVersion with an error that names both.
func (s *Store) CheckServerVersion(ctx context.Context) error {
	type server struct{ version, edition string }
	sv, err := read(ctx, s, func(q querier) (server, error) {
		recs, err := q.query(ctx, "server_version", nil)
		if err != nil || len(recs) == 0 {
			return server{}, err
		}
		return server{get[string](recs[0], "version"), get[string](recs[0], "edition")}, nil
	})
	if err != nil {
		return fmt.Errorf("neo4j: reading the server version: %w", err)
	}
	return checkServerVersion(sv.version, sv.edition)
}

func checkServerVersion(v, edition string) error {
	var major, minor int
	if _, err := fmt.Sscanf(v, "%d.%d", &major, &minor); err != nil {
		return fmt.Errorf("neo4j: cannot tell the server's version from %q (dbms.components); this store needs Neo4j %d.%d or later",
			v, MinServerVersion[0], MinServerVersion[1])
	}
	if major < MinServerVersion[0] || major == MinServerVersion[0] && minor < MinServerVersion[1] {
		return fmt.Errorf("neo4j: the server is Neo4j %s (%s); this store needs Neo4j %d.%d or later (CALL (x) { … } subqueries)",
			v, edition, MinServerVersion[0], MinServerVersion[1])
	}
	return nil
}

// EnsureSchema creates the constraints and indexes the store relies on.
// Every statement is IF NOT EXISTS, so running it again changes nothing.
func (s *Store) EnsureSchema(ctx context.Context) error {
	names := []string{"schema_entity_id", "schema_claim_key", "schema_claim_subject", "schema_entity_names", "schema_entity_text",
		"schema_version_id", "schema_city_location"}
	for _, t := range RelTypes {
		names = append(names, "schema_rel_key_"+t)
	}
	names = append(names, documentSchema...)
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
	// stream calls fn for each record as it arrives, for results too large
	// to collect.
	stream(ctx context.Context, name string, params map[string]any, fn func(*neo4j.Record) error) error
}

// txQuerier runs statements in a driver transaction, managed (retried) or
// explicit; both have this Run.
type txQuerier struct {
	tx interface {
		Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error)
	}
}

func (q txQuerier) query(ctx context.Context, name string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := q.tx.Run(ctx, stmt(name), params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

func (q txQuerier) stream(ctx context.Context, name string, params map[string]any, fn func(*neo4j.Record) error) error {
	res, err := q.tx.Run(ctx, stmt(name), params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if err := fn(res.Record()); err != nil {
			return err
		}
	}
	return res.Err()
}

// txMode says how to run a transaction.
type txMode int

const (
	readTx  txMode = iota // read transaction, retried on transient errors
	writeTx               // write transaction, retried on transient errors
	// streamTx is a read transaction that is not retried: a callback that
	// has already written records to a client cannot be replayed.
	streamTx
)

// execFunc runs work in one transaction of the given mode. Retried work
// must be idempotent.
type execFunc func(ctx context.Context, mode txMode, work func(querier) (any, error)) (any, error)

// sessionConfigs returns the configuration of every session of a Store.
// They share one bookmark manager: each session starts after the
// transactions the Store's earlier sessions committed, so on a cluster
// (neo4j://) a read that follows a write is served by a member that has
// applied it, rather than by one that lags behind.
func sessionConfigs(db string) func(txMode) neo4j.SessionConfig {
	bookmarks := neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{})
	return func(mode txMode) neo4j.SessionConfig {
		access := neo4j.AccessModeRead
		if mode == writeTx {
			access = neo4j.AccessModeWrite
		}
		return neo4j.SessionConfig{AccessMode: access, DatabaseName: db, BookmarkManager: bookmarks}
	}
}

// driverExec runs transactions on the driver's sessions.
func driverExec(driver neo4j.DriverWithContext, db string) execFunc {
	config := sessionConfigs(db)
	return func(ctx context.Context, mode txMode, work func(querier) (any, error)) (any, error) {
		sess := driver.NewSession(ctx, config(mode))
		defer sess.Close(ctx)
		tw := func(tx neo4j.ManagedTransaction) (any, error) { return work(txQuerier{tx}) }
		cfg := txConfig(ctx)
		switch mode {
		case writeTx:
			return sess.ExecuteWrite(ctx, tw, cfg...)
		case streamTx:
			tx, err := sess.BeginTransaction(ctx, cfg...)
			if err != nil {
				return nil, err
			}
			defer tx.Close(ctx)
			v, err := work(txQuerier{tx})
			if err != nil {
				return nil, err
			}
			return v, tx.Commit(ctx)
		}
		return sess.ExecuteRead(ctx, tw, cfg...)
	}
}

// txConfig gives the transaction what is left of the context's deadline
// (the request's timeout), so that Neo4j itself stops a query nobody will
// wait for instead of running it to the end. Without a deadline the
// server's default applies.
func txConfig(ctx context.Context) []func(*neo4j.TransactionConfig) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return nil
	}
	// At least 1 ms: 0 would mean no timeout at all.
	return []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(max(time.Until(deadline), time.Millisecond))}
}

// read runs work in a read transaction.
func read[T any](ctx context.Context, s *Store, work func(q querier) (T, error)) (T, error) {
	v, err := s.exec(ctx, readTx, func(q querier) (any, error) { return work(q) })
	if err != nil {
		var zero T
		return zero, translate(err)
	}
	t, _ := v.(T)
	return t, nil
}

// write runs work in a write transaction.
func write(ctx context.Context, s *Store, work func(q querier) error) error {
	_, err := s.exec(ctx, writeTx, func(q querier) (any, error) { return nil, work(q) })
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
	var dse *graph.DatasetError
	if errors.As(err, &de) || errors.As(err, &dse) {
		return err
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch ne.Code {
		case "Neo.ClientError.Schema.ConstraintValidationFailed":
			return &graph.Error{Code: graph.ECONFLICT, Message: "conflicts with existing data: " + ne.Msg}
		case "Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Security.AuthenticationRateLimit":
			return fmt.Errorf("neo4j authentication failed: %w", err)
		case "Neo.ClientError.Transaction.TransactionTimedOut", "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			// The timeout txConfig set: the context's deadline, as far
			// as callers are concerned.
			return fmt.Errorf("neo4j: transaction timed out: %w (%w)", context.DeadlineExceeded, err)
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("neo4j: %w", err)
}
