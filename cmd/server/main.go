// Command server runs the city-networks GraphQL API. Configuration comes from
// the environment, and flags override it (see -help). With NEO4J_URI unset
// it serves the embedded store loaded with the bundled dataset (or -data).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"citynet/data"
	"citynet/graph"
	"citynet/graph/memory"
	"citynet/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg, err := ParseConfig(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(2)
	}
	m := &Main{Config: cfg, Logger: log}
	if err := m.Open(); err != nil {
		// Plain text, not a log record: dataset errors span several lines.
		fmt.Fprintln(os.Stderr, "server: cannot start:", err)
		os.Exit(1)
	}
	log.Info("serving", "url", m.URL()+"/graphql", "store", m.StoreName)
	if err := m.Run(ctx); err != nil {
		log.Error("server failed", "error", err)
		os.Exit(1)
	}
	log.Info("stopped")
}

// Config is the server's configuration.
type Config struct {
	Addr            string        // ADDR, -addr
	DataDir         string        // DATA, -data: dataset directory; "" = bundled
	CORSOrigins     []string      // CORS_ORIGINS, -cors-origins (comma-separated)
	MaxBodyBytes    int64         // MAX_BODY_BYTES, -max-body-bytes
	ShutdownTimeout time.Duration // SHUTDOWN_TIMEOUT, -shutdown-timeout
	Neo4jURI        string        // NEO4J_URI (environment only)
}

// ParseConfig reads the environment first, then flags, which override it.
// Environment values go through the same parsers as the flags; a bad one is
// an error naming the variable unless the flag overrides it.
func ParseConfig(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	cfg := Config{Neo4jURI: getenv("NEO4J_URI")}
	var origins string
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "listen address (env ADDR)")
	fs.StringVar(&cfg.DataDir, "data", "", "dataset directory to load instead of the bundled dataset (env DATA)")
	fs.StringVar(&origins, "cors-origins", "", "comma-separated origins allowed by CORS, one * wildcard each; empty = localhost origins (env CORS_ORIGINS)")
	fs.Int64Var(&cfg.MaxBodyBytes, "max-body-bytes", 1<<20, "largest request body accepted (env MAX_BODY_BYTES)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 10*time.Second, "how long to let requests finish on SIGINT/SIGTERM (env SHUTDOWN_TIMEOUT)")
	env := map[string]string{"addr": "ADDR", "data": "DATA", "cors-origins": "CORS_ORIGINS", "max-body-bytes": "MAX_BODY_BYTES", "shutdown-timeout": "SHUTDOWN_TIMEOUT"}
	envErrs := map[string]error{}
	for name, variable := range env {
		if v := getenv(variable); v != "" {
			if err := fs.Set(name, v); err != nil {
				envErrs[name] = fmt.Errorf("%s=%q: %v", variable, v, err)
			}
		}
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	fs.Visit(func(f *flag.Flag) { delete(envErrs, f.Name) })
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(envErrs)) {
		errs = append(errs, envErrs[name])
	}
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected arguments: %q", fs.Args()))
	}
	if cfg.MaxBodyBytes <= 0 {
		errs = append(errs, fmt.Errorf("MAX_BODY_BYTES / -max-body-bytes must be positive, got %d", cfg.MaxBodyBytes))
	}
	if cfg.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("SHUTDOWN_TIMEOUT / -shutdown-timeout must be positive, got %v", cfg.ShutdownTimeout))
	}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.CORSOrigins = append(cfg.CORSOrigins, o)
		}
	}
	return cfg, errors.Join(errs...)
}

// Main is the running program: tests start it on ":0" and stop it.
type Main struct {
	Config    Config
	Logger    *slog.Logger
	StoreName string

	store graph.Store
	ln    net.Listener
	srv   *http.Server
}

// Open opens the store and starts listening (but not serving).
func (m *Main) Open() error {
	if m.Logger == nil {
		m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	store, name, err := openStore(m.Config)
	if err != nil {
		return err
	}
	m.store, m.StoreName = store, name
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		store.Close()
		return err
	}
	m.srv = &http.Server{
		Handler: server.New(store, server.Options{
			CORSOrigins:  m.Config.CORSOrigins,
			MaxBodyBytes: m.Config.MaxBodyBytes,
			Logger:       m.Logger,
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	return nil
}

func openStore(cfg Config) (graph.Store, string, error) {
	if cfg.Neo4jURI != "" {
		return nil, "", errors.New("NEO4J_URI is set, but this build has no Neo4j store; unset NEO4J_URI to use the embedded store")
	}
	var ds *graph.Dataset
	var err error
	name := "embedded (bundled dataset)"
	if cfg.DataDir != "" {
		ds, err = graph.LoadDataset(os.DirFS(cfg.DataDir), ".")
		name = "embedded (" + cfg.DataDir + ")"
	} else {
		ds, err = data.Load()
	}
	if err != nil {
		return nil, "", err
	}
	s, err := memory.New(ds)
	return s, name, err
}

// URL is the base URL the server listens on.
func (m *Main) URL() string { return "http://" + m.ln.Addr().String() }

// Run serves until ctx is cancelled, then shuts down gracefully.
func (m *Main) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- m.srv.Serve(m.ln) }()
	select {
	case err := <-errc:
		m.store.Close()
		return err
	case <-ctx.Done():
	}
	m.Logger.Info("shutting down", "timeout", m.Config.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
	defer cancel()
	err := m.srv.Shutdown(sctx)
	if err != nil {
		// Requests still running after the timeout are cut off, so that
		// none of them is left using the store closed below.
		m.srv.Close()
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return errors.Join(err, m.store.Close())
}
