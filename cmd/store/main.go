// Command store checks, backs up and restores the embedded store's file
// (citynet.db in the server's -data-dir):
//
//	go run ./cmd/store check FILE
//	go run ./cmd/store backup -o OUT FILE                # no server on FILE
//	CITYNET_KEY=… go run ./cmd/store backup -o OUT -server URL   # a running server
//	go run ./cmd/store restore BACKUP FILE               # server stopped
//
// check verifies the file as the server does at start, without writing
// it, and prints what it holds; it exits 1 on a file the server would
// refuse. bbolt lets one process write the file and takes a lock, so a
// file a server has open can only be read through that server:
// backup -server fetches GET /admin/backup (a write key, from CITYNET_KEY
// or -key-file). Every backup is checked before it takes its name.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"citynet/graph/memory"
)

func main() { os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr)) }

const usage = `usage:
  store check [-timeout D] FILE
  store backup -o OUT [-timeout D] FILE
  store backup -o OUT -server URL [-key-file F]   (key: $CITYNET_KEY)
  store restore [-timeout D] BACKUP FILE`

// run is the command; it returns the exit code: 0 done, 1 a bad file or a
// failed operation, 2 a usage error.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	fs := flag.NewFlagSet("store "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for the file's lock (a server holds it while it runs)")
	out := fs.String("o", "", "backup: the file to write (must not exist)")
	server := fs.String("server", "", "backup: the running server's base URL, e.g. http://127.0.0.1:8080")
	keyFile := fs.String("key-file", "", "backup -server: file holding a write key (default: $CITYNET_KEY)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "store:", err)
		return 1
	}
	switch cmd, n := args[0], fs.NArg(); {
	case cmd == "check" && n == 1:
		r, err := memory.Check(fs.Arg(0), *timeout)
		if err != nil {
			return fail(err)
		}
		printReport(stdout, r)
		return 0
	case cmd == "backup" && *out != "" && (n == 1) == (*server == ""):
		var err error
		if *server != "" {
			key := getenv("CITYNET_KEY")
			if *keyFile != "" {
				b, err := os.ReadFile(*keyFile)
				if err != nil {
					return fail(err)
				}
				key = strings.TrimSpace(string(b))
			}
			err = backup(*out, *timeout, func(w io.Writer) error { return fetch(w, *server, key) })
		} else {
			err = backup(*out, *timeout, func(w io.Writer) error {
				_, err := memory.BackupFile(fs.Arg(0), w, *timeout)
				return err
			})
		}
		if err != nil {
			return fail(err)
		}
		r, _ := memory.Check(*out, *timeout)
		fmt.Fprintf(stdout, "%s: backup written and checked (%d bytes, %d log entries, transaction %d)\n", *out, r.Size, r.Entries, r.TxID)
		return 0
	case cmd == "restore" && n == 2:
		replaced, err := memory.Restore(fs.Arg(0), fs.Arg(1), *timeout)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%s: restored from %s\n", fs.Arg(1), fs.Arg(0))
		if replaced != "" {
			fmt.Fprintf(stdout, "the file it replaced is kept as %s\n", replaced)
		}
		return 0
	}
	fmt.Fprintln(stderr, usage)
	return 2
}

// backup writes a backup to a temporary file beside out, checks it, and
// only then gives it its name, so that out is a checked store file or
// absent.
func backup(out string, timeout time.Duration, write func(io.Writer) error) error {
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("%s exists: give a new name", out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".part-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = write(tmp)
	if err = errors.Join(err, tmp.Sync(), tmp.Close()); err != nil {
		return err
	}
	if _, err := memory.Check(tmp.Name(), timeout); err != nil {
		return fmt.Errorf("the backup does not check: %w", err)
	}
	// A link does not replace a file that appeared meanwhile.
	if err := os.Link(tmp.Name(), out); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(out))
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

// fetch downloads a running server's backup.
func fetch(w io.Writer, server, key string) error {
	if key == "" {
		return errors.New("a backup from a server needs a write key: set CITYNET_KEY or give -key-file")
	}
	req, err := http.NewRequest(http.MethodGet, strings.TrimSuffix(server, "/")+"/admin/backup", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s answered %s: %s", req.URL, resp.Status, strings.TrimSpace(string(b)))
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

func printReport(w io.Writer, r *memory.Report) {
	fmt.Fprintf(w, "%s: OK\n", r.Path)
	fmt.Fprintf(w, "  file        %d bytes; bbolt pages of %d bytes, %d in use; transaction %d\n", r.Size, r.PageSize, r.Pages, r.TxID)
	checked := "all with a checksum"
	if r.Unchecked > 0 {
		checked = fmt.Sprintf("%d without a checksum (written by an older server; the next start rewrites them)", r.Unchecked)
	}
	fmt.Fprintf(w, "  log         %d entries, %s\n", r.Entries, checked)
	if lw := r.LastWrite; lw != nil {
		by := lw.By
		if by == "" {
			by = "(no name)"
		}
		fmt.Fprintf(w, "  last write  %s by %s\n", lw.At.UTC().Format(time.RFC3339), by)
	} else {
		fmt.Fprintf(w, "  last write  none recorded since the file was created\n")
	}
	var counts []string
	for _, c := range r.Counts {
		counts = append(counts, fmt.Sprintf("%d %s", c.N, c.Section))
	}
	fmt.Fprintf(w, "  graph       %s\n", strings.Join(counts, ", "))
	fmt.Fprintf(w, "  checked     pages in %v, log in %v\n", r.Verify.Round(time.Millisecond), r.Replay.Round(time.Millisecond))
}
