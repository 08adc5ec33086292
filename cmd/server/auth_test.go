package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"citynet/auth"
)

// With READS=key, queries and exports need a key; GraphiQL's page and
// /healthz stay public; keys come from API_KEYS and API_KEYS_FILE.
func TestAuth_ReadsNeedKey(t *testing.T) {
	readKey, readLine, err := auth.NewKey("dashboard", auth.RoleRead)
	if err != nil {
		t.Fatal(err)
	}
	fileKey, fileLine, _ := auth.NewKey("researcher", auth.RoleWrite)
	file := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(file, []byte("# keys\n"+fileLine+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := MustStart(t, Config{ReadsNeedKey: true, APIKeys: readLine, APIKeysFile: file})
	query := func(header string) (int, gqlResponse) {
		req, _ := http.NewRequest("POST", srv.URL+"/graphql", strings.NewReader(`{"query": "{ city(id: \"krakow\") { name } }"}`))
		req.Header.Set("Content-Type", "application/json")
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		return MustDo(t, req)
	}
	for _, key := range []string{readKey, fileKey} {
		status, r := query("Bearer " + key)
		if status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Kraków") {
			t.Errorf("with a key: got %d %s", status, r.Body)
		}
	}
	for _, header := range []string{"", "Bearer not-a-key", "Basic abc"} {
		status, r := query(header)
		MustFail(t, status, r, http.StatusUnauthorized, "UNAUTHENTICATED", "")
		if strings.Contains(r.Body, readKey) {
			t.Error("the response repeats a key")
		}
	}
	for _, path := range []string{"/healthz", "/graphiql/graphiql.min.css"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s without a key: got %d, want 200", path, resp.StatusCode)
		}
	}
	resp, err := http.Get(srv.URL + "/export/nodes.csv")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("export without a key: got %d, want 401 with a Bearer challenge", resp.StatusCode)
	}
	if strings.Contains(srv.Log.String(), readKey) || strings.Contains(srv.Log.String(), fileKey) {
		t.Error("the log contains a key")
	}
}

func TestAuth_Config(t *testing.T) {
	if _, err := ParseConfig([]string{"-reads", "key"}, env(nil), nil); err == nil || !strings.Contains(err.Error(), "API_KEYS") {
		t.Errorf("READS=key without keys: got %v, want an error naming API_KEYS", err)
	}
	if _, err := ParseConfig(nil, env(map[string]string{"READS": "sometimes"}), nil); err == nil || !strings.Contains(err.Error(), "READS") {
		t.Errorf("READS=sometimes: got %v, want an error naming READS", err)
	}
	cfg, err := ParseConfig([]string{"-reads", "key"}, env(map[string]string{"API_KEYS": "a:read:" + strings.Repeat("0", 64)}), nil)
	if err != nil || !cfg.ReadsNeedKey {
		t.Errorf("READS=key with API_KEYS: got %+v, %v", cfg, err)
	}
	if err := (&Main{Config: Config{Addr: "127.0.0.1:0", APIKeys: "a:admin:00"}}).Open(); err == nil || !strings.Contains(err.Error(), "role") {
		t.Errorf("bad key entry: got %v, want an error about the role", err)
	}
}

// Tokens from an identity provider, next to API keys.
func TestAuth_JWT(t *testing.T) {
	dir := t.TempDir()
	secret := "0123456789abcdef0123456789abcdef-e2e"
	file := filepath.Join(dir, "secret")
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := MustStart(t, Config{ReadsNeedKey: true, JWTIssuer: "https://id.example.org", JWTAudience: "citynet", JWTSecretFile: file})
	sign := func(iss string) string {
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
			"iss": iss, "aud": "citynet", "sub": "ada", "exp": time.Now().Add(time.Minute).Unix()}).SignedString([]byte(secret))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	do := func(token string) (int, gqlResponse) {
		req, _ := http.NewRequest("POST", srv.URL+"/graphql", strings.NewReader(`{"query": "{ stats { joinsWithoutYear } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		return MustDo(t, req)
	}
	if status, r := do(sign("https://id.example.org")); status != 200 || len(r.Errors) > 0 {
		t.Errorf("valid token: got %d %s", status, r.Body)
	}
	status, r := do(sign("https://evil.example"))
	MustFail(t, status, r, http.StatusUnauthorized, "UNAUTHENTICATED", "")

	// A misconfigured verifier stops the server at start.
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("too-short"), 0o600)
	if err := (&Main{Config: Config{Addr: "127.0.0.1:0", JWTIssuer: "i", JWTAudience: "a", JWTSecretFile: short}}).Open(); err == nil || !strings.Contains(err.Error(), "32 bytes") {
		t.Errorf("short secret: got %v, want an error about its length", err)
	}
}
