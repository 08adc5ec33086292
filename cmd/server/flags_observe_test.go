package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"citynet/server"
)

func TestObserveFlags(t *testing.T) {
	t.Run("OK/Defaults", func(t *testing.T) {
		// Unset, everything stays zero: server.Observability reads zero
		// as its defaults (metrics and request lines on).
		cfg, err := ParseConfig(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cfg.Observe, server.Observability{}) {
			t.Errorf("got %+v, want the zero Observability (the defaults)", cfg.Observe)
		}
	})

	key := filepath.Join(t.TempDir(), "metrics.key")
	if err := os.WriteFile(key, []byte("0123456789abcdef0123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("OK/Env", func(t *testing.T) {
		cfg, err := ParseConfig(nil, env(map[string]string{
			"METRICS": "false", "LOG_REQUESTS": "true", "LOG_QUERY": "true", "LOG_FORMAT": "json",
			"LOG_LEVEL": "debug", "READY_TIMEOUT": "500ms",
		}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := server.Observability{NoMetrics: true, LogQuery: true, LogFormat: "json", LogLevel: slog.LevelDebug, ReadyTimeout: 500 * time.Millisecond}
		if !reflect.DeepEqual(cfg.Observe, want) {
			t.Errorf("got %+v, want %+v", cfg.Observe, want)
		}
	})

	t.Run("OK/FlagsOverrideEnv", func(t *testing.T) {
		cfg, err := ParseConfig([]string{"-log-format", "auto", "-log-level", "warn", "-metrics", "-metrics-key-file", key, "-log-requests=false"},
			env(map[string]string{"LOG_FORMAT": "text", "LOG_LEVEL": "loud", "METRICS": "false", "METRICS_KEY_FILE": "/no/such/file"}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := server.Observability{MetricsKey: "0123456789abcdef0123", NoRequestLog: true, LogLevel: slog.LevelWarn}
		if !reflect.DeepEqual(cfg.Observe, want) {
			t.Errorf("got %+v, want %+v", cfg.Observe, want)
		}
	})

	t.Run("OK/MetricsPublic", func(t *testing.T) {
		for _, tc := range []struct {
			env  map[string]string
			args []string
			want *bool
		}{
			{nil, nil, nil},
			{map[string]string{"METRICS_PUBLIC": "false"}, nil, new(false)},
			{map[string]string{"METRICS_PUBLIC": "false"}, []string{"-metrics-public"}, new(true)},
		} {
			cfg, err := ParseConfig(tc.args, env(tc.env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cfg.Observe.MetricsPublic, tc.want) {
				t.Errorf("env %v, args %v: got %v, want %v", tc.env, tc.args, cfg.Observe.MetricsPublic, tc.want)
			}
		}
	})

	short := filepath.Join(t.TempDir(), "short.key")
	if err := os.WriteFile(short, []byte("abc"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"ErrLogFormat", map[string]string{"LOG_FORMAT": "xml"}, `LOG_FORMAT="xml"`},
		{"ErrLogLevel", map[string]string{"LOG_LEVEL": "loud"}, `LOG_LEVEL="loud"`},
		{"ErrMetrics", map[string]string{"METRICS": "maybe"}, `METRICS="maybe"`},
		{"ErrReadyTimeout", map[string]string{"READY_TIMEOUT": "-1s"}, "READY_TIMEOUT / -ready-timeout must be positive"},
		{"ErrKeyFileMissing", map[string]string{"METRICS_KEY_FILE": "/no/such/file"}, "METRICS_KEY_FILE"},
		{"ErrKeyTooShort", map[string]string{"METRICS_KEY_FILE": short}, "at least 16 characters"},
		{"ErrKeyWithoutMetrics", map[string]string{"METRICS_KEY_FILE": key, "METRICS": "false"}, "it needs METRICS=true"},
		{"ErrMetricsPublic", map[string]string{"METRICS_PUBLIC": "sometimes"}, `METRICS_PUBLIC="sometimes"`},
		{"ErrPublicWithKey", map[string]string{"METRICS_KEY_FILE": key, "METRICS_PUBLIC": "true"}, "contradict each other"},
		{"ErrQueryWithoutLog", map[string]string{"LOG_QUERY": "true", "LOG_REQUESTS": "false"}, "it needs LOG_REQUESTS=true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig(nil, env(tc.env), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "0123456789abcdef") {
				t.Errorf("error shows the key: %v", err)
			}
		})
	}
}

func TestNewLogger(t *testing.T) {
	t.Run("JSON", func(t *testing.T) {
		var buf bytes.Buffer
		newLogger(server.Observability{LogFormat: "json"}, &buf).Info("request", "status", 200)
		var line map[string]any
		if err := json.Unmarshal(buf.Bytes(), &line); err != nil || line["msg"] != "request" || line["status"] != float64(200) {
			t.Errorf("got %q (%v), want a JSON record", buf.String(), err)
		}
	})
	t.Run("Text", func(t *testing.T) {
		var buf bytes.Buffer
		newLogger(server.Observability{LogFormat: "text"}, &buf).Info("request", "status", 200)
		if got := buf.String(); !strings.Contains(got, "msg=request status=200") {
			t.Errorf("got %q, want a text record", got)
		}
	})
	t.Run("AutoNotTerminal", func(t *testing.T) {
		// A pipe or file is not a terminal: auto logs JSON.
		f, err := os.Create(filepath.Join(t.TempDir(), "log"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		newLogger(server.Observability{}, f).Info("hello")
		b, _ := os.ReadFile(f.Name())
		if !json.Valid(b) {
			t.Errorf("got %q, want JSON", b)
		}
	})
	t.Run("Level", func(t *testing.T) {
		var buf bytes.Buffer
		log := newLogger(server.Observability{LogFormat: "text", LogLevel: slog.LevelWarn}, &buf)
		log.Info("quiet")
		log.Warn("loud")
		if got := buf.String(); strings.Contains(got, "quiet") || !strings.Contains(got, "loud") {
			t.Errorf("got %q, want only the warning", got)
		}
	})
}

func TestStartTracing(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"OffByDefault", nil, ""},
		{"Endpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, "http://127.0.0.1:4318"},
		{"TracesEndpointFirst", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://b:4318/v1/traces"}, "http://b:4318/v1/traces"},
		{"Disabled", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_SDK_DISABLED": "true"}, ""},
		{"ExporterNone", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_TRACES_EXPORTER": "none"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tracingEndpoint(env(tc.env)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("NoEndpointNoTracer", func(t *testing.T) {
		var o server.Observability
		startTracing(context.Background(), &o, env(nil), slog.New(slog.DiscardHandler))()
		if o.TracerProvider != nil {
			t.Errorf("got a tracer provider without an endpoint")
		}
	})
	t.Run("Endpoint", func(t *testing.T) {
		// Nothing listens there: the provider is set up, and stopping it
		// gives up within its timeout (no span was made, nothing to send).
		t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
		var o server.Observability
		stop := startTracing(context.Background(), &o, os.Getenv, slog.New(slog.DiscardHandler))
		if o.TracerProvider == nil {
			t.Fatal("got no tracer provider with OTEL_EXPORTER_OTLP_ENDPOINT set")
		}
		stop()
	})
}
