// Package citynet is the city-networks knowledge graph API. The code lives in
// graph/ (domain and stores), resolvers/, cmd/server and data/; this file only
// holds the generate directive.
package citynet

//go:generate go run github.com/99designs/gqlgen generate --config gqlgen.yml
