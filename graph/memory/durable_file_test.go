package memory_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
	"citynet/synth"
)

// The tests of the store's refusals: a file that exists is a whole store
// or a start-up error naming it, never a reseed, a panic or a fault.

// tinyStore makes a store file of several pages (the tiny synth preset,
// whose log entry spans overflow pages, and three writes) and returns
// its path and the hash of its graph.
func tinyStore(tb testing.TB, dir string) (string, string) {
	tb.Helper()
	cfg, err := synth.Preset("tiny")
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, "citynet.db")
	s := MustOpen(tb, path, func() (*graph.Dataset, error) { return synth.Generate(cfg), nil })
	for _, id := range []string{"golf", "hotel", "india"} {
		if _, err := s.Apply(context.Background(), &graph.Change{Put: &graph.Dataset{Cities: []*graph.City{{ID: id, Name: id, CountryID: firstCountry(tb, s)}}}, By: "ada"}); err != nil {
			tb.Fatal(err)
		}
	}
	h := graphHash(tb, s)
	if err := s.Close(); err != nil {
		tb.Fatal(err)
	}
	return path, h
}

func firstCountry(tb testing.TB, s *memory.Store) string {
	tb.Helper()
	c, err := s.Countries(context.Background(), graph.Page{First: 1})
	if err != nil || len(c.Items) == 0 {
		tb.Fatalf("no country: %v", err)
	}
	return c.Items[0].ID
}

func graphHash(tb testing.TB, s *memory.Store) string {
	tb.Helper()
	ds, _ := s.Dataset(context.Background())
	b, err := graph.EncodeDataset(ds)
	if err != nil {
		tb.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// boltSize is the size a file's last transaction needs (pages in use).
func boltSize(tb testing.TB, path string) int64 {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var n int64
	db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		tb.Fatal(err)
	}
}

// wantFileError checks that err is a start-up error naming path and
// containing each of wants, and that it says what to do.
func wantFileError(tb testing.TB, err error, path string, wants ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("opened; want an error naming %s", path)
	}
	var fe *memory.FileError
	if !errors.As(err, &fe) {
		tb.Errorf("got %T %v; want a *memory.FileError", err, err)
	}
	msg := err.Error()
	for _, w := range append([]string{path}, wants...) {
		if !strings.Contains(msg, w) {
			tb.Errorf("error %q does not contain %q", msg, w)
		}
	}
}

func TestOpen_ExistingFileIsNeverReseeded(t *testing.T) {
	seeded := false
	seed := func() (*graph.Dataset, error) { seeded = true; return storetest.Synthetic(), nil }
	cases := []struct {
		name  string
		make  func(t *testing.T, path string)
		wants []string
	}{
		{"Empty", func(t *testing.T, path string) {
			os.WriteFile(path, nil, 0o600)
		}, []string{"is empty (0 bytes)", "restore the file from a backup"}},
		{"NoLog", func(t *testing.T, path string) {
			// What a crash between creating the file and writing the
			// first entry left before files were created aside.
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
		}, []string{"holds no log"}},
		{"EmptyLog", func(t *testing.T, path string) {
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("log")); return err })
			db.Close()
		}, []string{"log is empty"}},
		{"Directory", func(t *testing.T, path string) {
			os.Mkdir(path, 0o700)
		}, []string{"not a regular file"}},
		{"NotAStore", func(t *testing.T, path string) {
			os.WriteFile(path, bytes.Repeat([]byte("not a bolt file at all "), 1000), 0o600)
		}, []string{"neither of its two meta pages is valid"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "citynet.db")
			tc.make(t, path)
			seeded = false
			s, err := memory.Open(path, seed)
			if err == nil {
				s.Close()
			}
			if seeded {
				t.Errorf("the seed was called for an existing file")
			}
			wantFileError(t, err, path, tc.wants...)
		})
	}
	t.Run("Unreadable", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads any file")
		}
		path, _ := tinyStore(t, t.TempDir())
		os.Chmod(path, 0)
		_, err := memory.Open(path, seed)
		wantFileError(t, err, path, "permission denied")
	})
}

// A new store is written aside and linked into place whole: a seed that
// fails leaves no file, so the next start seeds again rather than finding
// a store without a log; nor is a temporary file left behind.
func TestOpen_CreateIsAtomic(t *testing.T) {
	t.Run("SeedFails", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "citynet.db")
		if _, err := memory.Open(path, noSeed); err == nil {
			t.Fatal("opened with a failing seed")
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("files left after a failed creation: got %v, want none", entries)
		}
		s := MustOpen(t, path, synthetic)
		s.Close()
	})
	t.Run("InvalidSeed", func(t *testing.T) {
		dir := t.TempDir()
		ds := storetest.Synthetic()
		ds.Cities[0].CountryID = "nowhere"
		if _, err := memory.Open(filepath.Join(dir, "citynet.db"), func() (*graph.Dataset, error) { return ds, nil }); err == nil {
			t.Fatal("opened with an invalid seed")
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("files left after a refused seed: got %v, want none", entries)
		}
	})
	t.Run("OK", func(t *testing.T) {
		dir := t.TempDir()
		s := MustOpen(t, filepath.Join(dir, "citynet.db"), synthetic)
		s.Close()
		if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "citynet.db" {
			t.Errorf("files after creation: got %v, want citynet.db alone", entries)
		}
	})
}

// runChild opens path in a child process (TestDurableChild), so that a
// fault in bbolt, which would kill the test binary, is a failure of one
// case. It returns the child's output.
func runChild(t *testing.T, mode, path string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestDurableChild$", "-test.v")
	cmd.Env = append(os.Environ(), "CITYNET_DURABLE_CHILD="+mode, "CITYNET_DURABLE_PATH="+path,
		"GORACE="+os.Getenv("GORACE")+" atexit_sleep_ms=0") // -race waits a second at exit otherwise

	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the child crashed (%v); want an error or the graph:\n%s", err, out)
	}
	for _, bad := range []string{"panic", "goroutine ", "SIGBUS", "SIGSEGV"} {
		if strings.Contains(string(out), bad) {
			t.Fatalf("the child's output has %q; want an error or the graph:\n%s", bad, out)
		}
	}
	return string(out)
}

// TestDurableChild is the child of the tests that could crash: it opens
// the file and prints "graph <hash>" or "error: <error>".
func TestDurableChild(t *testing.T) {
	mode, path := os.Getenv("CITYNET_DURABLE_CHILD"), os.Getenv("CITYNET_DURABLE_PATH")
	if mode == "" {
		t.Skip("only run by the tests of damaged files")
	}
	if offsets, ok := strings.CutPrefix(mode, "flips:"); ok {
		flips(t, path, strings.Split(offsets, ","))
		return
	}
	if mode == "full" {
		// No page past the two meta pages may be written (Linux
		// refuses writes at or past RLIMIT_FSIZE, even inside the
		// file): the compaction's pages find no room, as on a full disk.
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 2 * 4096, Max: ^uint64(0)}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := memory.Open(path, noSeed)
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return
	}
	defer s.Close()
	fmt.Printf("graph %s\n", graphHash(t, s))
	if mode == "full" {
		fmt.Printf("read-only: %v\n", s.ReadOnly())
		ctx := context.Background()
		_, err := s.Apply(ctx, &graph.Change{Put: &graph.Dataset{Cities: []*graph.City{{ID: "juliet", Name: "Juliet", CountryID: firstCountry(t, s)}}}})
		fmt.Printf("write: %s: %v\n", graph.ErrorCode(err), err)
		_, err = s.Apply(ctx, &graph.Change{Put: &graph.Dataset{Cities: []*graph.City{{ID: "juliet", Name: "Juliet", CountryID: firstCountry(t, s)}}}, DryRun: true})
		fmt.Printf("dry run: %v\n", err)
		_, err = s.City(ctx, "golf")
		fmt.Printf("read: %v\n", err)
	}
}

// flips opens a copy of path with each byte flipped in turn.
func flips(t *testing.T, path string, offsets []string) {
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "citynet.db")
	for _, o := range offsets {
		off, _ := strconv.Atoi(o)
		b := bytes.Clone(orig)
		b[off] ^= 0x5a
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("flip %d: ", off)
		os.Stdout.Sync()
		s, err := memory.Open(p, noSeed)
		if err != nil {
			fmt.Printf("error: %v\n", strings.ReplaceAll(err.Error(), "\n", " "))
			continue
		}
		fmt.Printf("graph %s\n", graphHash(t, s))
		s.Close()
	}
}

// A truncated file is an error naming it, never a fault: cut inside each
// meta page, between pages, inside the pages in use and in the space the
// file was grown by but does not use yet (which opens, unchanged).
func TestOpen_Truncated(t *testing.T) {
	dir := t.TempDir()
	path, want := tinyStore(t, dir)
	st, _ := os.Stat(path)
	used := boltSize(t, path)
	const ps = 4096
	cuts := []int64{1, 40, 100, ps - 1, ps, ps + 40, ps + 100, 2 * ps, 2*ps + 500, 3 * ps, used / 2, used/2 + 1234, used - ps, used - 1}
	if st.Size() > used {
		cuts = append(cuts, used, (used+st.Size())/2)
	}
	for _, cut := range cuts {
		t.Run(strconv.FormatInt(cut, 10), func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "citynet.db")
			copyFile(t, path, p)
			if err := os.Truncate(p, cut); err != nil {
				t.Fatal(err)
			}
			out := runChild(t, "open", p)
			if cut >= used {
				if !strings.Contains(out, "graph "+want) {
					t.Errorf("cut at %d (%d bytes in use): got\n%s\nwant the graph %s", cut, used, out, want)
				}
				return
			}
			for _, w := range []string{"error: store file " + p, "restore the file from a backup"} {
				if !strings.Contains(out, w) {
					t.Errorf("cut at %d of %d: got\n%s\nwant %q", cut, used, out, w)
				}
			}
		})
	}
}

// Flipped bytes anywhere in the pages in use: an error naming the file,
// or (a byte nothing reads) the graph as it was; never a crash, never
// another graph (such as the previous transaction's, which bbolt falls
// back to when a meta page is bad). One child tries every flip in turn and
// names each before opening it, so a crash names its flip.
func TestOpen_FlippedBytes(t *testing.T) {
	dir := t.TempDir()
	path, want := tinyStore(t, dir)
	MustOpen(t, path, noSeed).Close() // compacted: the child's opens do not write
	used := boltSize(t, path)
	const ps = 4096
	var offsets []string
	orig, _ := os.ReadFile(path)
	for page := int64(0); page*ps < used; page++ {
		// Every field of the page header, of the meta, of the first
		// elements, on each page that starts one (its header names it);
		// one byte of each page that continues one (an entry's JSON).
		ats := []int64{0, 8, 10, 12, 16, 20, 24, 28, 40, 56, 72, 100, 2000}
		if binary.NativeEndian.Uint64(orig[page*ps:]) != uint64(page) {
			ats = []int64{page * 97 % ps}
		}
		if testing.Short() && len(ats) > 3 {
			ats = ats[page%4 : page%4+3]
		}
		for _, at := range ats {
			offsets = append(offsets, strconv.FormatInt(page*ps+at, 10))
		}
	}
	out := runChild(t, "flips:"+strings.Join(offsets, ","), path)
	refused, harmless := 0, 0
	for _, off := range offsets {
		line, ok := lineAfter(out, "flip "+off+": ")
		switch {
		case !ok:
			t.Errorf("byte %s flipped: no answer from the child", off)
		case strings.HasPrefix(line, "error: store file "):
			refused++
		case line == "graph "+want:
			harmless++
		default:
			t.Errorf("byte %s flipped: got %q, want an error naming the file, or the graph %s", off, line, want)
		}
	}
	t.Logf("%d flips: %d refused, %d harmless", len(offsets), refused, harmless)
}

func lineAfter(out, prefix string) (string, bool) {
	for l := range strings.Lines(out) {
		if rest, ok := strings.CutPrefix(l, prefix); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// An edited byte inside a log entry is refused by the entry's checksum,
// with the file and the entry named; bbolt itself checksums only its
// meta pages, and the JSON would still decode.
func TestOpen_EditedEntry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "citynet.db")
	s := MustOpen(t, path, synthetic)
	s.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// "Pravograd": still a valid graph. Older copies, in free pages,
	// change too, and matter not.
	if bytes.Count(b, []byte("Bravograd")) == 0 {
		t.Fatal("Bravograd is not in the file")
	}
	b = bytes.ReplaceAll(b, []byte("Bravograd"), []byte("Pravograd"))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = memory.Open(path, noSeed)
	wantFileError(t, err, path, "log entry 1 fails its checksum")
}

// Logs written before entries had a checksum still open, and the next
// compaction (on open) rewrites them with one.
func TestOpen_UncheckedEntries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "citynet.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	put, _ := graph.EncodeDataset(storetest.Synthetic()) // the oldest entries: a dataset file
	change, _ := json.Marshal(&graph.Change{Put: newCity("golf"), By: "ada", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("log"))
		if err != nil {
			return err
		}
		for _, v := range [][]byte{put, change} {
			seq, _ := b.NextSequence()
			if err := b.Put(binary.BigEndian.AppendUint64(nil, seq), v); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r, err := memory.Check(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if r.Entries != 2 || r.Unchecked != 2 {
		t.Errorf("entries before open: got %d (%d unchecked), want 2 (2 unchecked)", r.Entries, r.Unchecked)
	}
	s := MustOpen(t, path, noSeed)
	if _, err := s.City(ctx, "golf"); err != nil {
		t.Errorf("golf from an unchecked entry: %v", err)
	}
	s.Close()
	r, err = memory.Check(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if r.Entries != 1 || r.Unchecked != 0 {
		t.Errorf("entries after open: got %d (%d unchecked), want 1 (0 unchecked)", r.Entries, r.Unchecked)
	}
}

// A log whose sequence number is behind its entries would overwrite them
// at the next write: refused.
func TestOpen_SequenceBehind(t *testing.T) {
	path := filepath.Join(t.TempDir(), "citynet.db")
	s := MustOpen(t, path, synthetic)
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("log")).SetSequence(0) })
	db.Close()
	_, err = memory.Open(path, noSeed)
	wantFileError(t, err, path, "sequence number (0) is behind its last entry (1)")
}

// With no room to compact (the file may not grow: RLIMIT_FSIZE in a
// child, as a full disk would refuse), the store opens read-only: reads
// and dry runs answer, writes are refused with UNAVAILABLE.
func TestOpen_ReadOnlyWhenFull(t *testing.T) {
	path, want := tinyStore(t, t.TempDir()) // four entries: open compacts
	out := runChild(t, "full", path)
	t.Logf("child:\n%s", out)
	for _, w := range []string{
		"graph " + want,
		"read-only: the log of " + path + " could not be compacted: ",
		"write: unavailable: the server is read-only",
		"dry run: <nil>",
		"read: <nil>",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("got\n%s\nwant %q", out, w)
		}
	}
	s := MustOpen(t, path, noSeed) // with room again: writable, compacted
	defer s.Close()
	if s.ReadOnly() != nil || s.LogEntries() != 1 {
		t.Errorf("reopened with room: read-only %v, %d log entries; want writable, 1", s.ReadOnly(), s.LogEntries())
	}
}

func TestCheck(t *testing.T) {
	path, _ := tinyStore(t, t.TempDir())
	t.Run("OK", func(t *testing.T) {
		r, err := memory.Check(path, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(path)
		if r.Size != st.Size() || r.PageSize != 4096 || r.Entries != 4 || r.Unchecked != 0 {
			t.Errorf("report: got size %d, page size %d, %d entries (%d unchecked); want %d, 4096, 4 (0)", r.Size, r.PageSize, r.Entries, r.Unchecked, st.Size())
		}
		if r.LastWrite == nil || r.LastWrite.By != "ada" || r.LastWrite.At.IsZero() {
			t.Errorf("last write: got %+v, want by ada, stamped", r.LastWrite)
		}
		if r.Counts[1].Section != "cities" || r.Counts[1].N != 203 {
			t.Errorf("cities: got %+v, want 203", r.Counts[1])
		}
		if r2, _ := memory.Check(path, time.Second); r2 == nil || r2.Entries != 4 {
			t.Errorf("Check changed the file: %+v", r2)
		}
	})
	t.Run("InUse", func(t *testing.T) {
		s := MustOpen(t, path, noSeed)
		defer s.Close()
		_, err := memory.Check(path, 100*time.Millisecond)
		wantFileError(t, err, path, "is in use", "a server running on the same -data-dir")
	})
	t.Run("Missing", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "citynet.db")
		_, err := memory.Check(p, time.Second)
		wantFileError(t, err, p, "does not exist")
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Check created the file: %v", err)
		}
	})
}

// A backup taken while the store serves is a store file that opens to the
// same graph; one taken of a file (no server) too.
func TestStore_Backup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "citynet.db")
	s := MustOpen(t, path, synthetic)
	defer s.Close()
	if _, err := s.Apply(ctx, &graph.Change{Put: newCity("golf")}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := s.Backup(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("backup: %d bytes (%d written), %v", n, buf.Len(), err)
	}
	copyPath := filepath.Join(dir, "backup.db")
	os.WriteFile(copyPath, buf.Bytes(), 0o600)
	b := MustOpen(t, copyPath, noSeed)
	if got, want := graphHash(t, b), graphHash(t, s); got != want {
		t.Errorf("the backup's graph: got %s, want %s", got, want)
	}
	b.Close()
	var again bytes.Buffer
	if _, err := memory.BackupFile(copyPath, &again, time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := memory.BackupFile(path, &again, 100*time.Millisecond); err == nil {
		t.Error("BackupFile read a file a store holds open")
	}
}
