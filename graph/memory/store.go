package memory

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"citynet/graph"
)

// Store is the embedded graph.Store. It serves the current snapshot of the
// graph: reads load it once and see one consistent version, however long
// they run; a write (Apply) builds the next snapshot aside and swaps it in
// with one atomic store, so no reader ever sees half of a change, and the
// caches of the old version (pair rankings, stats) go with it.
type Store struct {
	cur     atomic.Pointer[snapshot]
	epoch   string        // drawn at start: versions of another run never match
	version atomic.Uint64 // bumped by every write that changed something
	writeMu sync.Mutex    // one commit at a time (see Apply)
	db      *bolt.DB      // nil: in memory only (see Open)
	file    fileState     // the durable side, with a db
	// computed, when set (tests), runs after a change's next version is
	// computed and before it is committed.
	computed func(*graph.Change)
	docs     docStore // documents and proposals (documents.go)
}

var _ graph.Store = (*Store)(nil)

// New builds a store from a dataset, which it validates first unless it
// was validated already (see graph.Dataset.Validated).
func New(ds *graph.Dataset) (*Store, error) {
	snap, err := newSnapshot(ds)
	if err != nil {
		return nil, err
	}
	s := &Store{epoch: strconv.FormatUint(rand.Uint64(), 36)}
	s.cur.Store(snap)
	return s, nil
}

// Apply makes one change (graph.Dataset.Apply: the new graph is built and
// validated aside; on any problem nothing changes and the error says what
// and where). With a data dir the change is committed to the log before
// the new version is served. A dry run only reports; so does a change that
// changes nothing.
//
// The next version is computed, validated and indexed outside the write
// lock, from the version current when the write began: a large import
// does not hold up other writers while it is checked. The lock is taken
// only to commit, if that version is still current; if another write
// committed meanwhile, the change is computed again on top of it. After
// maxOptimistic such retries the change is computed under the lock, so a
// large write is not starved by a stream of small ones.
func (s *Store) Apply(ctx context.Context, c *graph.Change) (*graph.ChangeResult, error) {
	for attempt := 0; ; attempt++ {
		locked := attempt >= maxOptimistic
		if locked {
			s.writeMu.Lock()
		}
		res, committed, err := s.tryApply(ctx, c, locked)
		if locked {
			s.writeMu.Unlock()
		}
		if err != nil || committed {
			return res, err
		}
	}
}

// maxOptimistic is how many times a change is computed outside the write
// lock before it waits for the lock to compute it.
const maxOptimistic = 2

// tryApply computes c on the current version and commits it if that
// version is still current when it takes the lock (locked: the caller
// holds it already). committed is false when another write came first.
func (s *Store) tryApply(ctx context.Context, c *graph.Change, locked bool) (_ *graph.ChangeResult, committed bool, _ error) {
	base := s.cur.Load()
	c = c.Stamped(time.Now())
	res, err := base.ds.Apply(c)
	if err != nil || c.DryRun {
		return res, true, err
	}
	if len(res.Changes) == 0 {
		// Nothing changed (an upsert of what is there): nothing to log,
		// and the current version, with its caches, stays.
		res.Dataset = base.ds
		return res, true, nil
	}
	snap, err := newSnapshot(res.Dataset)
	if err != nil {
		return nil, true, err
	}
	if s.computed != nil {
		s.computed(c)
	}
	if !locked {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		if s.cur.Load() != base {
			return nil, false, nil // another write committed meanwhile: again, on top of it
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, true, err
	}
	// Durable first, then served: a write that was answered is on disk.
	if err := s.persist(ctx, c, res.Dataset); err != nil {
		return nil, true, err
	}
	s.cur.Store(snap)
	s.version.Add(1)
	return res, true, nil
}

// Version names the current version: a number drawn when the store was
// opened and the count of writes since.
func (s *Store) Version(context.Context) (string, error) {
	return s.epoch + "-" + strconv.FormatUint(s.version.Load(), 10), nil
}

// Dataset returns the dataset of the current version (not to be changed).
func (s *Store) Dataset(context.Context) (*graph.Dataset, error) { return s.cur.Load().ds, nil }

// Warm computes what the first dashboard requests would otherwise wait
// for: the city-pair ranking for the default minShared (enough for 50
// pages of 20) and the stats. The server runs it in the background after
// it starts listening.
func (s *Store) Warm(ctx context.Context) { s.cur.Load().warm(ctx) }

// Close closes the store's file, if it has one.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// Walk streams the current version.
func (s *Store) Walk(ctx context.Context, node func(graph.Node) error, edge func(graph.Edge) error) error {
	return s.cur.Load().Walk(ctx, node, edge)
}

func (s *Store) Node(ctx context.Context, id string) (graph.Node, error) {
	return s.cur.Load().Node(ctx, id)
}

func (s *Store) City(ctx context.Context, id string) (*graph.City, error) {
	return s.cur.Load().City(ctx, id)
}

func (s *Store) Country(ctx context.Context, id string) (*graph.Country, error) {
	return s.cur.Load().Country(ctx, id)
}

func (s *Store) Network(ctx context.Context, id string) (*graph.Network, error) {
	return s.cur.Load().Network(ctx, id)
}

func (s *Store) Institution(ctx context.Context, id string) (*graph.Institution, error) {
	return s.cur.Load().Institution(ctx, id)
}

func (s *Store) Person(ctx context.Context, id string) (*graph.Person, error) {
	return s.cur.Load().Person(ctx, id)
}

func (s *Store) Event(ctx context.Context, id string) (*graph.Event, error) {
	return s.cur.Load().Event(ctx, id)
}

func (s *Store) Partnership(ctx context.Context, id string) (*graph.Partnership, error) {
	return s.cur.Load().Partnership(ctx, id)
}

func (s *Store) Source(ctx context.Context, id string) (*graph.Source, error) {
	return s.cur.Load().Source(ctx, id)
}

func (s *Store) Cities(ctx context.Context, f graph.CityFilter, p graph.Page) (*graph.Connection[*graph.City], error) {
	return s.cur.Load().Cities(ctx, f, p)
}

func (s *Store) Countries(ctx context.Context, p graph.Page) (*graph.Connection[*graph.Country], error) {
	return s.cur.Load().Countries(ctx, p)
}

func (s *Store) Networks(ctx context.Context, f graph.NetworkFilter, p graph.Page) (*graph.Connection[*graph.Network], error) {
	return s.cur.Load().Networks(ctx, f, p)
}

func (s *Store) Institutions(ctx context.Context, f graph.InstitutionFilter, p graph.Page) (*graph.Connection[*graph.Institution], error) {
	return s.cur.Load().Institutions(ctx, f, p)
}

func (s *Store) People(ctx context.Context, f graph.PersonFilter, p graph.Page) (*graph.Connection[*graph.Person], error) {
	return s.cur.Load().People(ctx, f, p)
}

func (s *Store) Events(ctx context.Context, f graph.EventFilter, p graph.Page) (*graph.Connection[*graph.Event], error) {
	return s.cur.Load().Events(ctx, f, p)
}

func (s *Store) Partnerships(ctx context.Context, f graph.PartnershipFilter, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
	return s.cur.Load().Partnerships(ctx, f, p)
}

func (s *Store) Sources(ctx context.Context, f graph.SourceFilter, p graph.Page) (*graph.Connection[*graph.Source], error) {
	return s.cur.Load().Sources(ctx, f, p)
}

func (s *Store) Memberships(ctx context.Context, f graph.MembershipFilter) ([]*graph.Membership, error) {
	return s.cur.Load().Memberships(ctx, f)
}

func (s *Store) Foundings(ctx context.Context, f graph.FoundingFilter) ([]*graph.Founding, error) {
	return s.cur.Load().Foundings(ctx, f)
}

func (s *Store) Offices(ctx context.Context, f graph.OfficeFilter) ([]*graph.Office, error) {
	return s.cur.Load().Offices(ctx, f)
}

func (s *Store) Claims(ctx context.Context, subjectIDs []string) ([]*graph.Claim, error) {
	return s.cur.Load().Claims(ctx, subjectIDs)
}

func (s *Store) Supports(ctx context.Context, sourceID string, p graph.Page) (*graph.Connection[*graph.Support], error) {
	return s.cur.Load().Supports(ctx, sourceID, p)
}

func (s *Store) Search(ctx context.Context, text string, types []graph.NodeType, first int) ([]graph.SearchHit, error) {
	return s.cur.Load().Search(ctx, text, types, first)
}

func (s *Store) SharedNetworks(ctx context.Context, a, b string) ([]*graph.Network, error) {
	return s.cur.Load().SharedNetworks(ctx, a, b)
}

func (s *Store) CityPairs(ctx context.Context, f graph.PairFilter, p graph.Page) (*graph.Connection[*graph.CityPair], error) {
	return s.cur.Load().CityPairs(ctx, f, p)
}

func (s *Store) NetworkSpans(ctx context.Context, ids []string) ([]*graph.NetworkSpan, error) {
	return s.cur.Load().NetworkSpans(ctx, ids)
}

func (s *Store) Path(ctx context.Context, from, to string, maxHops int, rels []graph.RelType) (*graph.Path, error) {
	return s.cur.Load().Path(ctx, from, to, maxHops, rels)
}

func (s *Store) Neighborhood(ctx context.Context, id string, depth, limit int, rels []graph.RelType) (*graph.Subgraph, error) {
	return s.cur.Load().Neighborhood(ctx, id, depth, limit, rels)
}

func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	return s.cur.Load().Stats(ctx)
}

func (s *Store) NetworkOverlap(ctx context.Context, networkIDs []string) (*graph.Overlap, error) {
	return s.cur.Load().NetworkOverlap(ctx, networkIDs)
}

func (s *Store) SimilarCities(ctx context.Context, id string, first int) ([]*graph.CityPair, error) {
	return s.cur.Load().SimilarCities(ctx, id, first)
}

func (s *Store) Centrality(ctx context.Context, kind graph.CentralityKind, first int) (*graph.Centrality, error) {
	return s.cur.Load().Centrality(ctx, kind, first)
}
