package memory

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"citynet/graph"
)

// Report is what Check found in a store file.
type Report struct {
	Path     string
	Size     int64  // bytes
	PageSize int    // bbolt's page size
	Pages    uint64 // pages in use (bbolt's high-water mark)
	TxID     uint64 // bbolt's last committed transaction
	// Entries counts the log's entries; Unchecked those written before
	// entries had a checksum (rewritten by the next compaction).
	Entries, Unchecked int
	// LastWrite is the last logged write, nil for a file not written
	// since it was created (or written before this was recorded).
	LastWrite *LastWrite
	Counts    []SectionCount // records per dataset section
	// Verify is how long the checks of the file's pages took (meta pages,
	// every page of the tree, bbolt's tx.Check); Replay how long reading
	// the log's entries (checksums, JSON, validation) took.
	Verify, Replay time.Duration
}

// LastWrite is the last write logged in a store file: when, and by whom
// (the key's or token's name).
type LastWrite struct {
	At time.Time
	By string
}

// SectionCount is the number of records in one section of a dataset.
type SectionCount struct {
	Section string
	N       int
}

// Check verifies a store file as Open does, without writing to it or
// creating it, and reports what it holds. It opens the file read-only,
// which bbolt's lock allows only while no server has it open: it waits at
// most timeout, then says the file is in use. Every problem is a
// *FileError.
func Check(path string, timeout time.Duration) (*Report, error) {
	o, err := openFile(path, true, timeout)
	if err != nil {
		return nil, err
	}
	defer o.db.Close()
	m := o.layout.meta
	r := &Report{Path: path, Size: o.layout.size, PageSize: m.pageSize, Pages: m.pgid, TxID: m.txid,
		Entries: o.entries, Unchecked: o.unchecked, Counts: countSections(o.ds),
		Verify: o.verified, Replay: o.decoded}
	if o.last != nil {
		r.LastWrite = &LastWrite{At: o.last.At, By: o.last.By}
	}
	return r, nil
}

// BackupFile writes a consistent copy of the store file at path, which no
// server may have open (see Check), after verifying it: a backup of a
// damaged file would only move the damage.
func BackupFile(path string, w io.Writer, timeout time.Duration) (int64, error) {
	o, err := openFile(path, true, timeout)
	if err != nil {
		return 0, err
	}
	defer o.db.Close()
	var n int64
	err = o.db.View(func(tx *bolt.Tx) (err error) {
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, errors.Join(errors.New("writing the backup"), err)
	}
	return n, nil
}

func countSections(ds *graph.Dataset) []SectionCount {
	return []SectionCount{
		{"countries", len(ds.Countries)}, {"cities", len(ds.Cities)}, {"networks", len(ds.Networks)},
		{"institutions", len(ds.Institutions)}, {"people", len(ds.People)}, {"events", len(ds.Events)},
		{"partnerships", len(ds.Partnerships)}, {"sources", len(ds.Sources)},
		{"memberships", len(ds.Memberships)}, {"founders", len(ds.Foundings)},
		{"offices", len(ds.Offices)}, {"claims", len(ds.Claims)},
	}
}

// Restore puts the store file backup at path, for a server that is
// stopped: it verifies the backup (Check), copies it beside path, syncs
// it, and renames it over path in one step, so that path is at every
// moment the old file or the new one, never missing (which would make the
// next start seed a new store). The file it replaces, if any, stays
// beside it as the name returned. A file a server holds is refused
// (waiting at most timeout for its lock).
func Restore(backup, path string, timeout time.Duration) (replaced string, err error) {
	if _, err := Check(backup, timeout); err != nil {
		return "", err
	}
	if a, b := mustAbs(backup), mustAbs(path); a == b {
		return "", fmt.Errorf("the backup and the store file are the same file, %s", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".restore-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	in, err := os.Open(backup)
	if err != nil {
		tmp.Close()
		return "", err
	}
	_, err = io.Copy(tmp, in)
	in.Close()
	if err = errors.Join(err, tmp.Sync(), tmp.Close()); err != nil {
		return "", fmt.Errorf("copying %s: %w", backup, err)
	}
	if old, err := os.Open(path); err == nil {
		// Held until the rename, so that no server starts on the old
		// file meanwhile.
		defer old.Close()
		if err := lockFile(old, true, timeout); err != nil {
			if errors.Is(err, berrors.ErrTimeout) {
				return "", &FileError{path, fmt.Sprintf("is in use: its lock was not free within %v", timeout), "stop the server first", err}
			}
			return "", err
		}
		replaced = fmt.Sprintf("%s.replaced-%s", path, time.Now().UTC().Format("20060102T150405Z"))
		if err := os.Link(path, replaced); err != nil {
			return "", fmt.Errorf("keeping the old file as %s: %w", replaced, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	return replaced, syncFile(dir)
}

func mustAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
