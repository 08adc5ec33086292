package graph_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"citynet/graph"
)

// changeBase returns a valid dataset: minimalDataset plus a second country
// with a city, a partnership of three parties (it survives the loss of
// one) and a person nobody refers to.
func changeBase(tb testing.TB) *graph.Dataset {
	tb.Helper()
	d := minimalDataset()
	d["countries"] = append(d["countries"].(arr), obj{"id": "DE", "name": "Germany"})
	d["cities"] = append(d["cities"].(arr), obj{"id": "y", "name": "Ytown", "country": "DE"})
	d["partnerships"] = append(d["partnerships"].(arr),
		obj{"id": "trio", "kind": "COOPERATION_AGREEMENT", "parties": arr{"x", "y", "uni"}})
	d["people"] = append(d["people"].(arr), obj{"id": "nobody", "name": "Anna Nowak"})
	return MustParse(tb, "base.json", d)
}

var (
	changeAt1 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	changeAt2 = time.Date(2025, 4, 2, 8, 30, 0, 0, time.UTC)
)

// MustApply applies c to ds and fails on any error; the result must be
// validated.
func MustApply(tb testing.TB, ds *graph.Dataset, c *graph.Change) *graph.ChangeResult {
	tb.Helper()
	res, err := ds.Apply(c)
	if err != nil {
		tb.Fatalf("Apply: got error %v, want nil", err)
	}
	if res == nil || res.Dataset == nil {
		tb.Fatal("Apply: got no result dataset")
	}
	if !res.Dataset.Validated() {
		tb.Error("Apply: result dataset not marked validated")
	}
	return res
}

// invalidInput stands, in MustApplyFail, for a *graph.DatasetError (which
// the server presents as BAD_USER_INPUT with its problems).
const invalidInput = "*graph.DatasetError"

// MustApplyFail applies c to ds, which must fail with code (or
// invalidInput), and returns the error. The receiver and the change must
// come out unchanged.
func MustApplyFail(tb testing.TB, ds *graph.Dataset, c *graph.Change, code string) error {
	tb.Helper()
	before, change := snapshotJSON(tb, ds), snapshotJSON(tb, c)
	res, err := ds.Apply(c)
	var de *graph.DatasetError
	if code == invalidInput {
		if !errors.As(err, &de) {
			tb.Fatalf("Apply: got %T %v, want a *graph.DatasetError", err, err)
		}
	} else if got := graph.ErrorCode(err); got != code || errors.As(err, &de) {
		tb.Fatalf("Apply: got code %q (%T %v), want %q", got, err, err, code)
	}
	if res != nil {
		tb.Errorf("Apply: got a result with an error, want nil")
	}
	if snapshotJSON(tb, ds) != before {
		tb.Error("a refused Apply changed its receiver")
	}
	if snapshotJSON(tb, c) != change {
		tb.Error("a refused Apply changed the change")
	}
	return err
}

// MustPathProblem fails unless err is a *graph.DatasetError with a problem
// at path whose message contains msg; every problem must be under the
// argument (path's first part): only the argument is at fault.
func MustPathProblem(tb testing.TB, err error, path, msg string) graph.Problem {
	tb.Helper()
	var de *graph.DatasetError
	if !errors.As(err, &de) {
		tb.Fatalf("error: got %T %v, want *graph.DatasetError", err, err)
	}
	arg, _, _ := strings.Cut(path, ".")
	for _, p := range de.Problems {
		if p.Path != arg && !strings.HasPrefix(p.Path, arg+".") {
			tb.Errorf("problem %q: got path %q, want one under %q (nothing else is wrong)", p, p.Path, arg)
		}
	}
	for _, p := range de.Problems {
		if p.Path == path && strings.Contains(p.Message, msg) {
			return p
		}
	}
	var b strings.Builder
	for _, p := range de.Problems {
		b.WriteString("  " + p.Path + ": " + p.String() + "\n")
	}
	tb.Fatalf("problems: got\n%swant one at path %q with a message containing %q", b.String(), path, msg)
	return graph.Problem{}
}

func snapshotJSON(tb testing.TB, v any) string {
	tb.Helper()
	return string(MustJSON(tb, v))
}

// changeList returns res.Changes as sorted "KIND section key / key" lines.
func changeList(res *graph.ChangeResult) []string {
	out := make([]string, len(res.Changes))
	for i, c := range res.Changes {
		out[i] = string(c.Kind) + " " + c.Ref.String()
	}
	slices.Sort(out)
	return out
}

func mustChanges(tb testing.TB, res *graph.ChangeResult, want ...string) {
	tb.Helper()
	slices.Sort(want)
	if got := changeList(res); !slices.Equal(got, want) {
		tb.Errorf("changes: got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// mustSummary compares every section's counts; a section missing from
// want must have none.
func mustSummary(tb testing.TB, res *graph.ChangeResult, want map[string]graph.Counts) {
	tb.Helper()
	for s, got := range res.Summary {
		if got != want[s] {
			tb.Errorf("summary %s: got %+v, want %+v", s, got, want[s])
		}
	}
	for s, w := range want {
		if _, ok := res.Summary[s]; !ok && w != (graph.Counts{}) {
			tb.Errorf("summary %s: got nothing, want %+v", s, w)
		}
	}
}

func mustStamp(tb testing.TB, what string, got graph.Stamp, at time.Time, by string) {
	tb.Helper()
	if !got.At.Equal(at) || got.By != by {
		tb.Errorf("%s stamp: got %v by %q, want %v by %q", what, got.At, got.By, at, by)
	}
}

func findRec[T any](list []*T, pred func(*T) bool) *T {
	for _, x := range list {
		if pred(x) {
			return x
		}
	}
	return nil
}

func cityOf(ds *graph.Dataset, id string) *graph.City {
	return findRec(ds.Cities, func(c *graph.City) bool { return c.ID == id })
}

func membershipOf(ds *graph.Dataset, city, network string, since graph.Date) *graph.Membership {
	return findRec(ds.Memberships, func(m *graph.Membership) bool {
		return m.CityID == city && m.NetworkID == network && m.Since == since
	})
}

func rawFields(kv ...string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = json.RawMessage(kv[i+1])
	}
	return m
}

func TestDataset_Apply_Create(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		base := changeBase(t)
		before := snapshotJSON(t, base)
		in := &graph.City{ID: "z", Name: "Zet", LocalName: "Zetów", CountryID: "PL",
			Sources: []graph.Citation{{SourceID: "doc", Quote: "Zetów też."}}}
		inBefore := *in
		c := &graph.Change{Put: graph.Single("input", in), Create: true, At: changeAt1, By: "alice"}
		changeBefore := snapshotJSON(t, c)

		res := MustApply(t, base, c)
		mustSummary(t, res, map[string]graph.Counts{"cities": {Created: 1}})
		want := []graph.RecordChange{{Ref: graph.NodeRef(graph.TypeCity, "z"), Kind: graph.Created}}
		if !reflect.DeepEqual(res.Changes, want) {
			t.Errorf("changes: got %+v, want %+v", res.Changes, want)
		}
		got := cityOf(res.Dataset, "z")
		if got == nil || got.Name != "Zet" || got.LocalName != "Zetów" || got.CountryID != "PL" || len(got.Sources) != 1 {
			t.Fatalf("stored city: got %+v, want z as given", got)
		}
		mustStamp(t, "created city", got.Stamp, changeAt1, "alice")
		if got == in {
			t.Error("the stored record is the input record: stamping it would change the caller's value")
		}
		if !reflect.DeepEqual(*in, inBefore) {
			t.Errorf("input record: got %+v, want it unchanged %+v", *in, inBefore)
		}
		if snapshotJSON(t, c) != changeBefore {
			t.Error("Apply changed the change")
		}
		if snapshotJSON(t, base) != before || cityOf(base, "z") != nil {
			t.Error("Apply changed its receiver")
		}
		// Everything else is carried over as it was, unstamped.
		if len(res.Dataset.Cities) != len(base.Cities)+1 || res.Dataset.Cities[len(res.Dataset.Cities)-1] != got {
			t.Errorf("cities: got %d, want the %d old ones then z", len(res.Dataset.Cities), len(base.Cities))
		}
		if x := cityOf(res.Dataset, "x"); x.UpdatedAt() != nil || x.UpdatedBy() != nil {
			t.Errorf("untouched city x: got stamp %+v, want none", x.Stamp)
		}
	})

	t.Run("OKStampInUTC", func(t *testing.T) {
		at := time.Date(2025, 3, 1, 14, 0, 0, 0, time.FixedZone("CET+1", 2*3600))
		res := MustApply(t, changeBase(t), &graph.Change{
			Put: graph.Single("input", &graph.Person{ID: "p2", Name: "Piotr"}), Create: true, At: at, By: "alice"})
		p := findRec(res.Dataset.People, func(p *graph.Person) bool { return p.ID == "p2" })
		mustStamp(t, "person", p.Stamp, at, "alice")
		if p.At.Location() != time.UTC {
			t.Errorf("stamp location: got %v, want UTC", p.At.Location())
		}
	})

	t.Run("OKRelationship", func(t *testing.T) {
		m := &graph.Membership{CityID: "y", NetworkID: "net", Since: "2019", Status: graph.StatusMember}
		res := MustApply(t, changeBase(t), &graph.Change{Put: graph.Single("input", m), Create: true, At: changeAt1, By: "alice"})
		mustChanges(t, res, "CREATED memberships y / net / 2019")
		mustStamp(t, "membership", membershipOf(res.Dataset, "y", "net", "2019").Stamp, changeAt1, "alice")
	})

	for _, tt := range []struct {
		name string
		rec  any
	}{
		{"ErrConflictNode", &graph.City{ID: "x", Name: "Another Xtown", CountryID: "PL"}},
		{"ErrConflictUnchangedNode", &graph.Person{ID: "nobody", Name: "Anna Nowak"}},
		{"ErrConflictRelationship", &graph.Membership{CityID: "x", NetworkID: "net", Since: "2005-11", Status: graph.StatusMember}},
		{"ErrConflictClaim", &graph.Claim{SubjectID: "net", Property: "memberCountryCount", Value: "39"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := MustApplyFail(t, changeBase(t), &graph.Change{Put: graph.Single("input", tt.rec), Create: true, By: "alice"}, graph.ECONFLICT)
			if !strings.Contains(graph.ErrorMessage(err), "already exists") {
				t.Errorf("message: got %q, want it to say the record already exists", graph.ErrorMessage(err))
			}
		})
	}

	// Without Create, the same record replaces the old one (an upsert).
	t.Run("OKUpsertReplaces", func(t *testing.T) {
		res := MustApply(t, changeBase(t), &graph.Change{
			Put: graph.Single("input", &graph.City{ID: "x", Name: "Xtown", CountryID: "PL"}), At: changeAt1, By: "bob"})
		mustSummary(t, res, map[string]graph.Counts{"cities": {Updated: 1}})
		mustChanges(t, res, "UPDATED cities x")
		x := cityOf(res.Dataset, "x")
		if x.LocalName != "" || len(x.Sources) != 0 || len(x.AltNames) != 0 {
			t.Errorf("replaced city: got %+v, want the put record whole (no local name, alt names or sources)", x)
		}
		mustStamp(t, "replaced city", x.Stamp, changeAt1, "bob")
		if res.Dataset.Cities[0] != x {
			t.Error("a replaced record must keep its place in its section")
		}
	})
}

func TestDataset_Apply_UpsertIdempotent(t *testing.T) {
	newRec := func() *graph.Network {
		return &graph.Network{ID: "n2", Name: "Second Network", Scope: graph.ScopeNational, Topics: []string{"culture"}, SeatID: "y"}
	}
	base := changeBase(t)
	first := MustApply(t, base, &graph.Change{Put: graph.Single("input", newRec()), At: changeAt1, By: "alice"})
	mustSummary(t, first, map[string]graph.Counts{"networks": {Created: 1}})

	second := MustApply(t, first.Dataset, &graph.Change{Put: graph.Single("input", newRec()), At: changeAt2, By: "bob"})
	mustSummary(t, second, map[string]graph.Counts{"networks": {Unchanged: 1}})
	if len(second.Changes) != 0 {
		t.Errorf("changes: got %+v, want none for a record put again unchanged", second.Changes)
	}
	n := findRec(second.Dataset.Networks, func(n *graph.Network) bool { return n.ID == "n2" })
	mustStamp(t, "network put again", n.Stamp, changeAt1, "alice")
	if snapshotJSON(t, second.Dataset) != snapshotJSON(t, first.Dataset) {
		t.Error("putting a record again unchanged changed the dataset")
	}

	// An empty list and a missing one are the same facts.
	same := newRec()
	same.AltNames = []string{}
	third := MustApply(t, second.Dataset, &graph.Change{Put: graph.Single("input", same), At: changeAt2, By: "bob"})
	mustSummary(t, third, map[string]graph.Counts{"networks": {Unchanged: 1}})

	changed := newRec()
	changed.Name = "Second Network of Cities"
	fourth := MustApply(t, third.Dataset, &graph.Change{Put: graph.Single("input", changed), At: changeAt2, By: "bob"})
	mustSummary(t, fourth, map[string]graph.Counts{"networks": {Updated: 1}})
	mustChanges(t, fourth, "UPDATED networks n2")
	n = findRec(fourth.Dataset.Networks, func(n *graph.Network) bool { return n.ID == "n2" })
	mustStamp(t, "network changed", n.Stamp, changeAt2, "bob")
}

func TestDataset_Apply_Patch(t *testing.T) {
	xnet := graph.MembershipRef("x", "net", "2005-11")

	t.Run("OKMembershipEnded", func(t *testing.T) {
		base := changeBase(t)
		before := snapshotJSON(t, base)
		pt := graph.Patch{Ref: xnet, Arg: "patch", Fields: rawFields("until", `"2012"`, "status", `"FORMER_MEMBER"`)}
		c := &graph.Change{Patches: []graph.Patch{pt}, At: changeAt1, By: "alice"}
		changeBefore := snapshotJSON(t, c)
		res := MustApply(t, base, c)
		mustSummary(t, res, map[string]graph.Counts{"memberships": {Updated: 1}})
		mustChanges(t, res, "UPDATED memberships x / net / 2005-11")
		m := membershipOf(res.Dataset, "x", "net", "2005-11")
		if m == nil || m.Until != "2012" || m.Status != graph.StatusFormerMember {
			t.Fatalf("membership: got %+v, want until 2012, FORMER_MEMBER", m)
		}
		if len(m.Sources) != 1 || m.Sources[0].SourceID != "doc" {
			t.Errorf("membership sources: got %+v, want the old citation kept", m.Sources)
		}
		mustStamp(t, "patched membership", m.Stamp, changeAt1, "alice")
		if len(res.Dataset.Memberships) != 1 {
			t.Errorf("memberships: got %d, want 1", len(res.Dataset.Memberships))
		}
		if snapshotJSON(t, base) != before {
			t.Error("Apply changed its receiver")
		}
		if snapshotJSON(t, c) != changeBefore {
			t.Error("Apply changed the change")
		}
	})

	t.Run("OKNullClearsOptional", func(t *testing.T) {
		res := MustApply(t, changeBase(t), &graph.Change{At: changeAt1, By: "alice", Patches: []graph.Patch{{
			Ref: graph.NodeRef(graph.TypeCity, "x"), Arg: "patch", Fields: rawFields("localName", "null", "altNames", "null", "name", `"X-Town"`),
		}}})
		x := cityOf(res.Dataset, "x")
		if x.LocalName != "" || x.AltNames != nil || x.Name != "X-Town" {
			t.Errorf("city: got %+v, want no local or alt names, name X-Town", x)
		}
		if x.CountryID != "PL" || len(x.Sources) != 1 {
			t.Errorf("city: got %+v, want the fields not patched kept", x)
		}
		mustStamp(t, "patched city", x.Stamp, changeAt1, "alice")
	})

	t.Run("OKNoChange", func(t *testing.T) {
		first := MustApply(t, changeBase(t), &graph.Change{At: changeAt1, By: "alice", Patches: []graph.Patch{{
			Ref: graph.NodeRef(graph.TypeCity, "x"), Arg: "patch", Fields: rawFields("name", `"X-Town"`)}}})
		second := MustApply(t, first.Dataset, &graph.Change{At: changeAt2, By: "bob", Patches: []graph.Patch{{
			Ref: graph.NodeRef(graph.TypeCity, "x"), Arg: "patch", Fields: rawFields("name", `"X-Town"`)}}})
		mustSummary(t, second, map[string]graph.Counts{"cities": {Unchanged: 1}})
		mustChanges(t, second)
		mustStamp(t, "city patched to what it was", cityOf(second.Dataset, "x").Stamp, changeAt1, "alice")
	})

	t.Run("OKSinceChangesKey", func(t *testing.T) {
		base := changeBase(t)
		res := MustApply(t, base, &graph.Change{At: changeAt1, By: "alice", Patches: []graph.Patch{{
			Ref: xnet, Arg: "patch", Fields: rawFields("since", `"2006"`)}}})
		mustSummary(t, res, map[string]graph.Counts{"memberships": {Created: 1, Deleted: 1}})
		mustChanges(t, res, "CREATED memberships x / net / 2006", "DELETED memberships x / net / 2005-11")
		if membershipOf(res.Dataset, "x", "net", "2005-11") != nil {
			t.Error("the membership under its old key is still there")
		}
		m := membershipOf(res.Dataset, "x", "net", "2006")
		if m == nil {
			t.Fatal("no membership under the new key")
		}
		if m.Until != "2010" || m.Status != graph.StatusFullMember || len(m.Sources) != 1 {
			t.Errorf("membership: got %+v, want the other fields kept", m)
		}
		mustStamp(t, "re-keyed membership", m.Stamp, changeAt1, "alice")
		if len(res.Dataset.Memberships) != 1 || membershipOf(base, "x", "net", "2005-11") == nil {
			t.Errorf("memberships: got %d in the result, want 1, and the receiver's kept", len(res.Dataset.Memberships))
		}
	})

	t.Run("OKSinceRemoved", func(t *testing.T) {
		res := MustApply(t, changeBase(t), &graph.Change{At: changeAt1, By: "alice", Patches: []graph.Patch{{
			Ref: xnet, Arg: "patch", Fields: rawFields("since", "null", "until", "null")}}})
		mustChanges(t, res, "CREATED memberships x / net", "DELETED memberships x / net / 2005-11")
	})

	t.Run("OKPatchOfPut", func(t *testing.T) {
		// A patch in the same change as a put applies to the put record.
		res := MustApply(t, changeBase(t), &graph.Change{At: changeAt1, By: "alice",
			Put:     graph.Single("input", &graph.City{ID: "z", Name: "Zet", CountryID: "PL"}),
			Patches: []graph.Patch{{Ref: graph.NodeRef(graph.TypeCity, "z"), Arg: "patch", Fields: rawFields("localName", `"Zetów"`)}}})
		if z := cityOf(res.Dataset, "z"); z == nil || z.Name != "Zet" || z.LocalName != "Zetów" {
			t.Errorf("city z: got %+v, want Zet with local name Zetów", z)
		}
		if n := len(res.Dataset.Cities); n != 3 {
			t.Errorf("cities: got %d, want 3", n)
		}
	})

	for _, tt := range []struct {
		name      string
		ref       graph.Ref
		fields    map[string]json.RawMessage
		path, msg string
	}{
		{"ErrID", graph.NodeRef(graph.TypeCity, "x"), rawFields("id", `"xx"`), "patch.id", "cannot change"},
		{"ErrIDSame", graph.NodeRef(graph.TypeCity, "x"), rawFields("id", `"x"`), "patch.id", "cannot change"},
		{"ErrStamp", graph.NodeRef(graph.TypeCity, "x"), rawFields("updatedAt", `"2020-01-01T00:00:00Z"`), "patch.updatedAt", "server"},
		{"ErrStampBy", xnet, rawFields("updatedBy", `"mallory"`), "patch.updatedBy", "server"},
		{"ErrUnknownField", graph.NodeRef(graph.TypeCity, "x"), rawFields("contry", `"DE"`), "patch.contry", "unknown field"},
		{"ErrWrongJSONType", graph.NodeRef(graph.TypeCity, "x"), rawFields("name", `5`), "patch.name", "string"},
		{"ErrRequiredNull", graph.NodeRef(graph.TypeCity, "x"), rawFields("name", "null"), "patch.name", "required"},
		{"ErrBadDate", xnet, rawFields("until", `"2005-13"`), "patch.until", "2005-13"},
		{"ErrBadDateSince", xnet, rawFields("since", `"2005-13"`), "patch.since", "2005-13"},
		{"ErrUntilBeforeSince", xnet, rawFields("until", `"2001"`), "patch.until", "before"},
		{"ErrBadStatus", xnet, rawFields("status", `"HONORARY"`), "patch.status", "HONORARY"},
		{"ErrDanglingReference", graph.NodeRef(graph.TypeCity, "x"), rawFields("country", `"XX"`), "patch.country", `"XX"`},
		{"ErrReferenceToWrongType", xnet, rawFields("network", `"y"`), "patch.network", "network"},
		{"ErrEmptyPartyList", graph.NodeRef(graph.TypePartnership, "twin"), rawFields("parties", `["x"]`), "patch.parties", "at least 2"},
		{"ErrScope", graph.NodeRef(graph.TypeNetwork, "net"), rawFields("scope", `"GALACTIC"`), "patch.scope", "GALACTIC"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := MustApplyFail(t, changeBase(t), &graph.Change{At: changeAt1, By: "alice",
				Patches: []graph.Patch{{Ref: tt.ref, Arg: "patch", Fields: tt.fields}}}, invalidInput)
			p := MustPathProblem(t, err, tt.path, tt.msg)
			if p.Field != strings.TrimPrefix(tt.path, "patch.") {
				t.Errorf("problem field: got %q, want %q", p.Field, strings.TrimPrefix(tt.path, "patch."))
			}
		})
	}

	for _, tt := range []struct {
		name string
		ref  graph.Ref
	}{
		{"ErrNotFoundNode", graph.NodeRef(graph.TypeCity, "atlantis")},
		{"ErrNotFoundWrongSection", graph.NodeRef(graph.TypeNetwork, "x")},
		{"ErrNotFoundMembership", graph.MembershipRef("x", "net", "2005")},
		{"ErrNotFoundOffice", graph.OfficeRef("mayor", "x", "Prezydent", "")},
		{"ErrNotFoundFounder", graph.FoundingRef("y", "net")},
		{"ErrNotFoundClaim", graph.ClaimRef("net", "memberCountryCount", "38")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			MustApplyFail(t, changeBase(t), &graph.Change{Patches: []graph.Patch{{Ref: tt.ref, Arg: "patch",
				Fields: rawFields("name", `"Name"`)}}}, graph.ENOTFOUND)
		})
	}

	t.Run("ErrUnknownSection", func(t *testing.T) {
		MustApplyFail(t, changeBase(t), &graph.Change{Patches: []graph.Patch{{Ref: graph.Ref{Section: "planets", Key: []string{"x"}},
			Fields: rawFields("name", `"X"`)}}}, graph.EINVALID)
	})

	// Changing a membership's since to that of another period of the same
	// membership would silently overwrite that record: refused.
	t.Run("ErrSinceToExistingKey", func(t *testing.T) {
		base := MustApply(t, changeBase(t), &graph.Change{Put: graph.Single("input",
			&graph.Membership{CityID: "x", NetworkID: "net", Since: "2003", Until: "2004", Status: graph.StatusMember})}).Dataset
		err := MustApplyFail(t, base, &graph.Change{Patches: []graph.Patch{{Ref: xnet, Arg: "patch",
			Fields: rawFields("since", `"2003"`)}}}, graph.ECONFLICT)
		if !strings.Contains(graph.ErrorMessage(err), "2003") {
			t.Errorf("message: got %q, want it to name the existing record", graph.ErrorMessage(err))
		}
	})
}

func TestDataset_Apply_Invalid(t *testing.T) {
	for _, tt := range []struct {
		name      string
		rec       any
		path, msg string
	}{
		{"ErrEmptyName", &graph.City{ID: "z", Name: " ", CountryID: "PL"}, "input.name", "required"},
		{"ErrNoCountry", &graph.City{ID: "z", Name: "Zet"}, "input.country", "required"},
		{"ErrDanglingCountry", &graph.City{ID: "z", Name: "Zet", CountryID: "XX"}, "input.country", `"XX"`},
		{"ErrBadSlug", &graph.City{ID: "Zet Town", Name: "Zet", CountryID: "PL"}, "input.id", "slug"},
		{"ErrEmptyAltName", &graph.City{ID: "z", Name: "Zet", CountryID: "PL", AltNames: []string{"Zetowo", ""}}, "input.altNames[1]", "empty"},
		{"ErrDanglingCitation", &graph.City{ID: "z", Name: "Zet", CountryID: "PL",
			Sources: []graph.Citation{{SourceID: "nodoc", Quote: "Zet."}}}, "input.sources[0].source", `"nodoc"`},
		{"ErrEmptyQuote", &graph.City{ID: "z", Name: "Zet", CountryID: "PL",
			Sources: []graph.Citation{{SourceID: "doc"}}}, "input.sources[0].quote", "required"},
		{"ErrMembershipNoNetwork", &graph.Membership{CityID: "x", NetworkID: "nowhere", Status: graph.StatusMember},
			"input.network", `"nowhere"`},
		{"ErrMembershipNetworkIsACity", &graph.Membership{CityID: "x", NetworkID: "y", Status: graph.StatusMember},
			"input.network", "network"},
		{"ErrMembershipBadSince", &graph.Membership{CityID: "y", NetworkID: "net", Since: "2005-13", Status: graph.StatusMember},
			"input.since", "2005-13"},
		{"ErrMembershipUntilBeforeSince", &graph.Membership{CityID: "y", NetworkID: "net", Since: "2010", Until: "2009", Status: graph.StatusMember},
			"input.until", "before"},
		{"ErrMembershipStatus", &graph.Membership{CityID: "y", NetworkID: "net", Status: "HONORARY"},
			"input.status", "HONORARY"},
		{"ErrSelfPartnership", &graph.Partnership{ID: "self", Kind: graph.PartnershipPartnerCities, PartyIDs: []string{"x", "x"}},
			"input.parties[1]", "twice"},
		{"ErrOneParty", &graph.Partnership{ID: "solo", Kind: graph.PartnershipPartnerCities, PartyIDs: []string{"x"}},
			"input.parties", "at least 2"},
		{"ErrPartnershipKind", &graph.Partnership{ID: "p2", Kind: "ALLIANCE", PartyIDs: []string{"x", "y"}},
			"input.kind", "ALLIANCE"},
		{"ErrScope", &graph.Network{ID: "n2", Name: "N2", Scope: "GALACTIC"}, "input.scope", "GALACTIC"},
		{"ErrNoScope", &graph.Network{ID: "n2", Name: "N2"}, "input.scope", "INTERNATIONAL"},
		{"ErrNetworkSeatIsANetwork", &graph.Network{ID: "n2", Name: "N2", Scope: graph.ScopeRegional, SeatID: "net"}, "input.seat", "city"},
		{"ErrEventKind", &graph.Event{ID: "e2", Name: "E2", Kind: "PARTY"}, "input.kind", "PARTY"},
		{"ErrEventParticipant", &graph.Event{ID: "e2", Name: "E2", Kind: graph.EventMeeting, ParticipantIDs: []string{"y", "mayor"}},
			"input.participants[1]", "person"},
		{"ErrIDOfAnotherType", &graph.Network{ID: "x", Name: "X Network", Scope: graph.ScopeNational}, "input.id", "cities"},
		{"ErrIDOfAnotherTypePerson", &graph.Person{ID: "net", Name: "Net Person"}, "input.id", "networks"},
		{"ErrClaimProperty", &graph.Claim{SubjectID: "net", Property: "member count", Value: "5"}, "input.property", "camelCase"},
		{"ErrClaimSubject", &graph.Claim{SubjectID: "ghost", Property: "memberCount", Value: "5"}, "input.subject", `"ghost"`},
		{"ErrOfficeTitle", &graph.Office{PersonID: "nobody", CityID: "y"}, "input.title", "required"},
		{"ErrFounderIsANetwork", &graph.Founding{FounderID: "net", NetworkID: "net"}, "input.founder", "city or person"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, create := range []bool{false, true} {
				err := MustApplyFail(t, changeBase(t), &graph.Change{Put: graph.Single("input", tt.rec), Create: create,
					At: changeAt1, By: "alice"}, invalidInput)
				MustPathProblem(t, err, tt.path, tt.msg)
			}
		})
	}

	// Every problem is listed, not only the first.
	t.Run("ErrListsEveryProblem", func(t *testing.T) {
		err := MustApplyFail(t, changeBase(t), &graph.Change{Put: graph.Single("input",
			&graph.Membership{CityID: "atlantis", NetworkID: "nowhere", Since: "2010", Until: "2001-13"})}, invalidInput)
		for _, path := range []string{"input.city", "input.network", "input.until", "input.status"} {
			MustPathProblem(t, err, path, "")
		}
	})

	// A record of an import (no argument) has no path; its problems say
	// the record instead.
	t.Run("ErrNoArgNoPath", func(t *testing.T) {
		err := MustApplyFail(t, changeBase(t), &graph.Change{Put: &graph.Dataset{
			Cities: []*graph.City{{ID: "z", Name: "", CountryID: "PL"}}}}, invalidInput)
		var de *graph.DatasetError
		if !errors.As(err, &de) || len(de.Problems) != 1 || de.Problems[0].Path != "" || de.Problems[0].Field != "name" {
			t.Fatalf("got %v, want one problem on the name, without a path", err)
		}
	})
}

func TestDecodeRecord(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c, err := graph.DecodeRecord[graph.City]("input", map[string]any{"id": "z", "name": "Zet", "country": "PL", "altNames": []any{"Zetowo"}})
		MustOK(t, err)
		if c.ID != "z" || c.Name != "Zet" || c.CountryID != "PL" || !slices.Equal(c.AltNames, []string{"Zetowo"}) {
			t.Errorf("city: got %+v", c)
		}
	})
	t.Run("ErrUnknownField", func(t *testing.T) {
		_, err := graph.DecodeRecord[graph.City]("input", map[string]any{"id": "z", "name": "Zet", "contry": "PL"})
		MustPathProblem(t, err, "input.contry", "unknown field")
	})
	t.Run("ErrStamp", func(t *testing.T) {
		_, err := graph.DecodeRecord[graph.City]("input", map[string]any{"id": "z", "name": "Zet", "country": "PL", "updatedBy": "me"})
		MustPathProblem(t, err, "input.updatedAt", "server")
	})
}

func TestPatchFields(t *testing.T) {
	f, err := graph.PatchFields(map[string]any{"until": "2012", "localName": nil, "focus": []any{"climate"}})
	MustOK(t, err)
	want := map[string]string{"until": `"2012"`, "localName": "null", "focus": `["climate"]`}
	if len(f) != len(want) {
		t.Errorf("fields: got %d, want %d", len(f), len(want))
	}
	for k, w := range want {
		if string(f[k]) != w {
			t.Errorf("%s: got %s, want %s", k, f[k], w)
		}
	}
}

func TestDataset_Apply_Delete(t *testing.T) {
	t.Run("OKNodeNobodyRefersTo", func(t *testing.T) {
		base := changeBase(t)
		res := MustApply(t, base, &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypePerson, "nobody")}, At: changeAt1, By: "alice"})
		mustSummary(t, res, map[string]graph.Counts{"people": {Deleted: 1}})
		mustChanges(t, res, "DELETED people nobody")
		if len(res.Dataset.People) != 1 || len(base.People) != 2 {
			t.Errorf("people: got %d in the result and %d in the receiver, want 1 and 2", len(res.Dataset.People), len(base.People))
		}
	})

	for _, tt := range []struct {
		name string
		ref  graph.Ref
		gone func(*graph.Dataset) bool
	}{
		{"OKMembership", graph.MembershipRef("x", "net", "2005-11"), func(ds *graph.Dataset) bool { return len(ds.Memberships) == 0 }},
		{"OKFounder", graph.FoundingRef("x", "net"), func(ds *graph.Dataset) bool { return len(ds.Foundings) == 0 }},
		{"OKOffice", graph.OfficeRef("mayor", "x", "Prezydent", "--10-15"), func(ds *graph.Dataset) bool { return len(ds.Offices) == 0 }},
		{"OKClaim", graph.ClaimRef("net", "memberCountryCount", "39"), func(ds *graph.Dataset) bool { return len(ds.Claims) == 0 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := changeBase(t)
			before := snapshotJSON(t, base)
			res := MustApply(t, base, &graph.Change{Delete: []graph.Ref{tt.ref}, At: changeAt1, By: "alice"})
			mustSummary(t, res, map[string]graph.Counts{tt.ref.Section: {Deleted: 1}})
			mustChanges(t, res, "DELETED "+tt.ref.String())
			if !tt.gone(res.Dataset) {
				t.Errorf("%s is still there", tt.ref)
			}
			if len(res.Dataset.Cities) != 2 || len(res.Dataset.Networks) != 1 || len(res.Dataset.People) != 2 {
				t.Error("deleting a relationship deleted nodes")
			}
			if snapshotJSON(t, base) != before {
				t.Error("Apply changed its receiver")
			}
		})
	}

	for _, tt := range []struct {
		name string
		ref  graph.Ref
	}{
		{"ErrNotFoundNode", graph.NodeRef(graph.TypeCity, "atlantis")},
		{"ErrNotFoundWrongSection", graph.NodeRef(graph.TypePerson, "x")},
		{"ErrNotFoundMembership", graph.MembershipRef("x", "net", "2005")},
		{"ErrNotFoundFounder", graph.FoundingRef("mayor", "net")},
		{"ErrNotFoundClaim", graph.ClaimRef("net", "memberCountryCount", "38")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, cascade := range []bool{false, true} {
				MustApplyFail(t, changeBase(t), &graph.Change{Delete: []graph.Ref{tt.ref}, Cascade: cascade}, graph.ENOTFOUND)
			}
		})
	}

	t.Run("ErrNotFoundOneOfSeveral", func(t *testing.T) {
		MustApplyFail(t, changeBase(t), &graph.Change{Delete: []graph.Ref{
			graph.NodeRef(graph.TypePerson, "nobody"), graph.NodeRef(graph.TypePerson, "ghost")}}, graph.ENOTFOUND)
	})

	t.Run("ErrUnknownSection", func(t *testing.T) {
		MustApplyFail(t, changeBase(t), &graph.Change{Delete: []graph.Ref{{Section: "planets", Key: []string{"x"}}}}, graph.EINVALID)
	})

	// Every record that refers to the node is listed, so a client can show
	// what stands in the way.
	for _, tt := range []struct {
		name      string
		ref       graph.Ref
		referrers []string
	}{
		{"ErrConflictCity", graph.NodeRef(graph.TypeCity, "x"), []string{
			"memberships x / net / 2005-11", "founders x / net", "offices mayor / x / Prezydent / --10-15",
			"networks net", "institutions uni", "events agm", "partnerships twin", "partnerships trio"}},
		{"ErrConflictCountry", graph.NodeRef(graph.TypeCountry, "PL"), []string{"cities x", "institutions uni"}},
		{"ErrConflictNetwork", graph.NodeRef(graph.TypeNetwork, "net"), []string{
			"memberships x / net / 2005-11", "founders x / net", "claims net / memberCountryCount / 39", "events agm"}},
		{"ErrConflictPerson", graph.NodeRef(graph.TypePerson, "mayor"), []string{"offices mayor / x / Prezydent / --10-15"}},
		{"ErrConflictInstitution", graph.NodeRef(graph.TypeInstitution, "uni"), []string{"events agm", "partnerships twin", "partnerships trio"}},
		{"ErrConflictSource", graph.NodeRef(graph.TypeSource, "doc"), []string{
			"cities x", "networks net", "memberships x / net / 2005-11", "claims net / memberCountryCount / 39"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := changeBase(t)
			err := MustApplyFail(t, base, &graph.Change{Delete: []graph.Ref{tt.ref}, At: changeAt1, By: "alice"}, graph.ECONFLICT)
			var e *graph.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %T, want *graph.Error", err)
			}
			refs, ok := e.Extensions["referrers"].([]map[string]any)
			if !ok {
				t.Fatalf("extensions: got %#v, want referrers as a list of {section, key}", e.Extensions)
			}
			var got []string
			for _, r := range refs {
				key, _ := r["key"].([]string)
				got = append(got, graph.Ref{Section: r["section"].(string), Key: key}.String())
			}
			want := slices.Clone(tt.referrers)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("referrers: got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
			if msg := graph.ErrorMessage(err); !strings.Contains(msg, tt.ref.Key[0]) || !strings.Contains(msg, "cascade") {
				t.Errorf("message: got %q, want it to name %s and suggest cascade", msg, tt.ref.Key[0])
			}
		})
	}

	t.Run("ErrConflictMessageShortensLongLists", func(t *testing.T) {
		d := minimalDataset()
		for _, y := range []string{"2001", "2002", "2003", "2004", "2006", "2007", "2008"} {
			d["memberships"] = append(d["memberships"].(arr), obj{"city": "x", "network": "net", "since": y, "status": "MEMBER"})
		}
		err := MustApplyFail(t, MustParse(t, "base.json", d), &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeNetwork, "net")}}, graph.ECONFLICT)
		if msg := graph.ErrorMessage(err); !strings.Contains(msg, "more") {
			t.Errorf("message: got %q, want the first referrers and “and N more”", msg)
		}
		var e *graph.Error
		errors.As(err, &e)
		if refs := e.Extensions["referrers"].([]map[string]any); len(refs) != 8+1+1+1 {
			t.Errorf("referrers: got %d, want all 11 in the extensions", len(refs))
		}
	})
}

func TestDataset_Apply_Cascade(t *testing.T) {
	t.Run("OKCountry", func(t *testing.T) {
		base := changeBase(t)
		before := snapshotJSON(t, base)
		c := &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeCountry, "PL")}, Cascade: true, At: changeAt1, By: "alice"}
		res := MustApply(t, base, c)
		mustSummary(t, res, map[string]graph.Counts{
			"countries":    {Deleted: 1},
			"cities":       {Deleted: 1},
			"memberships":  {Deleted: 1},
			"founders":     {Deleted: 1},
			"offices":      {Deleted: 1},
			"partnerships": {Updated: 1, Deleted: 1},
			"networks":     {Updated: 1},
			"institutions": {Updated: 1},
			"events":       {Updated: 1},
		})
		mustChanges(t, res,
			"DELETED countries PL", "DELETED cities x",
			"DELETED memberships x / net / 2005-11", "DELETED founders x / net", "DELETED offices mayor / x / Prezydent / --10-15",
			"DELETED partnerships twin", "UPDATED partnerships trio",
			"UPDATED networks net", "UPDATED institutions uni", "UPDATED events agm")
		out := res.Dataset
		if err := out.Validate(); err != nil {
			t.Fatalf("the result does not validate: %v", err)
		}
		if len(out.Countries) != 1 || out.Countries[0].ID != "DE" || len(out.Cities) != 1 || out.Cities[0].ID != "y" {
			t.Errorf("places: got %d countries, %d cities, want DE and y only", len(out.Countries), len(out.Cities))
		}
		if len(out.Memberships)+len(out.Foundings)+len(out.Offices) != 0 {
			t.Error("relationships of the deleted city are still there")
		}
		if len(out.Claims) != 1 || len(out.People) != 2 {
			t.Error("the cascade deleted records that did not refer to the deleted nodes")
		}
		ev := out.Events[0]
		if ev.PlaceID != "" || !slices.Equal(ev.ParticipantIDs, []string{"uni"}) || ev.OrganizerID != "net" || ev.Date != "2017" {
			t.Errorf("event: got %+v, want place cleared, participants [uni], the rest kept", ev)
		}
		mustStamp(t, "event", ev.Stamp, changeAt1, "alice")
		if n := out.Networks[0]; n.SeatID != "" || n.Name != "Network" {
			t.Errorf("network: got %+v, want the seat cleared", n)
		} else {
			mustStamp(t, "network", n.Stamp, changeAt1, "alice")
		}
		if u := out.Institutions[0]; u.CityID != "" || u.CountryID != "" {
			t.Errorf("institution: got %+v, want city and country cleared", u)
		} else {
			mustStamp(t, "institution", u.Stamp, changeAt1, "alice")
		}
		if len(out.Partnerships) != 1 || out.Partnerships[0].ID != "trio" || !slices.Equal(out.Partnerships[0].PartyIDs, []string{"y", "uni"}) {
			t.Errorf("partnerships: got %+v, want only trio with parties [y uni]", out.Partnerships)
		} else {
			mustStamp(t, "partnership", out.Partnerships[0].Stamp, changeAt1, "alice")
		}
		if y := cityOf(out, "y"); y.UpdatedAt() != nil {
			t.Errorf("city y: got stamp %+v, want none (not touched)", y.Stamp)
		}
		if snapshotJSON(t, base) != before {
			t.Error("a cascade changed its receiver")
		}
		if base.Events[0].PlaceID != "x" || len(base.Events[0].ParticipantIDs) != 2 || base.Networks[0].SeatID != "x" {
			t.Error("a cascade edited the receiver's records in place")
		}
	})

	t.Run("OKCountryRecursive", func(t *testing.T) {
		// Deleting PL takes x; the partnerships of x with y and uni lose
		// a party each. Deleting DE too takes y, so trio is left with uni
		// alone and goes as well.
		res := MustApply(t, changeBase(t), &graph.Change{Cascade: true, At: changeAt1, By: "alice",
			Delete: []graph.Ref{graph.NodeRef(graph.TypeCountry, "PL"), graph.NodeRef(graph.TypeCountry, "DE")}})
		out := res.Dataset
		if len(out.Countries)+len(out.Cities)+len(out.Partnerships) != 0 {
			t.Errorf("got %d countries, %d cities, %d partnerships, want none", len(out.Countries), len(out.Cities), len(out.Partnerships))
		}
		mustSummary(t, res, map[string]graph.Counts{
			"countries": {Deleted: 2}, "cities": {Deleted: 2}, "partnerships": {Deleted: 2},
			"memberships": {Deleted: 1}, "founders": {Deleted: 1}, "offices": {Deleted: 1},
			"networks": {Updated: 1}, "institutions": {Updated: 1}, "events": {Updated: 1},
		})
	})

	t.Run("OKCity", func(t *testing.T) {
		res := MustApply(t, changeBase(t), &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "y")}, Cascade: true, At: changeAt1, By: "alice"})
		mustChanges(t, res, "DELETED cities y", "UPDATED partnerships trio")
		if p := findRec(res.Dataset.Partnerships, func(p *graph.Partnership) bool { return p.ID == "trio" }); !slices.Equal(p.PartyIDs, []string{"x", "uni"}) {
			t.Errorf("trio: got parties %v, want [x uni]", p.PartyIDs)
		}
	})

	t.Run("OKNetwork", func(t *testing.T) {
		res := MustApply(t, changeBase(t), &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeNetwork, "net")}, Cascade: true, At: changeAt1, By: "alice"})
		mustChanges(t, res, "DELETED networks net", "DELETED memberships x / net / 2005-11", "DELETED founders x / net",
			"DELETED claims net / memberCountryCount / 39", "UPDATED events agm")
		ev := res.Dataset.Events[0]
		if ev.OrganizerID != "" || ev.PlaceID != "x" {
			t.Errorf("event: got %+v, want the organizer cleared and the place kept", ev)
		}
	})

	t.Run("OKSource", func(t *testing.T) {
		base := changeBase(t)
		res := MustApply(t, base, &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeSource, "doc")}, Cascade: true, At: changeAt1, By: "alice"})
		mustChanges(t, res, "DELETED sources doc", "UPDATED cities x", "UPDATED networks net",
			"UPDATED memberships x / net / 2005-11", "UPDATED claims net / memberCountryCount / 39")
		out := res.Dataset
		var cited []string
		for k, cs := range out.Citations() {
			if len(cs) > 0 {
				cited = append(cited, k)
			}
		}
		if len(cited) != 0 {
			t.Errorf("records still citing: %v", cited)
		}
		if len(out.Memberships) != 1 || len(out.Claims) != 1 || len(out.Cities) != 2 {
			t.Error("deleting a source deleted the facts it supported; only the citations should go")
		}
		mustStamp(t, "uncited membership", out.Memberships[0].Stamp, changeAt1, "alice")
		mustStamp(t, "uncited claim", out.Claims[0].Stamp, changeAt1, "alice")
		if len(base.Memberships[0].Sources) != 1 || len(base.Cities[0].Sources) != 1 {
			t.Error("a cascade removed citations from the receiver's records")
		}
	})

	// An event that refers to a deleted city twice (place and
	// participant) is one update.
	t.Run("OKOneUpdatePerRecord", func(t *testing.T) {
		res := MustApply(t, changeBase(t), &graph.Change{Cascade: true, At: changeAt1, By: "alice",
			Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "x"), graph.NodeRef(graph.TypeSource, "doc")}})
		n := 0
		for _, c := range res.Changes {
			if c.Section == "networks" {
				n++ // seat x and a citation of doc
			}
		}
		if n != 1 || res.Summary["networks"].Updated != 1 || res.Summary["events"].Updated != 1 {
			t.Errorf("got %d network changes, summary %+v, want one update each of net and agm", n, res.Summary)
		}
	})

	t.Run("OKNothingRefers", func(t *testing.T) {
		res := MustApply(t, changeBase(t), &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypePerson, "nobody")}, Cascade: true})
		mustChanges(t, res, "DELETED people nobody")
	})
}

// Replay is Apply without the validation: the same dataset for a valid
// change, stamps included, so a store's log replays to the graph it served.
func TestDataset_Replay(t *testing.T) {
	changes := []*graph.Change{
		{Put: graph.Single("input", &graph.City{ID: "z", Name: "Zet", CountryID: "DE"}), Create: true, At: changeAt1, By: "alice"},
		{Put: graph.Single("input", &graph.Membership{CityID: "z", NetworkID: "net", Since: "2019", Status: graph.StatusMember}), At: changeAt1, By: "alice"},
		{Patches: []graph.Patch{{Ref: graph.MembershipRef("x", "net", "2005-11"), Arg: "patch",
			Fields: rawFields("since", `"2005"`, "status", `"FORMER_MEMBER"`)}}, At: changeAt2, By: "bob"},
		{Delete: []graph.Ref{graph.MembershipRef("z", "net", "2019")}, At: changeAt2, By: "bob"},
		{Delete: []graph.Ref{graph.NodeRef(graph.TypeCountry, "PL")}, Cascade: true, At: changeAt2, By: "carol"},
	}
	applied, replayed := changeBase(t), changeBase(t)
	for i, c := range changes {
		res := MustApply(t, applied, c)
		got, err := replayed.Replay(c)
		if err != nil {
			t.Fatalf("change %d: Replay: %v", i, err)
		}
		if a, r := snapshotJSON(t, res.Dataset), snapshotJSON(t, got); a != r {
			t.Fatalf("change %d: Replay and Apply differ:\napply  %s\nreplay %s", i, a, r)
		}
		applied, replayed = res.Dataset, got
	}
	if replayed.Validated() {
		t.Error("Replay: got a dataset marked validated, want it validated once after the last change")
	}
	MustOK(t, replayed.Validate())

	t.Run("NoValidation", func(t *testing.T) {
		c := &graph.Change{Put: graph.Single("input", &graph.Membership{CityID: "x", NetworkID: "nowhere", Status: graph.StatusMember})}
		if _, err := changeBase(t).Apply(c); err == nil {
			t.Fatal("Apply accepted a dangling reference")
		}
		got, err := changeBase(t).Replay(c)
		MustOK(t, err)
		if got.Validate() == nil {
			t.Error("the replayed dataset validates; want the dangling reference kept, as Replay does not check")
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := changeBase(t).Replay(&graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "atlantis")}})
		if graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("got %v, want %s", err, graph.ENOTFOUND)
		}
	})
}

func TestChange_Stamped(t *testing.T) {
	now := time.Date(2025, 5, 1, 10, 0, 0, 0, time.FixedZone("X", 3600))
	c := &graph.Change{By: "alice"}
	got := c.Stamped(now)
	if !got.At.Equal(now) || got.At.Location() != time.UTC || got.By != "alice" {
		t.Errorf("got %v by %q, want %v in UTC by alice", got.At, got.By, now)
	}
	if !c.At.IsZero() {
		t.Error("Stamped changed its receiver")
	}
	stamped := &graph.Change{At: changeAt1}
	if stamped.Stamped(now) != stamped {
		t.Error("a change with a time must keep it")
	}
}

// A change's JSON (a store's log) reads back to a change that applies the
// same.
func TestChange_JSON(t *testing.T) {
	c := &graph.Change{Put: graph.Single("input", &graph.City{ID: "z", Name: "Zet", CountryID: "PL"}),
		Patches: []graph.Patch{{Ref: graph.MembershipRef("x", "net", "2005-11"), Fields: rawFields("until", `"2012"`)}},
		Delete:  []graph.Ref{graph.NodeRef(graph.TypePerson, "nobody")}, At: changeAt1, By: "alice"}
	var back graph.Change
	if err := json.Unmarshal(MustJSON(t, c), &back); err != nil {
		t.Fatal(err)
	}
	a, b := MustApply(t, changeBase(t), c), MustApply(t, changeBase(t), &back)
	if snapshotJSON(t, a.Dataset) != snapshotJSON(t, b.Dataset) || !reflect.DeepEqual(a.Summary, b.Summary) {
		t.Error("a change read back from JSON applies differently")
	}
}

// Merge (an import's dry run, the loader) keeps the stamps it is given:
// only Apply stamps.
func TestDataset_Merge_KeepsStamps(t *testing.T) {
	stamped := MustApply(t, changeBase(t), &graph.Change{At: changeAt1, By: "alice",
		Patches: []graph.Patch{{Ref: graph.NodeRef(graph.TypeCity, "y"), Fields: rawFields("localName", `"Igrekowo"`)}}}).Dataset
	in := &graph.Dataset{
		Cities:   []*graph.City{{ID: "z", Name: "Zet", CountryID: "PL", Stamp: graph.Stamp{At: changeAt2, By: "bob"}}},
		Networks: []*graph.Network{{ID: "net", Name: "Network 2", Scope: graph.ScopeEuropean, Stamp: graph.Stamp{At: changeAt2, By: "carol"}}},
	}
	inBefore := snapshotJSON(t, in)
	merged, sum := stamped.Merge(in)
	MustOK(t, merged.Validate())
	if sum["cities"] != (graph.Counts{Created: 1}) || sum["networks"] != (graph.Counts{Updated: 1}) {
		t.Errorf("summary: got %+v", sum)
	}
	mustStamp(t, "merged city z", cityOf(merged, "z").Stamp, changeAt2, "bob")
	mustStamp(t, "merged network", merged.Networks[0].Stamp, changeAt2, "carol")
	mustStamp(t, "city y stamped before", cityOf(merged, "y").Stamp, changeAt1, "alice")
	if x := cityOf(merged, "x"); x.UpdatedAt() != nil {
		t.Errorf("city x: got stamp %+v, want none", x.Stamp)
	}
	if snapshotJSON(t, in) != inBefore {
		t.Error("Merge changed its argument")
	}
}
