package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"

	"citynet/auth"
)

// websocketTransport serves subscriptions over WebSocket
// (graphql-transport-ws, and the older graphql-ws) on /graphql. Browsers
// cannot send an Authorization header on a WebSocket, so a connection
// without one authenticates in its connection_init payload
// ({"Authorization": "Bearer <key>"}); with READS=key a connection without a
// valid credential is refused. Browser origins are the CORS origins
// (same-origin pages are always allowed).
func websocketTransport(opts Options) transport.Websocket {
	return transport.Websocket{
		Implementation: transport.CoderWebsocketImplementation{AcceptOptions: coderws.AcceptOptions{
			OriginPatterns: originHosts(corsOrigins(opts)),
		}},
		KeepAlivePingInterval: 15 * time.Second,
		InitTimeout:           10 * time.Second,
		InitFunc: func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			if _, ok := auth.FromContext(ctx); ok {
				return ctx, nil, nil // authenticated by its Authorization header
			}
			credential := payload.Authorization()
			if credential == "" {
				if opts.ReadsNeedKey {
					return ctx, nil, errors.New("this server needs an API key or token: send {\"Authorization\": \"Bearer <key>\"} in connection_init")
				}
				return ctx, nil, nil
			}
			scheme, token, ok := strings.Cut(credential, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") {
				return ctx, nil, errors.New("the Authorization value must be: Bearer <key>")
			}
			p, err := opts.Auth.Authenticate(strings.TrimSpace(token))
			if err != nil {
				return ctx, nil, err
			}
			return auth.WithPrincipal(ctx, p), nil, nil
		},
	}
}

// isWebSocket reports whether r asks to upgrade to a WebSocket.
func isWebSocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// corsOrigins are the configured browser origins, or the defaults.
func corsOrigins(opts Options) []string {
	if opts.CORSOrigins != nil {
		return opts.CORSOrigins
	}
	return DefaultCORSOrigins
}

// originHosts turns CORS origins ("http://localhost:*") into the host
// patterns a WebSocket accept checks the Origin against ("localhost:*").
func originHosts(origins []string) []string {
	var out []string
	for _, o := range origins {
		if o == "*" {
			return []string{"*"}
		}
		if u, err := url.Parse(strings.Replace(o, "*", "0", 1)); err == nil && u.Host != "" {
			_, rest, _ := strings.Cut(o, "://")
			out = append(out, rest)
		}
	}
	return out
}
