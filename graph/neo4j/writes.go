package neo4j

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"citynet/graph"
)

// version names one state of the database's graph: every committed write
// bumps n; epoch is drawn when the version node is created, so a database
// emptied and written again is not taken for the one a process cached.
type version struct {
	epoch string // "": no version node yet (never written by Apply or Load)
	n     int64
}

// snapshot is the graph at a version.
type snapshot struct {
	v  version
	ds *graph.Dataset
}

// cached returns the cached graph if it is the one at v.
func (s *Store) cached(v version) *snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap != nil && v.epoch != "" && s.snap.v == v {
		return s.snap
	}
	return nil
}

// remember caches a graph read or written at a committed version, unless
// the cache already holds a later one.
func (s *Store) remember(snap *snapshot) {
	if snap == nil || snap.v.epoch == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap == nil || s.snap.v.epoch != snap.v.epoch || s.snap.v.n < snap.v.n {
		s.snap = snap
	}
}

func (s *Store) forget() {
	s.mu.Lock()
	s.snap = nil
	s.mu.Unlock()
}

// lockVersion takes the write lock on the version node (creating it if
// needed) and bumps the version: it returns the version this transaction
// will commit; the graph it starts from is at n-1.
func lockVersion(ctx context.Context, q querier) (version, error) {
	recs, err := q.query(ctx, "version_lock", nil)
	if err != nil {
		return version{}, err
	}
	if len(recs) != 1 {
		return version{}, fmt.Errorf("version_lock returned %d rows, want 1", len(recs))
	}
	return version{get[string](recs[0], "epoch"), get[int64](recs[0], "version")}, nil
}

// currentVersion reads the committed version without locking.
func currentVersion(ctx context.Context, q querier) (version, error) {
	recs, err := q.query(ctx, "version_get", nil)
	if err != nil || len(recs) == 0 {
		return version{}, err
	}
	return version{get[string](recs[0], "epoch"), get[int64](recs[0], "version")}, nil
}

// Version names the database's committed graph version ("0" before any
// write or load has made the version node).
func (s *Store) Version(ctx context.Context) (string, error) {
	v, err := read(ctx, s, func(q querier) (version, error) { return currentVersion(ctx, q) })
	if err != nil {
		return "", translate(err)
	}
	if v.epoch == "" {
		return "0", nil
	}
	return fmt.Sprintf("%s-%d", v.epoch, v.n), nil
}

// errGraphChanged ends an attempt to read the whole graph during which a
// write committed.
var errGraphChanged = errors.New("the graph changed while it was read")

// datasetAttempts bounds the reads of a graph that keeps changing.
const datasetAttempts = 5

// Dataset returns the whole graph as records: nodes in id order, then
// memberships, founders, offices and claims in the graph.Sort* orders. The
// fields that name other nodes (a city's country, a network's seat, an
// event's place, organizer and participants, a partnership's parties) are
// node properties, written with the relationships they imply, so the
// nodes carry them. It is served from the Store's cache when the database
// is still at the cached version.
//
// Reading takes several statements, and Neo4j's read transactions are
// read-committed: each statement sees the writes committed before it, so
// a write that commits between two of them would give a graph that never
// was (or one that does not validate). The version is read before and
// after; when it changed, the read is thrown away and done again.
func (s *Store) Dataset(ctx context.Context) (*graph.Dataset, error) {
	for attempt := 1; ; attempt++ {
		snap, err := read(ctx, s, func(q querier) (*snapshot, error) {
			v, err := currentVersion(ctx, q)
			if err != nil {
				return nil, err
			}
			if c := s.cached(v); c != nil {
				return c, nil
			}
			ds, err := readDataset(ctx, q)
			after, verr := currentVersion(ctx, q)
			switch {
			case verr != nil:
				return nil, verr
			case after != v:
				return nil, errGraphChanged
			case err != nil:
				return nil, err
			}
			return &snapshot{v, ds}, nil
		})
		if errors.Is(err, errGraphChanged) && attempt < datasetAttempts {
			continue
		}
		if err != nil {
			return nil, err
		}
		s.remember(snap)
		return snap.ds, nil
	}
}

// readDataset reads the whole graph in the transaction of q, and validates
// it: a graph that does not validate was not written by this store, and is
// an internal error rather than the caller's.
func readDataset(ctx context.Context, q querier) (*graph.Dataset, error) {
	ds := &graph.Dataset{}
	for _, t := range graph.NodeTypes {
		label, _ := labelOf(t)
		if err := q.stream(ctx, "walk_nodes_"+label, nil, func(r *neo4j.Record) error {
			if n := fromNode(get[dbtype.Node](r, "n")); n != nil {
				ds.Add(n)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	var err error
	if ds.Memberships, err = readRels(ctx, q, "memberships", nil, toMembership); err != nil {
		return nil, err
	}
	if ds.Foundings, err = readRels(ctx, q, "foundings", nil, toFounding); err != nil {
		return nil, err
	}
	if ds.Offices, err = readRels(ctx, q, "offices", nil, toOffice); err != nil {
		return nil, err
	}
	if err := q.stream(ctx, "dataset_claims", nil, func(r *neo4j.Record) error {
		ds.Claims = append(ds.Claims, toClaim(props(get[map[string]any](r, "props"))))
		return nil
	}); err != nil {
		return nil, err
	}
	graph.SortMemberships(ds.Memberships)
	graph.SortFoundings(ds.Foundings)
	graph.SortOffices(ds.Offices)
	graph.SortClaims(ds.Claims)
	if err := ds.Validate(); err != nil {
		// %v, not %w: the problems are the database's, not BAD_USER_INPUT.
		return nil, fmt.Errorf("the graph in the database does not validate: %v", err)
	}
	return ds, nil
}

// readRels runs a relationship statement (columns from, to, props) and
// maps each row; never nil.
func readRels[T any](ctx context.Context, q querier, name string, params map[string]any, to func(from, to string, p props) T) ([]T, error) {
	out := []T{}
	err := q.stream(ctx, name, params, func(r *neo4j.Record) error {
		out = append(out, to(get[string](r, "from"), get[string](r, "to"), props(get[map[string]any](r, "props"))))
		return nil
	})
	return out, err
}

// rolledBack ends a write transaction that must not commit (a dry run, or
// a change that changes nothing), carrying the result to return. The
// driver rolls back when the transaction function returns an error, and
// does not retry this one.
type rolledBack struct{ res *graph.ChangeResult }

func (*rolledBack) Error() string { return "neo4j: write rolled back on purpose" }

// Apply makes one change in one write transaction:
//
//  1. version_lock takes the write lock on the one :GraphVersion node and
//     bumps its version, so writers (Apply and Load, in every process)
//     take turns and each starts from the graph the last one committed;
//  2. the graph before the change is the Store's cached copy when its
//     version is the one just before (no other writer came between), and
//     is otherwise read back whole inside this transaction;
//  3. graph.Dataset.Apply computes and validates the graph after the
//     change, stamped with the commit time: every store accepts and
//     refuses the same changes. A refused change, a dry run, or a change
//     that changes nothing ends in a rollback: nothing is written, and the
//     version is not bumped;
//  4. the rows (planLoad) of the records that differ between the two
//     graphs are compared, and only the difference is sent, in batches of
//     BatchSize: relationships, claims and nodes that are gone are deleted
//     by key or id, then new and changed nodes, relationships and claims
//     are merged as Load does;
//  5. after the commit, and only then, the new graph becomes the cache.
//
// The transaction function keeps nothing from one attempt to the next, so
// the driver may retry it. Writes to the database that do not go through
// Apply or Load must bump or delete the version node (or restart the
// processes), or those processes may keep serving writes from their cache.
func (s *Store) Apply(ctx context.Context, c *graph.Change) (*graph.ChangeResult, error) {
	if c == nil {
		return nil, graph.Invalid("change", "no change given")
	}
	var fresh, next *snapshot // what this attempt read back; what it committed
	v, err := s.exec(ctx, writeTx, func(q querier) (any, error) {
		fresh, next = nil, nil
		v, err := lockVersion(ctx, q)
		if err != nil {
			return nil, err
		}
		prev := version{v.epoch, v.n - 1}
		base := s.cached(prev)
		if base == nil {
			ds, err := readDataset(ctx, q)
			if err != nil {
				return nil, err
			}
			base = &snapshot{prev, ds}
			fresh = base
		}
		res, err := base.ds.Apply(c.Stamped(time.Now()))
		if err != nil {
			return nil, err
		}
		if c.DryRun {
			return nil, &rolledBack{res}
		}
		w := diffDatasets(base.ds, res.Dataset)
		if w.empty() {
			return nil, &rolledBack{res}
		}
		if err := w.send(ctx, q); err != nil {
			return nil, err
		}
		next = &snapshot{v, res.Dataset}
		return res, nil
	})
	// What was read back under the lock is the committed graph at prev,
	// whatever became of the transaction.
	s.remember(fresh)
	var rb *rolledBack
	if errors.As(err, &rb) {
		return rb.res, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	s.remember(next)
	res, _ := v.(*graph.ChangeResult)
	return res, nil
}

// diffDatasets returns what turns the database holding base into one
// holding next. Only the records that are not in both (by pointer:
// graph.Dataset.Apply keeps the records it does not change) are planned
// and compared, so a write costs the size of the change, not of the
// graph: every row (a node, a relationship, a claim) comes from one record
// alone, so the rows of the records in both are the same on both sides.
// Were a node to change label, the whole graphs are compared, so that its
// unchanged relationships are sent again after it is recreated.
func diffDatasets(base, next *graph.Dataset) *writeSet {
	was, now := &graph.Dataset{}, &graph.Dataset{}
	was.Sources, now.Sources = notInBoth(base.Sources, next.Sources)
	was.Countries, now.Countries = notInBoth(base.Countries, next.Countries)
	was.Cities, now.Cities = notInBoth(base.Cities, next.Cities)
	was.Networks, now.Networks = notInBoth(base.Networks, next.Networks)
	was.Institutions, now.Institutions = notInBoth(base.Institutions, next.Institutions)
	was.People, now.People = notInBoth(base.People, next.People)
	was.Memberships, now.Memberships = notInBoth(base.Memberships, next.Memberships)
	was.Foundings, now.Foundings = notInBoth(base.Foundings, next.Foundings)
	was.Offices, now.Offices = notInBoth(base.Offices, next.Offices)
	was.Events, now.Events = notInBoth(base.Events, next.Events)
	was.Partnerships, now.Partnerships = notInBoth(base.Partnerships, next.Partnerships)
	was.Claims, now.Claims = notInBoth(base.Claims, next.Claims)
	w := diffPlans(planLoad(was), planLoad(now))
	if w.relabeled {
		w = diffPlans(planLoad(base), planLoad(next))
	}
	return w
}

// notInBoth returns the records only in a and those only in b, in order.
func notInBoth[T any](a, b []*T) (onlyA, onlyB []*T) {
	inA := make(map[*T]bool, len(a))
	for _, r := range a {
		inA[r] = true
	}
	inB := make(map[*T]bool, len(b))
	for _, r := range b {
		inB[r] = true
		if !inA[r] {
			onlyB = append(onlyB, r)
		}
	}
	for _, r := range a {
		if !inB[r] {
			onlyA = append(onlyA, r)
		}
	}
	return onlyA, onlyB
}

// writeSet is what a write sends: the rows to merge (new or changed) and
// what is gone.
type writeSet struct {
	upsert     *loadPlan // nodes, rels and claims only
	goneNodes  []string
	goneRels   []map[string]any // {from, to, key}
	goneClaims []string
	relabeled  bool // a node id changed label
}

func (w *writeSet) empty() bool {
	return len(w.upsert.nodes) == 0 && len(w.upsert.rels) == 0 && len(w.upsert.claims) == 0 &&
		len(w.goneNodes) == 0 && len(w.goneRels) == 0 && len(w.goneClaims) == 0
}

// diffPlans compares the rows of two graphs. Rows are compared by id or
// key and properties (stamps included). A node whose label changed is
// deleted and created again, with its relationships; relationships of
// deleted nodes go with them (DETACH DELETE), so they are not listed.
// Rows come out in a fixed order: by label or type, then as planned.
func diffPlans(old, cur *loadPlan) *writeSet {
	w := &writeSet{upsert: &loadPlan{nodes: map[string][]map[string]any{}, rels: map[string][]map[string]any{}}}
	type nodeAt struct {
		label string
		props any
	}
	was := map[string]nodeAt{}
	for label, rows := range old.nodes {
		for _, r := range rows {
			was[r["id"].(string)] = nodeAt{label, r["props"]}
		}
	}
	now, gone := map[string]bool{}, map[string]bool{}
	for _, t := range graph.NodeTypes {
		label, _ := labelOf(t)
		for _, r := range cur.nodes[label] {
			id := r["id"].(string)
			now[id] = true
			o, ok := was[id]
			switch {
			case ok && o.label != label:
				gone[id], w.relabeled = true, true
			case ok && reflect.DeepEqual(o.props, r["props"]):
				continue
			}
			w.upsert.nodes[label] = append(w.upsert.nodes[label], r)
		}
	}
	for _, t := range graph.NodeTypes {
		label, _ := labelOf(t)
		for _, r := range old.nodes[label] {
			if id := r["id"].(string); !now[id] || gone[id] {
				gone[id] = true
				w.goneNodes = append(w.goneNodes, id)
			}
		}
	}

	had := map[string]map[string]any{}
	for _, rows := range old.rels {
		for _, r := range rows {
			had[r["key"].(string)] = r
		}
	}
	kept := map[string]bool{}
	for _, t := range RelTypes {
		for _, r := range cur.rels[t] {
			k := r["key"].(string)
			kept[k] = true
			o, ok := had[k]
			if ok && !gone[r["from"].(string)] && !gone[r["to"].(string)] && reflect.DeepEqual(o["props"], r["props"]) {
				continue
			}
			w.upsert.rels[t] = append(w.upsert.rels[t], r)
		}
	}
	for _, t := range RelTypes {
		for _, r := range old.rels[t] {
			k, from, to := r["key"].(string), r["from"].(string), r["to"].(string)
			if !kept[k] && !gone[from] && !gone[to] {
				w.goneRels = append(w.goneRels, map[string]any{"from": from, "to": to, "key": k})
			}
		}
	}

	hadClaim := map[string]any{}
	for _, r := range old.claims {
		hadClaim[r["key"].(string)] = r["props"]
	}
	keptClaim := map[string]bool{}
	for _, r := range cur.claims {
		k := r["key"].(string)
		keptClaim[k] = true
		if p, ok := hadClaim[k]; ok && reflect.DeepEqual(p, r["props"]) {
			continue
		}
		w.upsert.claims = append(w.upsert.claims, r)
	}
	for _, r := range old.claims {
		if k := r["key"].(string); !keptClaim[k] {
			w.goneClaims = append(w.goneClaims, k)
		}
	}
	return w
}

// send deletes what is gone, then merges what is new or changed: a node
// that changed label is deleted before it is created again, and
// relationships are merged after the nodes they join.
func (w *writeSet) send(ctx context.Context, q querier) error {
	for _, b := range batches(w.goneRels, BatchSize) {
		if _, err := q.query(ctx, "apply_delete_rels", map[string]any{"rows": b}); err != nil {
			return err
		}
	}
	for _, b := range batches(w.goneClaims, BatchSize) {
		if _, err := q.query(ctx, "apply_delete_claims", map[string]any{"keys": b}); err != nil {
			return err
		}
	}
	for _, b := range batches(w.goneNodes, BatchSize) {
		if _, err := q.query(ctx, "apply_delete_nodes", map[string]any{"ids": b}); err != nil {
			return err
		}
	}
	return w.upsert.merge(ctx, q)
}
