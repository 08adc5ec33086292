package memory_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

func synthetic() (*graph.Dataset, error) { return storetest.Synthetic(), nil }

func noSeed() (*graph.Dataset, error) { return nil, errors.New("seed called for an existing store") }

func MustOpen(tb testing.TB, path string, seed func() (*graph.Dataset, error)) *memory.Store {
	tb.Helper()
	s, err := memory.Open(path, seed)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "citynet.db")
	s := MustOpen(t, path, synthetic)
	if _, err := s.Apply(ctx, &graph.Change{Put: newCity("golf")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, &graph.Change{Put: newCity("hotel"), DryRun: true}); err != nil { // dry run: not kept
		t.Fatal(err)
	}
	bad := newCity("india")
	bad.Memberships[0].NetworkID = "nowhere"
	if _, err := s.Apply(ctx, &graph.Change{Put: bad}); err == nil { // refused: not kept
		t.Fatal("accepted a dangling reference")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = MustOpen(t, path, noSeed) // reloads from the file; the seed is not used
	defer s.Close()
	if _, err := s.City(ctx, "golf"); err != nil {
		t.Errorf("an applied import did not survive a restart: %v", err)
	}
	for _, id := range []string{"hotel", "india"} {
		if _, err := s.City(ctx, id); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("%s: a dry run or refused import was kept (%v)", id, err)
		}
	}
	c, _ := s.Cities(ctx, graph.CityFilter{}, graph.Page{First: 100})
	if c.TotalCount != len(storetest.Synthetic().Cities)+1 {
		t.Errorf("cities after reopening: got %d, want %d", c.TotalCount, len(storetest.Synthetic().Cities)+1)
	}
}

func TestOpen_Err(t *testing.T) {
	dir := t.TempDir()
	if _, err := memory.Open(filepath.Join(dir, "a.db"), noSeed); err == nil || !strings.Contains(err.Error(), "seed called") {
		t.Errorf("a new file whose seed fails: got %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "junk.db"), []byte("not a bolt file at all, not at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := memory.Open(filepath.Join(dir, "junk.db"), synthetic); err == nil {
		t.Error("opened a file that is not a store")
	}
}

// The crash test: a child process applies imports one after another and
// reports each one that Apply acknowledged; the parent kills it with
// SIGKILL at a random moment, reopens the file, and checks that every
// acknowledged import is there and the file opens cleanly. Runs a bounded
// number of rounds.
func TestStore_CrashDurability(t *testing.T) {
	if os.Getenv("CITYNET_CRASH_CHILD") != "" {
		t.Skip("running as the child")
	}
	rounds := 5
	if testing.Short() {
		rounds = 2
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestCrashChild$")
		cmd.Env = append(os.Environ(), "CITYNET_CRASH_CHILD="+path, "CITYNET_CRASH_ROUND="+strconv.Itoa(round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		acked := []string{}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		deadline := time.After(time.Duration(50+rand.IntN(400)) * time.Millisecond)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if id, ok := strings.CutPrefix(l, "ack "); ok {
					acked = append(acked, id)
				}
			case <-deadline:
				cmd.Process.Signal(syscall.SIGKILL)
				for l := range lines { // acknowledgements already written count too
					if id, ok := strings.CutPrefix(l, "ack "); ok {
						acked = append(acked, id)
					}
				}
				break read
			}
		}
		cmd.Wait()
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			// Killed while creating the store: a new store appears
			// whole or not at all.
			if len(acked) > 0 {
				t.Fatalf("round %d: %d acknowledged imports, and no file", round, len(acked))
			}
			t.Logf("round %d: killed before the store was created: no file, nothing acknowledged", round)
			continue
		}
		s, err := memory.Open(path, noSeed)
		if err != nil {
			t.Fatalf("round %d: the file does not open after SIGKILL: %v", round, err)
		}
		for _, id := range acked {
			if _, err := s.City(context.Background(), id); err != nil {
				t.Errorf("round %d: acknowledged import %s lost: %v", round, id, err)
			}
		}
		s.Close()
		t.Logf("round %d: %d acknowledged imports, all present", round, len(acked))
	}
}

// TestCrashChild is the child of TestStore_CrashDurability.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("CITYNET_CRASH_CHILD")
	if path == "" {
		t.Skip("only run by TestStore_CrashDurability")
	}
	s, err := memory.Open(path, synthetic)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	round := os.Getenv("CITYNET_CRASH_ROUND")
	for i := 0; i < 100000; i++ {
		id := fmt.Sprintf("r%s-c%d", round, i)
		if _, err := s.Apply(context.Background(), &graph.Change{Put: newCity(id)}); err != nil {
			fmt.Println("apply:", err)
			os.Exit(1)
		}
		fmt.Println("ack", id)
	}
}

// Every kind of change survives a restart exactly, stamps included, and
// the log is compacted to one entry on open.
func TestOpen_ChangesSurviveAndCompact(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "citynet.db")
	s := MustOpen(t, path, synthetic)
	at := time.Date(2026, 11, 22, 10, 30, 0, 123456789, time.UTC)
	steps := []*graph.Change{
		{Put: newCity("golf"), By: "ada", At: at},
		{Patches: []graph.Patch{{Ref: graph.MembershipRef("golf", "n1", "2020"),
			Fields: map[string]json.RawMessage{"until": []byte(`"2024"`), "status": []byte(`"FORMER_MEMBER"`)}}}, By: "ada"},
		{Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "alpha")}, Cascade: true, By: "bob"},
	}
	for i, c := range steps {
		if _, err := s.Apply(ctx, c); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if n := s.LogEntries(); n != 1+len(steps) {
		t.Errorf("log entries before restart: got %d, want %d", n, 1+len(steps))
	}
	want, _ := s.Dataset(ctx)
	wantJSON, _ := graph.EncodeDataset(want)
	s.Close()

	s = MustOpen(t, path, noSeed)
	defer s.Close()
	got, _ := s.Dataset(ctx)
	gotJSON, _ := graph.EncodeDataset(got)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("the graph after a restart differs from the graph before it")
	}
	if n := s.LogEntries(); n != 1 {
		t.Errorf("log entries after open: got %d, want 1 (compacted)", n)
	}
	city, err := s.City(ctx, "golf")
	if err != nil || city.UpdatedBy() == nil || *city.UpdatedBy() != "ada" || !city.UpdatedAt().Equal(at) {
		t.Errorf("golf's stamp after restart: got %+v, %v; want ada at %v", city, err, at)
	}
	ms, _ := s.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"golf"}})
	if len(ms) != 1 || ms[0].Until != "2024" || ms[0].Status != graph.StatusFormerMember {
		t.Errorf("the patched membership after restart: got %+v", ms)
	}
	if _, err := s.City(ctx, "alpha"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("the deleted city after restart: got %v, want NOT_FOUND", err)
	}
}

// The log is compacted while serving, every CompactEvery writes.
func TestStore_CompactsWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("writes CompactEvery entries")
	}
	ctx := context.Background()
	s := MustOpen(t, filepath.Join(t.TempDir(), "citynet.db"), synthetic)
	defer s.Close()
	for i := 0; i < memory.CompactEvery+5; i++ {
		c := &graph.Change{Put: newCity("golf")}
		c.Put.Cities[0].LocalName = strconv.Itoa(i) // a real change each time
		if _, err := s.Apply(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.LogEntries(); n > 10 {
		t.Errorf("log entries after %d writes: got %d, want it compacted", memory.CompactEvery+5, n)
	}
	city, _ := s.City(ctx, "golf")
	if city.LocalName != strconv.Itoa(memory.CompactEvery+4) {
		t.Errorf("golf after compaction: got %q", city.LocalName)
	}
}
