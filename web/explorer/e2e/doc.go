// Package e2e tests the explorer (package explorer) as a person uses it: a
// real server on loopback (server.New over the embedded store), Debian's
// Chromium driven headless with chromedp, and screenshots kept as
// artifacts. It has no code outside its tests.
//
//	go test ./web/explorer/e2e                 # screenshots in web/explorer/e2e/artifacts/
//	go test ./web/explorer/e2e -update-docs    # also rewrites docs/explorer.png and docs/explorer-map.png
//	E2E_API_DELAY=700ms E2E_CPU_SLOWDOWN=2 go test ./web/explorer/e2e   # slowed: a test acting too soon fails
//
// Chromium is found as $CHROMIUM, or chromium, chromium-browser or
// google-chrome on $PATH (`apt-get install -y chromium`). Without it the
// tests skip with a message, except under CI=true, where they fail.
package e2e
