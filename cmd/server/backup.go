package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"citynet/auth"
	"citynet/graph/memory"
)

// backupWindow bounds one backup download: the copy is read in one bbolt
// read transaction, and a reader that never finishes would keep writes
// from growing the file's mapping.
const backupWindow = 10 * time.Minute

// withBackup adds GET /admin/backup to a server with a durable embedded
// store: a consistent copy of its file as of the last committed write,
// taken while the server serves (bbolt allows one process on the file,
// so a copy of a running server's store can only come from the server).
// It needs a write key or token, as writes do.
func withBackup(next http.Handler, s *memory.Store, authn auth.Authenticator, log *slog.Logger) http.Handler {
	// Not a ServeMux in front of the server's: it would clean and
	// redirect the paths of every other request.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/admin/backup" {
			next.ServeHTTP(w, r)
			return
		}
		deny := func(status int, code, msg string) {
			if status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="citynet"`)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"message": msg, "code": code}}})
		}
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			deny(http.StatusMethodNotAllowed, "BAD_USER_INPUT", "GET /admin/backup")
			return
		}
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			deny(http.StatusUnauthorized, "UNAUTHENTICATED", "a backup needs a write key: send Authorization: Bearer <key>")
			return
		}
		p, err := authn.Authenticate(strings.TrimSpace(token))
		if err != nil {
			deny(http.StatusUnauthorized, "UNAUTHENTICATED", err.Error())
			return
		}
		if p.Role != auth.RoleWrite {
			deny(http.StatusForbidden, "FORBIDDEN", fmt.Sprintf("the key %q may only read; a backup needs a write key", p.Name))
			return
		}
		http.NewResponseController(w).SetWriteDeadline(time.Now().Add(backupWindow))
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="citynet-`+time.Now().UTC().Format("20060102T150405Z")+`.db"`)
		w.Header().Set("Cache-Control", "no-store")
		start := time.Now()
		n, err := s.Backup(w)
		if err != nil {
			// The status is sent: the client sees a short file, which
			// `store check` refuses as truncated.
			log.ErrorContext(r.Context(), "backup failed", "who", p.Name, "bytes", n, "error", err)
			return
		}
		log.InfoContext(r.Context(), "backup taken", "who", p.Name, "bytes", n, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}
