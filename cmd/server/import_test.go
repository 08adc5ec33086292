package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"citynet/auth"
)

func TestMutation_ImportDataset(t *testing.T) {
	writeKey, writeLine, _ := auth.NewKey("curator", auth.RoleWrite)
	readKey, readLine, _ := auth.NewKey("dashboard", auth.RoleRead)
	srv := MustStart(t, Config{APIKeys: writeLine + "," + readLine})
	const mutation = `mutation Import($data: String!, $dry: Boolean) {
	  importDataset(data: $data, format: CSV, name: "members.csv", dryRun: $dry) { dryRun summary { section created updated unchanged } } }`
	csv := "city,country,network,since\nGdynia,PL,EUROCITIES,2024\nCracow,PL,Mayors for Peace,2019\n"
	do := func(key string, vars map[string]any) (int, gqlResponse) {
		req := MustRequestJSON(t, srv.URL, mutation, vars)
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		return MustDo(t, req)
	}

	status, r := do(writeKey, map[string]any{"data": csv, "dry": true})
	got := MustData[struct {
		ImportDataset struct {
			DryRun  bool
			Summary []struct {
				Section          string
				Created, Updated int
			}
		}
	}](t, status, r)
	if !got.ImportDataset.DryRun || len(got.ImportDataset.Summary) != 2 {
		t.Fatalf("dry run: got %+v, want cities and memberships counted", got)
	}
	// Applied: Gdynia is new; "Cracow" is Kraków.
	status, r = do(writeKey, map[string]any{"data": csv})
	MustData[map[string]any](t, status, r)
	status, r = MustQuery(t, srv.URL, `{ city(id: "krakow") { networks { id } } g: city(id: "gdynia") { name country { id } } }`, nil)
	after := MustData[struct {
		City struct{ Networks []struct{ ID string } }
		G    struct{ Name string }
	}](t, status, r)
	if after.G.Name != "Gdynia" || !strings.Contains(r.Body, "mayors-for-peace") {
		t.Errorf("after the import: got %s", r.Body)
	}
	if log := srv.Log.String(); !strings.Contains(log, "audit: write applied") || !strings.Contains(log, "who=curator") || strings.Contains(log, writeKey) {
		t.Errorf("audit log: got %q", log)
	}

	status, r = do("", map[string]any{"data": csv})
	MustFail(t, status, r, http.StatusOK, "UNAUTHENTICATED", "")
	status, r = do(readKey, map[string]any{"data": csv})
	MustFail(t, status, r, http.StatusOK, "FORBIDDEN", "")

	status, r = do(writeKey, map[string]any{"data": "city,country,network,since\nGdynia,PL,EUROCITIES,2024-13\nAtlantis,ZZ,EUROCITIES,2001\n"})
	e := MustFail(t, status, r, http.StatusOK, "BAD_USER_INPUT", "")
	// Every problem of every line: the date of line 2, the country of line 3.
	if problems, _ := e.Extensions["problems"].([]any); len(problems) != 2 || e.Extensions["problemCount"] != float64(2) ||
		!strings.Contains(r.Body, `"record":"line 2"`) || !strings.Contains(r.Body, `"record":"line 3"`) {
		t.Errorf("problems: got %s", r.Body)
	}
}

// With -data-dir, an import survives a restart of the server.
func TestDataDir_ImportSurvivesRestart(t *testing.T) {
	writeKey, writeLine, _ := auth.NewKey("curator", auth.RoleWrite)
	cfg := Config{APIKeys: writeLine, StoreDir: t.TempDir()}
	t.Run("Import", func(t *testing.T) {
		srv := MustStart(t, cfg)
		req, _ := http.NewRequest("POST", srv.URL+"/import", strings.NewReader("city,country,network,since\nGdynia,PL,EUROCITIES,2024\n"))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+writeKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("import: got %d", resp.StatusCode)
		}
	}) // the server stops here
	t.Run("AfterRestart", func(t *testing.T) {
		srv := MustStart(t, cfg)
		status, r := MustQuery(t, srv.URL, `{ city(id: "gdynia") { name networks { id } } }`, nil)
		got := MustData[struct{ City struct{ Name string } }](t, status, r)
		if got.City.Name != "Gdynia" || !strings.Contains(r.Body, "eurocities") {
			t.Errorf("after a restart: got %s", r.Body)
		}
		if !strings.Contains(srv.StoreName, "durable") {
			t.Errorf("store name: got %q", srv.StoreName)
		}
	})
}

func TestParseConfig_ImportTimeout(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want time.Duration
	}{
		{"OK/Default", nil, nil, 0}, // server.Options reads 0 as graph.DefaultImportTimeout
		{"OK/Env", nil, map[string]string{"IMPORT_TIMEOUT": "30s"}, 30 * time.Second},
		{"OK/FlagOverridesEnv", []string{"-import-timeout", "2m"}, map[string]string{"IMPORT_TIMEOUT": "30s"}, 2 * time.Minute},
		{"OK/Off", []string{"-import-timeout", "off"}, nil, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ParseConfig(tc.args, env(tc.env), io.Discard)
			if err != nil || cfg.ImportTimeout != tc.want {
				t.Errorf("got %v, %v; want %v", cfg.ImportTimeout, err, tc.want)
			}
		})
	}
	t.Run("ErrEnv", func(t *testing.T) {
		_, err := ParseConfig(nil, env(map[string]string{"IMPORT_TIMEOUT": "soon"}), io.Discard)
		if err == nil || !strings.Contains(err.Error(), "IMPORT_TIMEOUT") {
			t.Errorf("got %v, want an error naming IMPORT_TIMEOUT", err)
		}
	})
}
