package memory

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"citynet/graph"
)

// The durable store keeps, in a bbolt file, a log of the changes that made
// the graph: the first entry puts the whole graph (the dataset the file was
// created with, or the graph as it was at the last compaction), each later
// one is an accepted write (graph.Change, stamps included). Opening replays
// the log; Apply appends its change in one bbolt transaction, committed
// (fsync'd) before the new version is served, so an acknowledged write
// survives a crash and a write either is in the log whole or not at all.
//
// Compaction replaces the log with one entry holding the current graph, in
// one transaction: on open when the log has more than one entry, and after
// every CompactEvery writes, so replay stays one pass over one graph.
var logBucket = []byte("log")

// CompactEvery is how many logged writes trigger a compaction.
const CompactEvery = 1000

// Open opens (or creates) the store's file at path. A new or empty file is
// started from seed (the bundled dataset, or -data); an existing one is
// replayed (and compacted) and seed is not called.
func Open(path string, seed func() (*graph.Dataset, error)) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	ds, entries, err := replay(db)
	switch {
	case err != nil:
	case ds == nil:
		if ds, err = seed(); err == nil {
			err = compact(db, ds)
		}
	case entries > 1:
		err = compact(db, ds)
	}
	var s *Store
	if err == nil {
		s, err = New(ds)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	s.db = db
	return s, nil
}

// replay applies every logged change in order; nil if the log is empty.
func replay(db *bolt.DB) (*graph.Dataset, int, error) {
	var ds *graph.Dataset
	n := 0
	err := db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(logBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			c, err := decodeEntry(binary.BigEndian.Uint64(k), v)
			if err != nil {
				return err
			}
			if ds == nil {
				ds = &graph.Dataset{}
			}
			if ds, err = ds.Replay(c); err != nil {
				return fmt.Errorf("log entry %d: %w", binary.BigEndian.Uint64(k), err)
			}
			n++
			return nil
		})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("reading the store's log: %w", err)
	}
	if ds != nil {
		if err := ds.Validate(); err != nil {
			return nil, 0, fmt.Errorf("the store's log does not replay to a valid graph: %w", err)
		}
	}
	return ds, n, nil
}

// decodeEntry reads one log entry: a change, or (files written before
// changes were logged) a whole dataset file, which is a put.
func decodeEntry(seq uint64, v []byte) (*graph.Change, error) {
	if bytes.HasPrefix(v, []byte(`{"format":`)) {
		ds, err := graph.DecodeDataset(fmt.Sprintf("log entry %d", seq), v)
		if err != nil {
			return nil, err
		}
		return &graph.Change{Put: ds}, nil
	}
	var c graph.Change
	if err := json.Unmarshal(v, &c); err != nil {
		return nil, fmt.Errorf("log entry %d: %w", seq, err)
	}
	return &c, nil
}

// appendLog adds a change to the log in one committed transaction and
// returns its sequence number.
func appendLog(db *bolt.DB, c *graph.Change) (uint64, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return 0, err
	}
	var seq uint64
	err = db.Update(func(tx *bolt.Tx) error {
		bucket, err := tx.CreateBucketIfNotExists(logBucket)
		if err != nil {
			return err
		}
		if seq, err = bucket.NextSequence(); err != nil {
			return err
		}
		return bucket.Put(binary.BigEndian.AppendUint64(nil, seq), b)
	})
	return seq, err
}

// compact replaces the log with one entry that puts ds, in one
// transaction: a crash leaves the old log or the new one.
func compact(db *bolt.DB, ds *graph.Dataset) error {
	b, err := json.Marshal(&graph.Change{Put: ds})
	if err != nil {
		return err
	}
	return db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(logBucket) != nil {
			if err := tx.DeleteBucket(logBucket); err != nil {
				return err
			}
		}
		bucket, err := tx.CreateBucket(logBucket)
		if err != nil {
			return err
		}
		seq, err := bucket.NextSequence()
		if err != nil {
			return err
		}
		return bucket.Put(binary.BigEndian.AppendUint64(nil, seq), b)
	})
}

// persist logs an accepted change before it is served (then compacts the
// log every CompactEvery entries into next, the graph after the change);
// a store opened with New (no file) keeps writes in memory only.
func (s *Store) persist(ctx context.Context, c *graph.Change, next *graph.Dataset) error {
	if s.db == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	seq, err := appendLog(s.db, c)
	if err != nil {
		return errors.Join(graph.Errorf(graph.EINTERNAL, "the change could not be saved"), err)
	}
	if seq > CompactEvery {
		// The change is committed already; a failed compaction only
		// leaves a longer log, compacted again at the next open.
		_ = compact(s.db, next)
	}
	return nil
}

// LogEntries returns how many entries the store's log holds (0 without
// a file).
func (s *Store) LogEntries() int {
	if s.db == nil {
		return 0
	}
	n := 0
	_ = s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(logBucket); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n
}
