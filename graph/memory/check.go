package memory

import (
	"errors"
	"io"
	"time"

	bolt "go.etcd.io/bbolt"

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

// LastWrite is the last write logged in a store file.
type LastWrite struct {
	At  time.Time
	By  string
	Seq uint64 // its log sequence number: writes since the file was created
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
		r.LastWrite = &LastWrite{At: o.last.At, By: o.last.By, Seq: o.last.Seq}
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
