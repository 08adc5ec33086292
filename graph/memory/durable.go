package memory

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"citynet/graph"
)

// The durable store keeps, in a bbolt file, the log of every dataset that
// made the graph: the first entry is the dataset the file was created with,
// each later one an accepted import. Opening replays the log (merging each
// entry into the last), and Apply appends its import in one bbolt
// transaction, committed (fsync'd) before the new version is served, so an
// acknowledged write survives a crash and a write either is in the log
// whole or not at all.
var logBucket = []byte("log")

// Open opens (or creates) the store's file at path. A new or empty file is
// started from seed (the bundled dataset, or -data); an existing one is
// replayed and seed is not called.
func Open(path string, seed func() (*graph.Dataset, error)) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	ds, err := replay(db)
	if err == nil && ds == nil {
		if ds, err = seed(); err == nil {
			err = appendLog(db, ds)
		}
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

// replay merges every logged dataset in order; nil if the log is empty.
func replay(db *bolt.DB) (*graph.Dataset, error) {
	var ds *graph.Dataset
	err := db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(logBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			entry, err := graph.DecodeDataset(fmt.Sprintf("log entry %d", binary.BigEndian.Uint64(k)), v)
			if err != nil {
				return err
			}
			if ds == nil {
				ds = entry
			} else {
				ds, _ = ds.Merge(entry)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("reading the store's log: %w", err)
	}
	if ds != nil {
		if err := ds.Validate(); err != nil {
			return nil, fmt.Errorf("the store's log does not replay to a valid graph: %w", err)
		}
	}
	return ds, nil
}

// appendLog adds a dataset to the log in one committed transaction.
func appendLog(db *bolt.DB, ds *graph.Dataset) error {
	b, err := graph.EncodeDataset(ds)
	if err != nil {
		return err
	}
	return db.Update(func(tx *bolt.Tx) error {
		bucket, err := tx.CreateBucketIfNotExists(logBucket)
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

// persist logs an accepted import before it is served; a store opened with
// New (no file) keeps writes in memory only.
func (s *Store) persist(ctx context.Context, in *graph.Dataset) error {
	if s.db == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := appendLog(s.db, in); err != nil {
		return errors.Join(graph.Errorf(graph.EINTERNAL, "the import could not be saved"), err)
	}
	return nil
}
