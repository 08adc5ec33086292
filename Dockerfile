# Container image for the citynet GraphQL API.
#
#   docker build -t citynet-api .
#   docker run --rm -p 127.0.0.1:8080:8080 citynet-api             # embedded store
#   docker compose up --build                                        # with Neo4j (see docker-compose.yml)
#
# The bundled dataset (package citynet/data) and the GraphiQL assets are
# compiled in with go:embed, so the final image holds nothing but the binary.

# --- build -------------------------------------------------------------------
FROM golang:1.26-bookworm AS build
# The official golang images set GOTOOLCHAIN=local; "auto" lets the build fetch
# the exact toolchain go.mod asks for if this image's Go is an older 1.26.x.
ENV GOTOOLCHAIN=auto
WORKDIR /src

# Module downloads get their own layer, rebuilt only when go.mod/go.sum change.
COPY go.mod go.sum ./
RUN go mod download

COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server

# --- run ---------------------------------------------------------------------
# Static binary: no libc, no shell. The :nonroot tag runs as uid/gid 65532.
# No HEALTHCHECK: there is no shell or curl here; GET /healthz from outside
# (compose, a load balancer or an orchestrator probe) if needed.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
USER 65532:65532
ENV ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/server"]
