package memory_test

import (
	"bufio"
	"context"
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
	if _, err := s.Apply(ctx, newCity("golf"), false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, newCity("hotel"), true); err != nil { // dry run: not kept
		t.Fatal(err)
	}
	bad := newCity("india")
	bad.Memberships[0].NetworkID = "nowhere"
	if _, err := s.Apply(ctx, bad, false); err == nil { // refused: not kept
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
		if _, err := s.Apply(context.Background(), newCity(id), false); err != nil {
			fmt.Println("apply:", err)
			os.Exit(1)
		}
		fmt.Println("ack", id)
	}
}
