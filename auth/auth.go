// Package auth identifies API clients by key. Keys are random tokens the
// operator hands out; the server stores only their SHA-256 hashes (a fast
// hash is right for high-entropy tokens, as for GitHub's) and compares in
// constant time against every stored hash, so neither the keys nor which
// one matched leak through the configuration or through timing.
//
// A key has a role: read keys may query; write keys may also change the
// graph. Handlers find the caller with FromContext.
package auth

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"citynet/graph"
)

// Role is what a key may do.
type Role string

const (
	RoleRead  Role = "read"
	RoleWrite Role = "write"
)

// Principal is an authenticated caller.
type Principal struct {
	Name string
	Role Role
}

type entry struct {
	Principal
	hash [sha256.Size]byte
}

// Keys is a set of hashed API keys.
type Keys struct{ entries []entry }

// ParseKeys reads key lines "name:role:sha256-hex", one per line or
// separated by commas; blank lines and lines starting with # are skipped.
// Errors name the line, never its hash.
func ParseKeys(r io.Reader) (*Keys, error) {
	k := &Keys{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		for _, item := range strings.Split(sc.Text(), ",") {
			n++
			item = strings.TrimSpace(item)
			if item == "" || strings.HasPrefix(item, "#") {
				continue
			}
			parts := strings.Split(item, ":")
			if len(parts) != 3 {
				return nil, fmt.Errorf("API key entry %d: want name:role:sha256-hex", n)
			}
			name, role, hexHash := strings.TrimSpace(parts[0]), Role(strings.TrimSpace(parts[1])), strings.TrimSpace(parts[2])
			if name == "" {
				return nil, fmt.Errorf("API key entry %d: empty name", n)
			}
			if role != RoleRead && role != RoleWrite {
				return nil, fmt.Errorf("API key entry %d (%s): role must be read or write, got %q", n, name, role)
			}
			b, err := hex.DecodeString(hexHash)
			if err != nil || len(b) != sha256.Size {
				return nil, fmt.Errorf("API key entry %d (%s): the hash must be 64 hex digits (SHA-256 of the key)", n, name)
			}
			e := entry{Principal: Principal{Name: name, Role: role}}
			copy(e.hash[:], b)
			k.entries = append(k.entries, e)
		}
	}
	return k, sc.Err()
}

// Len is the number of keys.
func (k *Keys) Len() int {
	if k == nil {
		return 0
	}
	return len(k.entries)
}

// Lookup returns the principal of a presented key. Every stored hash is
// compared, in constant time, whichever matches.
func (k *Keys) Lookup(key string) (Principal, bool) {
	if k == nil || key == "" {
		return Principal{}, false
	}
	h := sha256.Sum256([]byte(key))
	var found Principal
	match := 0
	for _, e := range k.entries {
		if subtle.ConstantTimeCompare(h[:], e.hash[:]) == 1 {
			found, match = e.Principal, 1
		}
	}
	return found, match == 1
}

// NewKey returns a random key and the configuration line for it.
func NewKey(name string, role Role) (key, line string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	key = base64.RawURLEncoding.EncodeToString(b)
	h := sha256.Sum256([]byte(key))
	return key, fmt.Sprintf("%s:%s:%s", name, role, hex.EncodeToString(h[:])), nil
}

type ctxKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the caller, if the request presented a valid key.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}

// RequireWrite returns nil if the caller may change the graph, else an
// UNAUTHENTICATED (no key) or FORBIDDEN (read-only key) error.
func RequireWrite(ctx context.Context) error {
	p, ok := FromContext(ctx)
	switch {
	case !ok:
		return graph.Errorf(graph.EUNAUTHENTICATED, "writing needs an API key: send Authorization: Bearer <key>")
	case p.Role != RoleWrite:
		return graph.Errorf(graph.EFORBIDDEN, "the key %q may only read", p.Name)
	}
	return nil
}

// Authenticator checks the Bearer credential of each request: an API key,
// or a signed token when JWT is configured.
type Authenticator struct {
	Keys *Keys
	JWT  *JWTVerifier // nil: tokens are not accepted
}

// Authenticate returns the caller a Bearer credential names.
func (a Authenticator) Authenticate(credential string) (Principal, error) {
	if a.JWT != nil && looksLikeJWT(credential) {
		return a.JWT.Verify(credential)
	}
	if p, ok := a.Keys.Lookup(credential); ok {
		return p, nil
	}
	return Principal{}, errors.New("unknown API key")
}

// Middleware puts the caller of each request in its context. A request
// with an Authorization header must carry a valid Bearer credential, or it
// gets a 401; a request without one passes anonymously when reads are
// public and gets a 401 otherwise. deny writes the 401 response; its
// message never repeats the credential.
func (a Authenticator) Middleware(publicReads bool, deny func(w http.ResponseWriter, r *http.Request, msg string)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := r.Header.Get("Authorization")
			if h == "" {
				if publicReads {
					next.ServeHTTP(w, r)
					return
				}
				deny(w, r, "this server needs an API key or token: send Authorization: Bearer <key>")
				return
			}
			scheme, token, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
				deny(w, r, "the Authorization header must be: Bearer <key>")
				return
			}
			p, err := a.Authenticate(strings.TrimSpace(token))
			if err != nil {
				deny(w, r, err.Error())
				return
			}
			next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
		})
	}
}
