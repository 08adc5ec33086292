package auth

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// WriteScope in a token's scope claim grants the write role.
const WriteScope = "citynet:write"

// JWTConfig configures token verification for deployments that already
// have an identity provider. Exactly one of HS256Secret and RS256Key.
type JWTConfig struct {
	HS256Secret []byte
	RS256Key    *rsa.PublicKey
	Issuer      string // required: the iss claim must equal it
	Audience    string // required: the aud claim must contain it
}

// JWTVerifier checks signed tokens.
type JWTVerifier struct {
	cfg    JWTConfig
	method string
}

// NewJWTVerifier checks the configuration.
func NewJWTVerifier(cfg JWTConfig) (*JWTVerifier, error) {
	switch {
	case (cfg.HS256Secret == nil) == (cfg.RS256Key == nil):
		return nil, errors.New("JWT: configure exactly one of an HS256 secret and an RS256 public key")
	case cfg.HS256Secret != nil && len(cfg.HS256Secret) < 32:
		return nil, errors.New("JWT: the HS256 secret must be at least 32 bytes")
	case cfg.Issuer == "" || cfg.Audience == "":
		return nil, errors.New("JWT: set both the issuer and the audience to check")
	}
	v := &JWTVerifier{cfg: cfg, method: "RS256"}
	if cfg.HS256Secret != nil {
		v.method = "HS256"
	}
	return v, nil
}

// ParseRSAPublicKey reads a PEM-encoded RSA public key.
func ParseRSAPublicKey(pem []byte) (*rsa.PublicKey, error) {
	return jwt.ParseRSAPublicKeyFromPEM(pem)
}

type claims struct {
	jwt.RegisteredClaims
	Scope string `json:"scope"`
}

// Verify checks a token's signature (only the configured algorithm),
// issuer, audience and expiry (required, 30 s leeway) and returns its
// subject with the role its scope grants.
func (v *JWTVerifier) Verify(token string) (Principal, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) {
		if v.cfg.HS256Secret != nil {
			return v.cfg.HS256Secret, nil
		}
		return v.cfg.RS256Key, nil
	}, jwt.WithValidMethods([]string{v.method}), jwt.WithIssuer(v.cfg.Issuer), jwt.WithAudience(v.cfg.Audience),
		jwt.WithExpirationRequired(), jwt.WithLeeway(30*time.Second))
	if err != nil {
		return Principal{}, fmt.Errorf("invalid token: %w", err)
	}
	if c.Subject == "" {
		return Principal{}, errors.New("invalid token: no subject")
	}
	p := Principal{Name: c.Subject, Role: RoleRead}
	for _, s := range strings.Fields(c.Scope) {
		if s == WriteScope {
			p.Role = RoleWrite
		}
	}
	return p, nil
}

// looksLikeJWT tells a token (three dot-separated parts) from an API key
// (base64url, no dots).
func looksLikeJWT(s string) bool { return strings.Count(s, ".") == 2 }
