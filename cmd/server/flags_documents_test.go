package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citynet/documents"
)

func TestDocumentFlags(t *testing.T) {
	t.Run("OK/Off", func(t *testing.T) {
		cfg, err := ParseConfig(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if r := modelReader(cfg.LLM); r != nil {
			t.Errorf("no LLM_URL: got a model reader %+v, want none", r)
		}
	})
	key := filepath.Join(t.TempDir(), "llm.key")
	if err := os.WriteFile(key, []byte("sk-test-0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("OK/Env", func(t *testing.T) {
		cfg, err := ParseConfig(nil, env(map[string]string{
			"LLM_URL": "http://127.0.0.1:11434/v1", "LLM_MODEL": "qwen2.5:7b", "LLM_KEY_FILE": key, "LLM_TIMEOUT": "20s",
		}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := documents.LLM{URL: "http://127.0.0.1:11434/v1", Model: "qwen2.5:7b", Key: "sk-test-0123456789", Timeout: 20 * time.Second}
		if r := modelReader(cfg.LLM); r == nil || *r != want {
			t.Errorf("got %+v, want %+v", r, want)
		}
	})
	t.Run("OK/DefaultTimeout", func(t *testing.T) {
		cfg, err := ParseConfig([]string{"-llm-url", "https://api.example.com/v1", "-llm-model", "m"}, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.LLM.Timeout != 0 || cfg.LLM.Key != "" {
			t.Errorf("got %+v, want the zero timeout (documents.DefaultLLMTimeout) and no key", cfg.LLM)
		}
	})
	empty := filepath.Join(t.TempDir(), "empty.key")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"ErrNoModel", map[string]string{"LLM_URL": "http://127.0.0.1:11434/v1"}, "needs LLM_MODEL"},
		{"ErrModelWithoutURL", map[string]string{"LLM_MODEL": "m"}, "set LLM_URL too"},
		{"ErrKeyWithoutURL", map[string]string{"LLM_KEY_FILE": key}, "set LLM_URL too"},
		{"ErrScheme", map[string]string{"LLM_URL": "ftp://example.com/v1", "LLM_MODEL": "m"}, "http or https URL"},
		{"ErrRelative", map[string]string{"LLM_URL": "/v1", "LLM_MODEL": "m"}, "http or https URL"},
		{"ErrCredentialsInURL", map[string]string{"LLM_URL": "https://user:sk-test-0123456789@example.com/v1", "LLM_MODEL": "m"}, "must not hold credentials"},
		{"ErrTimeoutTooLong", map[string]string{"LLM_URL": "http://h/v1", "LLM_MODEL": "m", "LLM_TIMEOUT": "2m"}, "at most 40s"},
		{"ErrTimeoutNegative", map[string]string{"LLM_URL": "http://h/v1", "LLM_MODEL": "m", "LLM_TIMEOUT": "-1s"}, "not negative"},
		{"ErrKeyFileMissing", map[string]string{"LLM_URL": "http://h/v1", "LLM_MODEL": "m", "LLM_KEY_FILE": "/no/such/file"}, "LLM_KEY_FILE"},
		{"ErrKeyFileEmpty", map[string]string{"LLM_URL": "http://h/v1", "LLM_MODEL": "m", "LLM_KEY_FILE": empty}, "is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig(nil, env(tc.env), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "sk-test-0123456789") {
				t.Errorf("error shows the key: %v", err)
			}
		})
	}
}
