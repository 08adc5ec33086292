package memory

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

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
//
// The store refuses rather than guesses: a file that exists is a store,
// whole, or the server does not start on it (FileError). Only a missing
// file is a new store, and a new store is built aside and renamed into
// place, so an existing file always has a log.
var (
	logBucket    = []byte("log")
	infoBucket   = []byte("info")
	lastWriteKey = []byte("last-write")
)

// CompactEvery is how many logged writes trigger a compaction.
const CompactEvery = 1000

// A log entry is entryV1, the CRC-32C of the entry's key and JSON (4 bytes,
// big-endian), then the JSON of the change. bbolt checksums only its meta
// pages, so without this an edited byte in a change would be served.
// Entries written before the checksum start with '{' and still replay;
// the next compaction rewrites them.
const entryV1 = 0x01

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// lockTimeout is how long Open waits for another process's lock on the
// file before saying who probably holds it.
const lockTimeout = 5 * time.Second

// FileError is a store file the store will not open as it is: what is
// wrong with it, and what the operator can do.
type FileError struct {
	Path    string
	Problem string
	Hint    string
	Err     error
}

func (e *FileError) Error() string {
	return fmt.Sprintf("store file %s %s; %s", e.Path, e.Problem, e.Hint)
}

func (e *FileError) Unwrap() error { return e.Err }

// The hints of FileError.
const (
	hintRestore = "the server does not start on it: restore the file from a backup (docs/writing.md, \"Backup and restore\"), or move it away to start a new store from the dataset"
	hintLocked  = "another process holds its lock (a server running on the same -data-dir?): stop it, or take a backup from the running server (docs/writing.md, \"Backup and restore\")"
	hintAccess  = "check the file, its directory and their permissions"
)

var errEmpty = errors.New("empty file")

// lastWrite is kept beside the log so that a check can tell when the
// store was last written, and by whom, after compaction.
type lastWrite struct {
	At time.Time `json:"at"`
	By string    `json:"by,omitempty"`
}

// fileState is the durable side of a Store.
type fileState struct {
	readOnly error // why writes are refused; nil: writable
}

// Open opens the store's file at path, or creates it from seed (the
// bundled dataset, or -data) when there is no file. An existing file is
// verified (see openFile) and replayed, never reseeded: an empty,
// unreadable or damaged one is a *FileError. When the log cannot be
// compacted (a full disk), the store opens read-only: ReadOnly says why.
func Open(path string, seed func() (*graph.Dataset, error)) (*Store, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		if err := create(path, seed); err != nil {
			return nil, fmt.Errorf("creating the store file %s: %w", path, err)
		}
	}
	o, err := openFile(path, false, lockTimeout)
	if err != nil {
		return nil, err
	}
	s, err := New(o.ds)
	if err != nil {
		o.db.Close()
		return nil, err
	}
	s.db = o.db
	if o.entries > 1 || o.unchecked > 0 {
		if err := compact(o.db, o.ds); err != nil {
			// The log replayed whole, so reads are right; only writing
			// is impossible (typically a full disk: a compaction
			// needs room for a second copy of the graph).
			s.file.readOnly = fmt.Errorf("the log of %s could not be compacted: %w", path, err)
		}
	}
	return s, nil
}

// ReadOnly tells why the store refuses writes (its file could not be
// written when it was opened), or nil.
func (s *Store) ReadOnly() error { return s.file.readOnly }

// create makes a new store file from seed: built in a temporary file,
// synced, then linked into place, so that a crash leaves no file or a
// whole one, and an existing file is never replaced.
func create(path string, seed func() (*graph.Dataset, error)) error {
	ds, err := seed()
	if err != nil {
		return err
	}
	if !ds.Validated() {
		if err := ds.Validate(); err != nil {
			return err
		}
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".new-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	tmp.Close()
	defer os.Remove(name)
	db, err := bolt.Open(name, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return err
	}
	if err := errors.Join(compact(db, ds), db.Close()); err != nil {
		return err
	}
	if err := syncFile(name); err != nil {
		return err
	}
	// A link, not a rename: if another process created the store
	// meanwhile, theirs stays and is opened.
	if err := os.Link(name, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return syncFile(dir)
}

// syncFile fsyncs a file or a directory (so that a new name in it is
// durable).
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// opened is a verified, replayed store file.
type opened struct {
	db                *bolt.DB
	ds                *graph.Dataset
	layout            *fileLayout
	entries           int
	unchecked         int // entries without a checksum (older files)
	last              *lastWrite
	verified, decoded time.Duration
}

// openFile opens an existing store file and checks it before bbolt is
// trusted with it: the meta pages and the file's size against them
// (plain reads, so a truncated file cannot fault the mapping), then
// under bbolt's lock every page of the tree (checkPages) and bbolt's own
// consistency check, then the log, entry by entry against its checksum.
// Whatever bbolt does on a file that still fools these checks runs with
// faults turned into panics and panics into errors (guard). Every
// problem is a *FileError naming the file.
func openFile(path string, readOnly bool, timeout time.Duration) (o *opened, err error) {
	inUse := func(err error) error {
		return &FileError{path, fmt.Sprintf("is in use: its lock was not free within %v", timeout), hintLocked, err}
	}
	bad := func(err error) error {
		var d *damage
		switch {
		case errors.Is(err, errEmpty):
			return &FileError{path, "is empty (0 bytes): a store file always holds a log, so this is not one", hintRestore, err}
		case errors.As(err, &d):
			return &FileError{path, "is damaged: " + d.msg, hintRestore, err}
		case errors.Is(err, fs.ErrNotExist):
			return &FileError{path, "does not exist", "give the path of a store file (citynet.db)", err}
		case errors.Is(err, fs.ErrPermission):
			return &FileError{path, "cannot be opened: " + err.Error(), hintAccess, err}
		}
		return &FileError{path, "cannot be read: " + err.Error(), hintAccess, err}
	}
	// Checked under the lock bbolt takes, so that no server writes the
	// file meanwhile, and before bbolt maps it or loads its freelist.
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		return nil, bad(err)
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = damaged("it is not a regular file (%s)", st.Mode().Type())
	}
	if err == nil {
		err = lockFile(f, !readOnly, timeout)
	}
	var layout *fileLayout
	if err == nil {
		layout, err = readLayout(f)
	}
	if err == nil {
		err = checkPages(f, layout.meta)
	}
	f.Close()
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, inUse(err)
	} else if err != nil {
		return nil, bad(err)
	}

	o = &opened{layout: layout}
	var file *os.File // bbolt's, to close (and unlock) if bbolt panics in Open
	err = guard(func() (err error) {
		o.db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: readOnly,
			OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
				f, err := os.OpenFile(name, flag, perm)
				file = f
				return f, err
			}})
		return err
	})
	if o.db == nil && file != nil {
		file.Close()
	}
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, inUse(err)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, bad(damaged("bbolt refuses it: %v", err))
	case err != nil:
		return nil, bad(err)
	}
	db := o.db
	defer func() {
		if err != nil {
			guard(db.Close)
		}
	}()
	if err = guard(func() error { return o.db.View(boltCheck) }); err != nil {
		return nil, bad(err)
	}
	o.verified = time.Since(start)

	start = time.Now()
	if err = guard(func() error { return replay(o) }); err != nil {
		return nil, bad(err)
	}
	o.decoded = time.Since(start)
	return o, nil
}

// boltCheck runs bbolt's consistency check (pages reachable or free,
// never both, keys in order). It runs in bbolt's goroutine, where a fault
// could not be recovered: checkPages has made sure there is none to have.
func boltCheck(tx *bolt.Tx) error {
	var errs []error
	for err := range tx.Check() {
		if len(errs) < 3 {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return damaged("bbolt's consistency check: %v", errors.Join(errs...))
	}
	return nil
}

// guard runs f with memory faults turned into panics (a page of the
// mapped file that is not there) and panics turned into errors (bbolt
// panics on some damaged pages), so that a bad file is an error, never
// a crash.
func guard(f func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damaged("bbolt failed reading it: %v", r)
		}
	}()
	return f()
}

// replay checks and applies every logged change in order.
func replay(o *opened) error {
	var ds *graph.Dataset
	var lastSeq uint64
	err := o.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(infoBucket); b != nil {
			if v := b.Get(lastWriteKey); v != nil {
				var lw lastWrite
				if err := json.Unmarshal(v, &lw); err != nil {
					return damaged("its record of the last write does not decode: %v", err)
				}
				o.last = &lw
			}
		}
		b := tx.Bucket(logBucket)
		if b == nil {
			return damaged("it holds no log: not a store file, or one whose creation never finished")
		}
		err := b.ForEach(func(k, v []byte) error {
			if len(k) != 8 {
				return damaged("the log holds a key of %d bytes, not a sequence number", len(k))
			}
			seq := binary.BigEndian.Uint64(k)
			c, unchecked, err := decodeEntry(k, v)
			if err != nil {
				return err
			}
			if ds == nil {
				ds = &graph.Dataset{}
			}
			if ds, err = ds.Replay(c); err != nil {
				return damaged("log entry %d does not apply: %v", seq, err)
			}
			o.entries++
			if unchecked {
				o.unchecked++
			}
			lastSeq = seq
			return nil
		})
		if err != nil {
			return err
		}
		if b.Sequence() < lastSeq {
			// The next write would overwrite a logged one.
			return damaged("the log's sequence number (%d) is behind its last entry (%d)", b.Sequence(), lastSeq)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if ds == nil {
		return damaged("its log is empty: a store file always starts with the whole graph")
	}
	if err := ds.Validate(); err != nil {
		return damaged("its log does not replay to a valid graph: %v", err)
	}
	o.ds = ds
	return nil
}

// decodeEntry checks and reads one log entry: a change, or (files
// written before changes were logged) a whole dataset file, which is a
// put. unchecked: an entry from before entries had a checksum.
func decodeEntry(k, v []byte) (c *graph.Change, unchecked bool, err error) {
	seq := binary.BigEndian.Uint64(k)
	switch {
	case len(v) > 0 && v[0] == entryV1:
		if len(v) < 5 {
			return nil, false, damaged("log entry %d is cut short (%d bytes)", seq, len(v))
		}
		if want, got := binary.BigEndian.Uint32(v[1:5]), entrySum(k, v[5:]); got != want {
			return nil, false, damaged("log entry %d fails its checksum (CRC-32C %08x, recorded %08x): it changed after it was written", seq, got, want)
		}
		v = v[5:]
	case bytes.HasPrefix(v, []byte(`{"format":`)):
		ds, err := graph.DecodeDataset(fmt.Sprintf("log entry %d", seq), v)
		if err != nil {
			return nil, true, damaged("log entry %d: %v", seq, err)
		}
		return &graph.Change{Put: ds}, true, nil
	case bytes.HasPrefix(v, []byte("{")):
		unchecked = true
	default:
		return nil, false, damaged("log entry %d has an unknown format (first byte %#02x)", seq, v[:min(len(v), 1)])
	}
	c = &graph.Change{}
	if err := json.Unmarshal(v, c); err != nil {
		return nil, unchecked, damaged("log entry %d does not decode: %v", seq, err)
	}
	return c, unchecked, nil
}

func entrySum(k, payload []byte) uint32 {
	return crc32.Update(crc32.Checksum(k, castagnoli), castagnoli, payload)
}

// encodeEntry makes the log entry of a change at key k.
func encodeEntry(k []byte, c *graph.Change) ([]byte, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 5, 5+len(b))
	out[0] = entryV1
	binary.BigEndian.PutUint32(out[1:], entrySum(k, b))
	return append(out, b...), nil
}

// appendLog adds a change to the log in one committed transaction and
// returns its sequence number.
func appendLog(db *bolt.DB, c *graph.Change) (uint64, error) {
	var seq uint64
	err := db.Update(func(tx *bolt.Tx) error {
		bucket, err := tx.CreateBucketIfNotExists(logBucket)
		if err != nil {
			return err
		}
		if seq, err = bucket.NextSequence(); err != nil {
			return err
		}
		k := binary.BigEndian.AppendUint64(nil, seq)
		v, err := encodeEntry(k, c)
		if err != nil {
			return err
		}
		if err := bucket.Put(k, v); err != nil {
			return err
		}
		info, err := tx.CreateBucketIfNotExists(infoBucket)
		if err != nil {
			return err
		}
		lw, _ := json.Marshal(lastWrite{At: c.At, By: c.By})
		return info.Put(lastWriteKey, lw)
	})
	return seq, err
}

// compact replaces the log with one entry that puts ds, in one
// transaction: a crash leaves the old log or the new one.
func compact(db *bolt.DB, ds *graph.Dataset) error {
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
		k := binary.BigEndian.AppendUint64(nil, seq)
		v, err := encodeEntry(k, &graph.Change{Put: ds})
		if err != nil {
			return err
		}
		return bucket.Put(k, v)
	})
}

// persist logs an accepted change before it is served (then compacts the
// log every CompactEvery entries into next, the graph after the change);
// a store opened with New (no file) keeps writes in memory only.
func (s *Store) persist(ctx context.Context, c *graph.Change, next *graph.Dataset) error {
	if s.db == nil {
		return nil
	}
	if s.file.readOnly != nil {
		return graph.Errorf(graph.EUNAVAILABLE, "the server is read-only: it could not write its store file when it started (a full disk?); nothing was written: try again after the operator has made room and restarted it")
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

// Backup writes a consistent copy of the store's file, as of the last
// committed write, while the store keeps serving (bbolt's tx.WriteTo in a
// read transaction: writes wait for nothing). It returns the bytes
// written; the copy is a store file that Open and Check accept.
func (s *Store) Backup(w io.Writer) (int64, error) {
	if s.db == nil {
		return 0, errors.New("the store has no file (started without -data-dir)")
	}
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}
