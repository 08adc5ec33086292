package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// children are the processes to kill when the benchmark stops.
var children struct {
	sync.Mutex
	procs map[int]*os.Process
}

func addChild(p *os.Process) {
	children.Lock()
	defer children.Unlock()
	if children.procs == nil {
		children.procs = map[int]*os.Process{}
	}
	children.procs[p.Pid] = p
}

func removeChild(p *os.Process) {
	children.Lock()
	defer children.Unlock()
	delete(children.procs, p.Pid)
}

// killChildren kills every child still registered, each by its own pid.
func killChildren() {
	children.Lock()
	defer children.Unlock()
	for pid, p := range children.procs {
		p.Kill()
		delete(children.procs, pid)
	}
}

// childAttr makes a child die when this process dies, whatever the cause.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// buildServer builds ./cmd/server once.
func buildServer(out string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/server")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/server: %w", err)
	}
	return nil
}

// tail keeps the last bytes written to it, for error messages.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 8192 {
		t.buf = t.buf[len(t.buf)-8192:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// server is a running server child.
type server struct {
	cmd    *exec.Cmd
	url    string // http://127.0.0.1:PORT
	log    *tail
	done   chan struct{}
	waited error
	// ready is how long it took from process start to the first 200
	// from /healthz.
	ready time.Duration
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// startServer starts bin on dataDir and waits until /healthz answers 200,
// at most timeout.
func startServer(bin, dataDir string, timeout time.Duration) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	s := &server{url: "http://" + addr, log: &tail{}, done: make(chan struct{})}
	s.cmd = exec.Command(bin, "-data", dataDir, "-addr", addr)
	s.cmd.Env = serverEnv()
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.cmd.SysProcAttr = childAttr()
	client := &http.Client{Timeout: time.Second}
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	addChild(s.cmd.Process)
	go func() {
		s.waited = s.cmd.Wait()
		close(s.done)
	}()
	deadline := start.Add(timeout)
	for {
		select {
		case <-s.done:
			removeChild(s.cmd.Process)
			return nil, fmt.Errorf("server exited before answering (%v):\n%s", s.waited, s.log)
		default:
		}
		resp, err := client.Get(s.url + "/healthz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.ready = time.Since(start)
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("server did not answer /healthz within %v:\n%s", timeout, s.log)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// serverEnv is this environment without the variables that would make the
// server use Neo4j or another address or dataset: flags override the rest.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_") {
			env = append(env, kv)
		}
	}
	return env
}

// stop asks the server to shut down, and kills it after 15 s.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	removeChild(s.cmd.Process)
}

// memory reads VmRSS and VmHWM (bytes) from /proc/PID/status.
func (s *server) memory() (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[2] == "kB" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			switch f[0] {
			case "VmRSS:":
				rss = n << 10
			case "VmHWM:":
				hwm = n << 10
			}
		}
	}
	if rss == 0 || hwm == 0 {
		return 0, 0, fmt.Errorf("no VmRSS/VmHWM in /proc/%d/status", s.cmd.Process.Pid)
	}
	return rss, hwm, nil
}
