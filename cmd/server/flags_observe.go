package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"citynet/server"
)

// minMetricsKey is the shortest metrics key accepted: a guessable key
// would protect nothing.
const minMetricsKey = 16

// observeFlags registers the flags (and so the environment variables) of
// server.Observability. Every default is the zero value, which
// server.Observability reads as its default (metrics and request lines on),
// so the help and the zero Config mean the same thing.
func observeFlags(fs *flag.FlagSet, c *server.Observability) {
	fs.BoolFunc("metrics", "serve Prometheus metrics at /metrics; false: none recorded (env METRICS) (default true)",
		func(s string) error {
			on, err := strconv.ParseBool(s)
			if err == nil {
				c.NoMetrics = !on
			}
			return err
		})
	fs.Func("metrics-key-file", "file holding a key that /metrics then wants as Authorization: Bearer <key>; unset: /metrics is public (env METRICS_KEY_FILE)",
		func(path string) error {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			c.MetricsKey = strings.TrimSpace(string(b))
			if len(c.MetricsKey) < minMetricsKey {
				return fmt.Errorf("%s: the key must be at least %d characters", path, minMetricsKey)
			}
			return nil
		})
	fs.BoolFunc("metrics-public", "true: /metrics answers anyone; false: it wants an API key or token (any role); unset: public unless READS=key (env METRICS_PUBLIC)",
		func(s string) error {
			on, err := strconv.ParseBool(s)
			if err == nil {
				c.MetricsPublic = &on
			}
			return err
		})
	fs.BoolFunc("log-requests", "log one line per request: method, route, operation, status, duration, bytes, error codes (env LOG_REQUESTS) (default true)",
		func(s string) error {
			on, err := strconv.ParseBool(s)
			if err == nil {
				c.NoRequestLog = !on
			}
			return err
		})
	fs.BoolVar(&c.LogQuery, "log-query", false, "add the GraphQL query text to request lines; variables are never logged (env LOG_QUERY)")
	fs.Func("log-format", "json, text, or auto: text when stderr is a terminal, else JSON (env LOG_FORMAT) (default auto)",
		func(s string) error {
			switch s {
			case "auto":
				c.LogFormat = ""
			case "json", "text":
				c.LogFormat = s
			default:
				return errors.New("want auto, json or text")
			}
			return nil
		})
	fs.TextVar(&c.LogLevel, "log-level", slog.LevelInfo, "least severe level logged: debug, info, warn or error (env LOG_LEVEL)")
	fs.DurationVar(&c.ReadyTimeout, "ready-timeout", 0, fmt.Sprintf(
		"how long GET /readyz waits for the store; 0: %v (env READY_TIMEOUT)", server.DefaultReadyTimeout))
}

// checkObserve reports values of server.Observability that cannot work.
func checkObserve(c server.Observability) []error {
	var errs []error
	if c.ReadyTimeout < 0 {
		errs = append(errs, fmt.Errorf("READY_TIMEOUT / -ready-timeout must be positive, or 0 for %v, got %v", server.DefaultReadyTimeout, c.ReadyTimeout))
	}
	if c.LogQuery && c.NoRequestLog {
		errs = append(errs, errors.New("LOG_QUERY / -log-query adds the query to request lines: it needs LOG_REQUESTS=true"))
	}
	if c.MetricsKey != "" && c.NoMetrics {
		errs = append(errs, errors.New("METRICS_KEY_FILE / -metrics-key-file protects /metrics: it needs METRICS=true"))
	}
	if c.MetricsKey != "" && c.MetricsPublic != nil && *c.MetricsPublic {
		errs = append(errs, errors.New("METRICS_PUBLIC=true and METRICS_KEY_FILE contradict each other: /metrics is either public or wants the metrics key"))
	}
	return errs
}

// newLogger builds the program's logger: JSON for log collectors, text
// for a person at a terminal (LOG_FORMAT=auto decides by w).
func newLogger(c server.Observability, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	format := c.LogFormat
	if format == "" {
		format = "json"
		if isTerminal(w) {
			format = "text"
		}
	}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// tracingEndpoint is where traces go: the OpenTelemetry environment
// variables that otlptracehttp reads, "" when none is set or tracing is
// turned off (OTEL_SDK_DISABLED=true, OTEL_TRACES_EXPORTER=none).
func tracingEndpoint(getenv func(string) string) string {
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") || strings.EqualFold(getenv("OTEL_TRACES_EXPORTER"), "none") {
		return ""
	}
	if e := getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"); e != "" {
		return e
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT")
}

// startTracing exports spans over OTLP/HTTP when an endpoint is configured
// (see tracingEndpoint) and sets c.TracerProvider; otherwise it does
// nothing and the server has no tracer at all. stop flushes the spans
// still buffered (call it after the server has shut down).
func startTracing(ctx context.Context, c *server.Observability, getenv func(string) string, log *slog.Logger) (stop func()) {
	endpoint := tracingEndpoint(getenv)
	if endpoint == "" {
		return func() {}
	}
	exp, err := otlptracehttp.New(ctx) // endpoint, headers, TLS and timeout from OTEL_EXPORTER_OTLP_*
	if err != nil {
		log.Error("tracing is off: the OTLP exporter could not be set up", "endpoint", endpoint, "error", err)
		return func() {}
	}
	// service.name defaults to citynet; OTEL_SERVICE_NAME and
	// OTEL_RESOURCE_ATTRIBUTES override it.
	res, err := resource.New(ctx, resource.WithAttributes(attribute.String("service.name", "citynet")),
		resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil {
		log.Warn("tracing: resource attributes", "error", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	c.TracerProvider = tp
	otel.SetTracerProvider(tp) // for libraries that trace through the global provider
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	log.Info("tracing", "exporter", "otlp/http", "endpoint", endpoint)
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := tp.Shutdown(sctx); err != nil {
			log.Warn("tracing: flushing spans failed", "error", err)
		}
	}
}
