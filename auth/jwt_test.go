package auth_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"citynet/auth"
)

var secret = []byte("0123456789abcdef0123456789abcdef-test")

// MustToken signs claims with a method and key.
func MustToken(tb testing.TB, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	tb.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func good() jwt.MapClaims {
	return jwt.MapClaims{"iss": "https://id.example.org", "aud": "citynet", "sub": "ada", "exp": time.Now().Add(time.Hour).Unix()}
}

func with(c jwt.MapClaims, k string, v any) jwt.MapClaims {
	c[k] = v
	if v == nil {
		delete(c, k)
	}
	return c
}

func TestJWTVerifier_HS256(t *testing.T) {
	v, err := auth.NewJWTVerifier(auth.JWTConfig{HS256Secret: secret, Issuer: "https://id.example.org", Audience: "citynet"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Verify(MustToken(t, jwt.SigningMethodHS256, secret, good()))
	if err != nil || p.Name != "ada" || p.Role != auth.RoleRead {
		t.Errorf("read token: got %+v, %v", p, err)
	}
	p, err = v.Verify(MustToken(t, jwt.SigningMethodHS256, secret, with(good(), "scope", "openid citynet:write")))
	if err != nil || p.Role != auth.RoleWrite {
		t.Errorf("write scope: got %+v, %v", p, err)
	}
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	for name, token := range map[string]string{
		"wrong issuer":   MustToken(t, jwt.SigningMethodHS256, secret, with(good(), "iss", "https://evil.example")),
		"wrong audience": MustToken(t, jwt.SigningMethodHS256, secret, with(good(), "aud", "other")),
		"expired":        MustToken(t, jwt.SigningMethodHS256, secret, with(good(), "exp", time.Now().Add(-time.Hour).Unix())),
		"no expiry":      MustToken(t, jwt.SigningMethodHS256, secret, with(good(), "exp", nil)),
		"no subject":     MustToken(t, jwt.SigningMethodHS256, secret, with(good(), "sub", nil)),
		"other secret":   MustToken(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), good()),
		"other method":   MustToken(t, jwt.SigningMethodRS256, rsaKey, good()),
		"alg none":       MustToken(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good()),
		"garbage":        "a.b.c",
	} {
		if p, err := v.Verify(token); err == nil {
			t.Errorf("%s: accepted as %+v", name, p)
		}
	}
}

func TestJWTVerifier_RS256(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pub, err := auth.ParseRSAPublicKey(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	if err != nil {
		t.Fatal(err)
	}
	v, err := auth.NewJWTVerifier(auth.JWTConfig{RS256Key: pub, Issuer: "https://id.example.org", Audience: "citynet"})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := v.Verify(MustToken(t, jwt.SigningMethodRS256, key, good())); err != nil || p.Name != "ada" {
		t.Errorf("RS256: got %+v, %v", p, err)
	}
	// An HS256 token signed with the public key's bytes (algorithm
	// confusion) must fail.
	if _, err := v.Verify(MustToken(t, jwt.SigningMethodHS256, der, good())); err == nil {
		t.Error("accepted an HS256 token when RS256 is configured")
	}
}

func TestNewJWTVerifier_Err(t *testing.T) {
	for name, cfg := range map[string]auth.JWTConfig{
		"nothing":      {Issuer: "i", Audience: "a"},
		"short secret": {HS256Secret: []byte("short"), Issuer: "i", Audience: "a"},
		"no issuer":    {HS256Secret: secret, Audience: "a"},
		"no audience":  {HS256Secret: secret, Issuer: "i"},
	} {
		if _, err := auth.NewJWTVerifier(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestAuthenticator_KeyOrToken(t *testing.T) {
	read, _, keys := MustKeys(t)
	v, _ := auth.NewJWTVerifier(auth.JWTConfig{HS256Secret: secret, Issuer: "https://id.example.org", Audience: "citynet"})
	a := auth.Authenticator{Keys: keys, JWT: v}
	if p, err := a.Authenticate(read); err != nil || p.Name != "dashboard" {
		t.Errorf("API key: got %+v, %v", p, err)
	}
	if p, err := a.Authenticate(MustToken(t, jwt.SigningMethodHS256, secret, good())); err != nil || p.Name != "ada" {
		t.Errorf("token: got %+v, %v", p, err)
	}
	if _, err := (auth.Authenticator{Keys: keys}).Authenticate(MustToken(t, jwt.SigningMethodHS256, secret, good())); err == nil {
		t.Error("a token was accepted with JWT not configured")
	}
	if _, err := a.Authenticate("nope"); err == nil || strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown key: got %v, want an error that does not repeat it", err)
	}
}
