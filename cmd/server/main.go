// Command server runs the city-networks GraphQL API. Configuration comes from
// the environment, and flags override it (see -help). With NEO4J_URI unset
// it serves the embedded store loaded with the bundled dataset (or -data);
// with NEO4J_URI set it serves Neo4j, loading the dataset into an empty
// database. `server -load` (re)loads the dataset into Neo4j and exits.
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
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"citynet/auth"
	"citynet/data"
	"citynet/documents"
	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/neo4j"
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
	// LOG_FORMAT, LOG_LEVEL (flags_observe.go).
	log = newLogger(cfg.Observe, os.Stderr)
	if cfg.NewKey != "" {
		name, role, _ := strings.Cut(cfg.NewKey, ":")
		key, line, err := auth.NewKey(name, auth.Role(role))
		if err == nil && (name == "" || role != string(auth.RoleRead) && role != string(auth.RoleWrite)) {
			err = errors.New("-new-key wants name:read or name:write")
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "server:", err)
			os.Exit(2)
		}
		fmt.Printf("key (give it to the client, it is not stored):\n  %s\nentry (add it to API_KEYS or API_KEYS_FILE):\n  %s\n", key, line)
		return
	}
	m := &Main{Config: cfg, Logger: log}
	if cfg.Load {
		if err := m.LoadNeo4j(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "server: load failed:", err)
			os.Exit(1)
		}
		return
	}
	// Spans go out over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; the
	// ones still buffered are flushed after the server has stopped.
	stopTracing := startTracing(ctx, &m.Config.Observe, os.Getenv, log)
	defer stopTracing()
	if err := m.Open(); err != nil {
		// Plain text, not a log record: dataset errors span several lines.
		fmt.Fprintln(os.Stderr, "server: cannot start:", err)
		os.Exit(1)
	}
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
	StoreDir        string        // DATA_DIR, -data-dir: keep the embedded store durable in this directory
	CORSOrigins     []string      // CORS_ORIGINS, -cors-origins (comma-separated)
	MaxBodyBytes    int64         // MAX_BODY_BYTES, -max-body-bytes
	MaxImportBytes  int64         // MAX_IMPORT_BYTES, -max-import-bytes
	ImportTimeout   time.Duration // IMPORT_TIMEOUT, -import-timeout: 0 = graph.DefaultImportTimeout, -1 = off
	ShutdownTimeout time.Duration // SHUTDOWN_TIMEOUT, -shutdown-timeout
	LoaderWait      time.Duration // LOADER_WAIT, -loader-wait
	Load            bool          // -load: load the dataset into Neo4j and exit
	APIKeysFile     string        // API_KEYS_FILE, -api-keys-file: lines name:role:sha256-hex
	APIKeys         string        // API_KEYS (environment only): the same entries, comma-separated
	ReadsNeedKey    bool          // READS=key, -reads key: queries need an API key too
	NewKey          string        // -new-key name:role: print a new key and its entry, and exit
	// Tokens from an identity provider (optional): JWT_ISSUER,
	// JWT_AUDIENCE, and JWT_HS256_SECRET_FILE or JWT_RS256_PUBLIC_KEY_FILE.
	JWTIssuer, JWTAudience, JWTSecretFile, JWTPublicKeyFile string
	// Neo4j comes from the environment only, so the password never shows in
	// a process list.
	Neo4j neo4j.Config // NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE
	// Request limits (flags_limits.go), caching (flags_cache.go) and
	// observability (flags_observe.go).
	Limits  server.Limits
	Cache   server.Caching
	Observe server.Observability
	// The optional model-backed document reader (flags_documents.go):
	// LLM_URL, LLM_MODEL, LLM_KEY_FILE, LLM_TIMEOUT.
	LLM documents.LLM
}

// ParseConfig reads the environment first, then flags, which override it.
// Environment values go through the same parsers as the flags; a bad one is
// an error naming the variable unless the flag overrides it.
func ParseConfig(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	cfg := Config{Neo4j: neo4j.Config{URI: getenv("NEO4J_URI"), Username: getenv("NEO4J_USERNAME"),
		Password: getenv("NEO4J_PASSWORD"), Database: getenv("NEO4J_DATABASE")}}
	if cfg.Neo4j.URI != "" && cfg.Neo4j.Username == "" {
		cfg.Neo4j.Username = "neo4j"
	}
	var origins string
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "listen address (env ADDR)")
	fs.StringVar(&cfg.DataDir, "data", "", "dataset directory to load instead of the bundled dataset (env DATA)")
	fs.StringVar(&cfg.StoreDir, "data-dir", "", "keep the embedded store on disk here (citynet.db): imports survive restarts; empty = in memory only (env DATA_DIR)")
	fs.StringVar(&origins, "cors-origins", "", "comma-separated origins allowed by CORS, one * wildcard each; empty = localhost origins (env CORS_ORIGINS)")
	fs.Int64Var(&cfg.MaxBodyBytes, "max-body-bytes", 1<<20, "largest request body accepted (env MAX_BODY_BYTES)")
	fs.Int64Var(&cfg.MaxImportBytes, "max-import-bytes", 64<<20, "largest POST /import body accepted (env MAX_IMPORT_BYTES)")
	fs.Var(limitValue[time.Duration]{&cfg.ImportTimeout, time.ParseDuration}, "import-timeout",
		fmt.Sprintf("longest (`duration`) an import (POST /import, reading the body included, or importDataset) may take; past it nothing is written; off = no limit (env IMPORT_TIMEOUT) (default %v)", graph.DefaultImportTimeout))
	fs.DurationVar(&cfg.LoaderWait, "loader-wait", 0, "how long dataloaders collect ids before reading them; 0 = 2ms (env LOADER_WAIT)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 10*time.Second, "how long to let requests finish on SIGINT/SIGTERM (env SHUTDOWN_TIMEOUT)")
	reads := "public"
	fs.StringVar(&reads, "reads", "public", "public: anyone may query; key: queries need an API key too (env READS)")
	fs.StringVar(&cfg.APIKeysFile, "api-keys-file", "", "file of API key entries name:role:sha256-hex, role read or write (env API_KEYS_FILE)")
	fs.StringVar(&cfg.JWTIssuer, "jwt-issuer", "", "accept signed tokens whose iss is this (env JWT_ISSUER)")
	fs.StringVar(&cfg.JWTAudience, "jwt-audience", "", "… and whose aud contains this (env JWT_AUDIENCE)")
	fs.StringVar(&cfg.JWTSecretFile, "jwt-hs256-secret-file", "", "file holding the HS256 secret, at least 32 bytes (env JWT_HS256_SECRET_FILE)")
	fs.StringVar(&cfg.JWTPublicKeyFile, "jwt-rs256-public-key-file", "", "PEM file of the RS256 public key (env JWT_RS256_PUBLIC_KEY_FILE)")
	fs.StringVar(&cfg.NewKey, "new-key", "", "print a new random API key for name:role and the entry to configure, then exit")
	fs.BoolVar(&cfg.Load, "load", false, "load (or reload) the dataset (-data, else the bundled one) into the Neo4j at NEO4J_URI and exit")
	limitFlags(fs, &cfg.Limits)
	cacheFlags(fs, &cfg.Cache)
	observeFlags(fs, &cfg.Observe)
	documentFlags(fs, &cfg.LLM)
	cfg.APIKeys = getenv("API_KEYS")
	// Every flag but the one-shot commands can be set from the
	// environment, under its name in upper case: -max-body-bytes is
	// MAX_BODY_BYTES.
	envErrs := map[string]error{}
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "new-key" || f.Name == "load" {
			return
		}
		variable := envName(f.Name)
		if v := getenv(variable); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				envErrs[f.Name] = fmt.Errorf("%s=%q: %v", variable, v, err)
			}
		}
	})
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
	switch reads {
	case "public":
	case "key":
		cfg.ReadsNeedKey = true
		if cfg.APIKeys == "" && cfg.APIKeysFile == "" && cfg.JWTIssuer == "" {
			errs = append(errs, errors.New("READS=key needs API keys or tokens: set API_KEYS or API_KEYS_FILE (make one with -new-key name:read), or JWT_ISSUER"))
		}
	default:
		errs = append(errs, fmt.Errorf("READS / -reads must be public or key, got %q", reads))
	}
	if cfg.Load && cfg.Neo4j.URI == "" {
		errs = append(errs, errors.New("-load loads into Neo4j: set NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD)"))
	}
	if cfg.MaxImportBytes <= 0 {
		errs = append(errs, fmt.Errorf("MAX_IMPORT_BYTES / -max-import-bytes must be positive, got %d", cfg.MaxImportBytes))
	}
	if cfg.LoaderWait < 0 {
		errs = append(errs, fmt.Errorf("LOADER_WAIT / -loader-wait must not be negative, got %v", cfg.LoaderWait))
	}
	if cfg.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("SHUTDOWN_TIMEOUT / -shutdown-timeout must be positive, got %v", cfg.ShutdownTimeout))
	}
	errs = append(errs, checkLimits(cfg.Limits)...)
	errs = append(errs, checkCache(cfg.Cache)...)
	errs = append(errs, checkObserve(cfg.Observe)...)
	errs = append(errs, checkDocuments(cfg.LLM)...)
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.CORSOrigins = append(cfg.CORSOrigins, o)
		}
	}
	return cfg, errors.Join(errs...)
}

// envName is the environment variable of a flag: -max-body-bytes is
// MAX_BODY_BYTES.
func envName(flagName string) string {
	return strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Main is the running program: tests start it on ":0" and stop it.
type Main struct {
	Config    Config
	Logger    *slog.Logger
	StoreName string
	keyCount  int

	store graph.Store
	ln    net.Listener
	srv   *http.Server
}

// Open opens the store and starts listening (but not serving).
func (m *Main) Open() error {
	if m.Logger == nil {
		m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	store, name, err := m.openStore()
	if err != nil {
		return err
	}
	m.store, m.StoreName = store, name
	authn, err := loadAuth(m.Config)
	if err != nil {
		store.Close()
		return err
	}
	m.keyCount = authn.Keys.Len()
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		store.Close()
		return err
	}
	m.srv = &http.Server{
		Handler: server.New(store, server.Options{
			CORSOrigins:    m.Config.CORSOrigins,
			MaxBodyBytes:   m.Config.MaxBodyBytes,
			Logger:         m.Logger,
			Auth:           authn,
			ReadsNeedKey:   m.Config.ReadsNeedKey,
			MaxImportBytes: m.Config.MaxImportBytes,
			ImportTimeout:  m.Config.ImportTimeout,
			Limits:         m.Config.Limits,
			Cache:          m.Config.Cache,
			Observe:        m.Config.Observe,
			LoaderWait:     m.Config.LoaderWait,
			LLM:            modelReader(m.Config.LLM),
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	if ms, ok := store.(*memory.Store); ok && m.Config.StoreDir != "" {
		m.srv.Handler = withBackup(m.srv.Handler, ms, authn, m.Logger) // backup.go
	}
	return nil
}

// loadAuth reads the API keys and, if configured, the token verifier.
func loadAuth(cfg Config) (auth.Authenticator, error) {
	keys, err := loadKeys(cfg)
	if err != nil || cfg.JWTIssuer == "" && cfg.JWTAudience == "" && cfg.JWTSecretFile == "" && cfg.JWTPublicKeyFile == "" {
		return auth.Authenticator{Keys: keys}, err
	}
	jc := auth.JWTConfig{Issuer: cfg.JWTIssuer, Audience: cfg.JWTAudience}
	if cfg.JWTSecretFile != "" {
		if jc.HS256Secret, err = os.ReadFile(cfg.JWTSecretFile); err != nil {
			return auth.Authenticator{}, fmt.Errorf("JWT secret: %w", err)
		}
		jc.HS256Secret = []byte(strings.TrimSpace(string(jc.HS256Secret)))
	}
	if cfg.JWTPublicKeyFile != "" {
		pem, err := os.ReadFile(cfg.JWTPublicKeyFile)
		if err != nil {
			return auth.Authenticator{}, fmt.Errorf("JWT public key: %w", err)
		}
		if jc.RS256Key, err = auth.ParseRSAPublicKey(pem); err != nil {
			return auth.Authenticator{}, fmt.Errorf("JWT public key %s: %w", cfg.JWTPublicKeyFile, err)
		}
	}
	v, err := auth.NewJWTVerifier(jc)
	return auth.Authenticator{Keys: keys, JWT: v}, err
}

// loadKeys reads the API keys from API_KEYS and API_KEYS_FILE.
func loadKeys(cfg Config) (*auth.Keys, error) {
	text := cfg.APIKeys
	if cfg.APIKeysFile != "" {
		b, err := os.ReadFile(cfg.APIKeysFile)
		if err != nil {
			return nil, fmt.Errorf("API keys file: %w", err)
		}
		text += "\n" + string(b)
	}
	keys, err := auth.ParseKeys(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	if cfg.ReadsNeedKey && keys.Len() == 0 && cfg.JWTIssuer == "" {
		return nil, errors.New("READS=key but no API keys or tokens are configured")
	}
	return keys, nil
}

// connectTimeout bounds connecting to Neo4j at start: a wrong address fails
// with one line instead of retrying for minutes.
const connectTimeout = 15 * time.Second

// dataset loads -data, or the bundled dataset.
func dataset(cfg Config) (*graph.Dataset, string, error) {
	if cfg.DataDir != "" {
		ds, err := graph.LoadDataset(os.DirFS(cfg.DataDir), ".")
		return ds, cfg.DataDir, err
	}
	ds, err := data.Load()
	return ds, "bundled dataset", err
}

func (m *Main) openStore() (graph.Store, string, error) {
	if m.Config.Neo4j.URI == "" && m.Config.StoreDir != "" {
		if err := os.MkdirAll(m.Config.StoreDir, 0o700); err != nil {
			return nil, "", err
		}
		path := filepath.Join(m.Config.StoreDir, "citynet.db")
		s, err := memory.Open(path, func() (*graph.Dataset, error) {
			ds, from, err := dataset(m.Config)
			m.Logger.Info("new store file: starting from", "dataset", from)
			return ds, err
		})
		if err == nil && s.ReadOnly() != nil {
			m.Logger.Warn("store is READ-ONLY: serving reads; writes answer SERVICE_UNAVAILABLE until there is room and the server restarts", "file", path, "error", s.ReadOnly())
			return s, "embedded, durable, read-only (" + path + ")", nil
		}
		return s, "embedded, durable (" + path + ")", err
	}
	if m.Config.Neo4j.URI == "" {
		ds, from, err := dataset(m.Config)
		if err != nil {
			return nil, "", err
		}
		s, err := memory.New(ds)
		return s, "embedded, in memory (" + from + ")", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	s, err := neo4j.Open(ctx, m.Config.Neo4j)
	if err != nil {
		return nil, "", err
	}
	name := "neo4j (" + m.Config.Neo4j.URI + ")"
	empty, err := s.Empty(ctx)
	if err == nil && empty {
		var ds *graph.Dataset
		var from string
		if ds, from, err = dataset(m.Config); err == nil {
			m.Logger.Info("neo4j database is empty: loading", "dataset", from)
			// Not ctx: the connect timeout would roll a large load back,
			// and the server would start again against an empty database.
			err = m.loadNeo4j(context.Background(), s, ds, from)
		}
	}
	if err != nil {
		s.Close()
		return nil, "", err
	}
	return s, name, nil
}

// LoadNeo4j loads the dataset into Neo4j, replacing what the database held;
// running it twice changes nothing the second time.
func (m *Main) LoadNeo4j(ctx context.Context) error {
	ds, from, err := dataset(m.Config)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	s, err := neo4j.Open(cctx, m.Config.Neo4j)
	if err != nil {
		return err
	}
	defer s.Close()
	return m.loadNeo4j(ctx, s, ds, from)
}

// loadProgressEvery spaces the progress lines of a load.
const loadProgressEvery = 5 * time.Second

// loadNeo4j loads ds into s, logging progress (rows sent so far) every
// few seconds: a large dataset is one transaction of many batches, which
// shows nothing in the database until it commits.
func (m *Main) loadNeo4j(ctx context.Context, s *neo4j.Store, ds *graph.Dataset, from string) error {
	start := time.Now()
	last := start
	err := s.LoadWithProgress(ctx, ds, func(done, total int) {
		if now := time.Now(); now.Sub(last) >= loadProgressEvery {
			last = now
			m.Logger.Info("loading", "dataset", from, "rows", done, "of", total, "elapsed", now.Sub(start).Round(time.Second))
		}
	})
	if err != nil {
		return err
	}
	m.Logger.Info("loaded", "dataset", from, "into", m.Config.Neo4j.URI, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// URL is the base URL the server listens on.
func (m *Main) URL() string { return "http://" + m.ln.Addr().String() }

// logReady says the server is ready and where: a first `go run` builds
// for minutes in silence, so this line is the first sign of life a
// newcomer sees, and it names both pages they may open. It is written
// before Serve starts, so any answer the server gives comes after it.
func (m *Main) logReady() {
	reads := "public"
	if m.Config.ReadsNeedKey {
		reads = "need a key"
	}
	// The document reader: the rules, and the model (its address and
	// name; never its key) when one is set.
	reader := "rules"
	if l := modelReader(m.Config.LLM); l != nil {
		reader = "rules + " + l.Model + " at " + l.URL
	}
	m.Logger.Info("serving", "explorer", m.URL()+"/", "graphql", m.URL()+"/graphql",
		"store", m.StoreName, "reads", reads, "api_keys", m.keyCount, "documents", reader)
}

// Run serves until ctx is cancelled, then shuts down gracefully.
func (m *Main) Run(ctx context.Context) error {
	m.logReady()
	errc := make(chan error, 1)
	go func() { errc <- m.srv.Serve(m.ln) }()
	if w, ok := m.store.(interface{ Warm(context.Context) }); ok {
		// Precompute slow first answers while already serving.
		go w.Warm(ctx)
	}
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
