// DuckDB side of the citynet benchmark (go run ./cmd/bench runs it).
//
// It loads a memberships CSV (header "city,network", one row per membership;
// a city may hold two memberships of one network, so the table keeps the
// DISTINCT (city, network) pairs) into an in-memory DuckDB and answers the
// same co-membership questions as the embedded store, in SQL, in the same
// order (graph.SortPairs: shared count DESC, Jaccard DESC, a, b; ids compare
// as bytes, which is DuckDB's default for VARCHAR without a collation):
//
//   cityPairs       top K pairs sharing >= minShared networks and the total
//                   count of such pairs, in one query (a window count), as
//                   our API returns both. Three formulations: the self-join
//                   on the VARCHAR table as written in the issue; the same
//                   on integer codes (city and network ids
//                   dictionary-encoded in byte order once, untimed, like our
//                   store's indices built at load); and the fastest we know
//                   (cityPairsPacked): integer codes, only the cities in at
//                   least minShared networks, the pair packed into one
//                   BIGINT key (a << 32 | b) to group on, the total counted
//                   on the grouped pairs, and Jaccard computed only for the
//                   pairs that can reach the top K.
//   cityPairsBand   cityPairsPacked for the pairs at most maxKm apart
//                   (cityPairs(maxKm)): the cities' unit vectors (--cities,
//                   computed by Go and printed exactly) joined to the
//                   memberships, and the squared chord of the two cities
//                   (--band-chord2, the bound of maxKm) tested in the
//                   self-join's condition, before the grouping, so that
//                   only the pairs near enough are grouped and counted.
//   similarCities   the best N cities sharing networks with one city
//   networkOverlap  shared members of every pair of the largest N networks
//   path            shortest path length between two cities over the
//                   bipartite city–network graph (recursive CTE BFS bounded
//                   by maxHops, frontier restricted to unvisited nodes)
//
// Each question runs once to warm up, then R times; the wall clock of each
// run (query + reading the rows into JS) is reported, and the median. A run
// longer than --timeout-s is interrupted and the question reported as timed
// out. Spilling to disk is capped at --max-temp (in --spill-dir).
// DuckDB's thread count is left at its default (all cores) and reported.
//
// Usage:
//   node bench/duckdb.mjs --csv m.csv --runs 5 --min-shared 2 --top 100 \
//     --similar CITY --similar-first 10 --overlap 20 --from A --to B --max-hops 6 \
//     [--cities CITIES.csv --band-chord2 C2] \
//     [--skip cityPairsVarchar,cityPairsInt,cityPairsPacked,cityPairsBand,...] [--timeout-s S] [--max-temp 10GiB] [--spill-dir DIR] [--memory-limit SIZE]
// Prints one JSON object on stdout; progress goes to stderr.
// Setup: npm install --prefix bench (installs the locked version; npm ci
// refuses the lock file, which lacks the bindings of other platforms: the
// registry here serves only linux-x64).

import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function parseArgs(argv) {
  const a = {
    csv: '', runs: 5, minShared: 2, top: 100, similar: '', similarFirst: 10,
    overlap: 20, from: '', to: '', maxHops: 6, skip: [], timeoutS: 0, maxTemp: '10GiB', spillDir: '', memoryLimit: '',
    cities: '', bandChord2: '',
  };
  const names = {
    '--csv': 'csv', '--runs': 'runs', '--min-shared': 'minShared', '--top': 'top',
    '--similar': 'similar', '--similar-first': 'similarFirst', '--overlap': 'overlap',
    '--from': 'from', '--to': 'to', '--max-hops': 'maxHops', '--skip': 'skip',
    '--timeout-s': 'timeoutS', '--max-temp': 'maxTemp', '--spill-dir': 'spillDir', '--memory-limit': 'memoryLimit',
    '--cities': 'cities', '--band-chord2': 'bandChord2',
  };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) throw new Error(`bad argument ${argv[i]}`);
    const v = argv[++i];
    if (key === 'skip') a.skip = v.split(',').filter(Boolean);
    else if (typeof a[key] === 'number') {
      a[key] = Number.parseInt(v, 10);
      if (!Number.isInteger(a[key]) || a[key] < 0) throw new Error(`${argv[i - 1]}: not a count: ${v}`);
    } else a[key] = v;
  }
  if (!a.csv) throw new Error('--csv is required');
  if (a.runs < 1) throw new Error('--runs must be at least 1');
  return a;
}

const log = (...x) => process.stderr.write(`duckdb: ${x.join(' ')}\n`);

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// time runs fn once to warm up, then runs times; returns the last answer
// and the timings in milliseconds.
// Every run is interrupted after --timeout-s seconds (0: never); then the
// question is reported as timed out, with no answer. A run that runs out of
// memory and spill space is reported as failed, with DuckDB's message.
async function time(conn, name, args, fn) {
  const once = async () => {
    const timer = args.timeoutS > 0 ? setTimeout(() => conn.interrupt(), args.timeoutS * 1000) : null;
    const t = performance.now();
    try {
      return { answer: await fn(), ms: performance.now() - t };
    } catch (err) {
      const msg = String(err && err.message || err);
      if (/interrupt/i.test(msg)) return { timedOut: true, ms: performance.now() - t };
      // Running out of memory and spill space is a result too: DuckDB
      // could not answer within this machine's resources.
      if (/out of memory|max_temp_directory_size|temporary directory|no space left/i.test(msg)) return { failed: msg.split('\n')[0].slice(0, 300), ms: performance.now() - t };
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
  let r = await once();
  if (r.timedOut) {
    log(`${name}: warm-up interrupted after ${r.ms.toFixed(0)} ms`);
    return { timedOut: true, timeoutMs: args.timeoutS * 1000, ms: [], medianMs: null, answer: null };
  }
  if (r.failed) {
    log(`${name}: warm-up failed after ${r.ms.toFixed(0)} ms: ${r.failed}`);
    return { failed: true, error: r.failed, failedMs: r.ms, ms: [], medianMs: null, answer: null };
  }
  log(`${name}: warm-up ${r.ms.toFixed(1)} ms`);
  let answer = r.answer;
  const ms = [];
  for (let i = 0; i < args.runs; i++) {
    r = await once();
    if (r.timedOut) {
      log(`${name}: run ${i + 1} interrupted after ${r.ms.toFixed(0)} ms`);
      return { timedOut: true, timeoutMs: args.timeoutS * 1000, ms, medianMs: null, answer };
    }
    if (r.failed) {
      log(`${name}: run ${i + 1} failed after ${r.ms.toFixed(0)} ms: ${r.failed}`);
      return { failed: true, error: r.failed, failedMs: r.ms, ms, medianMs: null, answer };
    }
    answer = r.answer;
    ms.push(r.ms);
  }
  log(`${name}: median ${median(ms).toFixed(2)} ms of ${args.runs}`);
  return { answer, ms, medianMs: median(ms) };
}

const pairsOf = (r) => ({
  total: r.length ? num(r[0][4]) : 0,
  pairs: r.map(([a, b, c, j]) => ({ a, b, shared: num(c), jaccard: j })),
});

const rows = async (conn, sql, params) => (await conn.runAndReadAll(sql, params)).getRowsJS();
const num = (x) => (typeof x === 'bigint' ? Number(x) : x);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // Spills (if any) go to a private directory (under --spill-dir), removed
  // at exit, also on SIGINT/SIGTERM; the caller removes --spill-dir too in
  // case this process is killed outright.
  const spill = mkdtempSync(join(args.spillDir || tmpdir(), 'citynet-duckdb-'));
  const cleanup = () => rmSync(spill, { recursive: true, force: true });
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      log(`${sig}: stopping`);
      try {
        cleanup();
      } finally {
        // process.exit would wait for DuckDB's threads to finish the
        // running query.
        process.kill(process.pid, 'SIGKILL');
      }
    });
  }
  const config = { temp_directory: spill, max_temp_directory_size: args.maxTemp };
  if (args.memoryLimit) config.memory_limit = args.memoryLimit; // default: DuckDB's (80% of RAM)
  const instance = await DuckDBInstance.create(':memory:', config);
  const conn = await instance.connect();
  const [[version]] = await rows(conn, 'SELECT version()');
  const [[threads]] = await rows(conn, "SELECT current_setting('threads')");
  const [[memoryLimit]] = await rows(conn, "SELECT current_setting('memory_limit')");
  log(`DuckDB ${version}, threads ${threads} (default), memory_limit ${memoryLimit}`);

  const t0 = performance.now();
  await conn.run(`CREATE TABLE m AS
    SELECT DISTINCT city::VARCHAR AS city, network::VARCHAR AS network
    FROM read_csv($1, header = true, columns = {'city': 'VARCHAR', 'network': 'VARCHAR'})`, [args.csv]);
  const loadMs = performance.now() - t0;
  // Integer codes in byte order of the ids, so that comparing codes is
  // comparing ids. Built once, outside every timing.
  const t1 = performance.now();
  await conn.run(`CREATE TABLE city_code AS SELECT city, (row_number() OVER (ORDER BY city) - 1)::INTEGER AS c FROM (SELECT DISTINCT city FROM m)`);
  await conn.run(`CREATE TABLE net_code AS SELECT network, (row_number() OVER (ORDER BY network) - 1)::INTEGER AS n FROM (SELECT DISTINCT network FROM m)`);
  await conn.run(`CREATE TABLE mi AS SELECT c, n FROM m JOIN city_code USING (city) JOIN net_code USING (network)`);
  // The bipartite graph as directed edges both ways, for the BFS.
  await conn.run(`CREATE TABLE e AS SELECT city AS src, network AS dst FROM m UNION ALL SELECT network, city FROM m`);
  const prepMs = performance.now() - t1;
  const [[memberships, cities, networks]] = await rows(conn,
    'SELECT count(*), count(DISTINCT city), count(DISTINCT network) FROM m');
  log(`loaded ${num(memberships)} distinct memberships (${num(cities)} cities, ${num(networks)} networks) in ${loadMs.toFixed(0)} ms, encoded in ${prepMs.toFixed(0)} ms`);

  const out = {
    duckdbVersion: version, threads: num(threads), threadsNote: 'default (not set)', memoryLimit,
    nodeVersion: process.version, runs: args.runs, timeoutS: args.timeoutS, maxTemp: args.maxTemp,
    data: { memberships: num(memberships), cities: num(cities), networks: num(networks), loadMs, prepMs },
    results: {},
  };
  const skip = new Set(args.skip);
  const { minShared, top } = args;

  // cityPairs on VARCHAR ids: the self-join as written in the issue, plus
  // the degrees for Jaccard so that the order is ours, plus the total
  // count as a window over all qualifying pairs (one query: our API
  // returns both).
  if (!skip.has('cityPairsVarchar')) {
    const sql = `WITH deg AS (SELECT city, count(*) AS d FROM m GROUP BY city),
      p AS (SELECT a.city AS a, b.city AS b, count(*) AS c FROM m a JOIN m b ON a.network = b.network AND a.city < b.city
            GROUP BY ALL HAVING count(*) >= $1)
      SELECT p.a, p.b, p.c::INTEGER, p.c::DOUBLE / (da.d + db.d - p.c) AS j, count(*) OVER () AS total
      FROM p JOIN deg da ON da.city = p.a JOIN deg db ON db.city = p.b
      ORDER BY p.c DESC, j DESC, p.a, p.b LIMIT $2`;
    out.results.cityPairsVarchar = await time(conn, 'cityPairs VARCHAR', args, async () => pairsOf(await rows(conn, sql, [minShared, top])));
  }

  // The same on the integer codes (ordering codes orders ids).
  if (!skip.has('cityPairsInt')) {
    const sql = `WITH deg AS (SELECT c, count(*) AS d FROM mi GROUP BY c),
      p AS (SELECT x.c AS a, y.c AS b, count(*) AS s FROM mi x JOIN mi y ON x.n = y.n AND x.c < y.c
            GROUP BY ALL HAVING count(*) >= $1)
      SELECT ca.city, cb.city, p.s::INTEGER, p.s::DOUBLE / (da.d + db.d - p.s) AS j, p.total
      FROM (SELECT a, b, s, count(*) OVER () AS total FROM p) p
      JOIN deg da ON da.c = p.a JOIN deg db ON db.c = p.b
      JOIN city_code ca ON ca.c = p.a JOIN city_code cb ON cb.c = p.b
      ORDER BY p.s DESC, j DESC, p.a, p.b LIMIT $2`;
    out.results.cityPairsInt = await time(conn, 'cityPairs INTEGER', args, async () => pairsOf(await rows(conn, sql, [minShared, top])));
  }

  // The fastest formulation we know of. A city in fewer than minShared
  // networks is in no qualifying pair, so the self-join runs on the
  // memberships of the others only (at minShared 2: no city in a single
  // network). Grouping on one BIGINT key (a << 32 | b) instead of two
  // columns makes the hash aggregate's keys one machine word. The grouped
  // pairs are materialized once and used twice: counted for the total,
  // and cut to those whose shared count reaches the K-th largest (ties
  // kept) before the degrees are joined for Jaccard, so Jaccard is
  // computed for a few hundred pairs, not millions.
  if (!skip.has('cityPairsPacked')) {
    const sql = `WITH deg AS (SELECT c, count(*)::INTEGER AS d FROM mi GROUP BY c),
      multi AS (SELECT mi.c, mi.n FROM mi JOIN deg USING (c) WHERE deg.d >= $1),
      p AS MATERIALIZED (SELECT (x.c::BIGINT << 32) | y.c::BIGINT AS k, count(*)::INTEGER AS s
            FROM multi x JOIN multi y ON x.n = y.n AND x.c < y.c
            GROUP BY k HAVING count(*) >= $1),
      total AS (SELECT count(*) AS total FROM p),
      cut AS (SELECT coalesce(min(s), 0) AS s FROM (SELECT s FROM p ORDER BY s DESC LIMIT $2)),
      best AS (SELECT (k >> 32)::INTEGER AS a, (k & 4294967295)::INTEGER AS b, s FROM p WHERE s >= (SELECT s FROM cut))
      SELECT ca.city, cb.city, best.s, best.s::DOUBLE / (da.d + db.d - best.s) AS j, (SELECT total FROM total)
      FROM best JOIN deg da ON da.c = best.a JOIN deg db ON db.c = best.b
      JOIN city_code ca ON ca.c = best.a JOIN city_code cb ON cb.c = best.b
      ORDER BY best.s DESC, j DESC, best.a, best.b LIMIT $2`;
    out.results.cityPairsPacked = await time(conn, 'cityPairs packed', args, async () => pairsOf(await rows(conn, sql, [minShared, top])));
  }

  if (args.cities && args.bandChord2 && !skip.has('cityPairsBand')) {
    const bound = Number.parseFloat(args.bandChord2);
    if (!(bound >= 0)) throw new Error(`--band-chord2: not a squared chord: ${args.bandChord2}`);
    await conn.run(`CREATE TABLE geo AS SELECT cc.c, g.x, g.y, g.z
      FROM read_csv($1, header = true, columns = {'city': 'VARCHAR', 'x': 'DOUBLE', 'y': 'DOUBLE', 'z': 'DOUBLE'}) g
      JOIN city_code cc USING (city)`, [args.cities]);
    // The memberships of cities in at least minShared networks that have a
    // position, with it; the pair's squared chord summed in the order Go
    // sums it, so both compare the same number with the same bound.
    const sql = `WITH deg AS (SELECT c, count(*)::INTEGER AS d FROM mi GROUP BY c),
      multi AS (SELECT mi.c, mi.n, geo.x, geo.y, geo.z FROM mi JOIN deg USING (c) JOIN geo USING (c) WHERE deg.d >= $1),
      p AS MATERIALIZED (SELECT (a.c::BIGINT << 32) | b.c::BIGINT AS k, count(*)::INTEGER AS s
            FROM multi a JOIN multi b ON a.n = b.n AND a.c < b.c
              AND (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) + (a.z - b.z) * (a.z - b.z) <= $3
            GROUP BY k HAVING count(*) >= $1),
      total AS (SELECT count(*) AS total FROM p),
      cut AS (SELECT coalesce(min(s), 0) AS s FROM (SELECT s FROM p ORDER BY s DESC LIMIT $2)),
      best AS (SELECT (k >> 32)::INTEGER AS a, (k & 4294967295)::INTEGER AS b, s FROM p WHERE s >= (SELECT s FROM cut))
      SELECT ca.city, cb.city, best.s, best.s::DOUBLE / (da.d + db.d - best.s) AS j, (SELECT total FROM total)
      FROM best JOIN deg da ON da.c = best.a JOIN deg db ON db.c = best.b
      JOIN city_code ca ON ca.c = best.a JOIN city_code cb ON cb.c = best.b
      ORDER BY best.s DESC, j DESC, best.a, best.b LIMIT $2`;
    out.results.cityPairsBand = await time(conn, 'cityPairs band', args, async () => pairsOf(await rows(conn, sql, [minShared, top, bound])));
  }

  if (args.similar && !skip.has('similarCities')) {
    const sql = `WITH deg AS (SELECT city, count(*) AS d FROM m GROUP BY city),
      s AS (SELECT y.city AS b, count(*) AS c FROM m x JOIN m y ON x.network = y.network AND y.city <> x.city
            WHERE x.city = $1 GROUP BY ALL)
      SELECT s.b, s.c::INTEGER, s.c::DOUBLE / ((SELECT d FROM deg WHERE city = $1) + deg.d - s.c) AS j
      FROM s JOIN deg ON deg.city = s.b ORDER BY s.c DESC, j DESC, s.b LIMIT $2`;
    out.results.similarCities = await time(conn, 'similarCities', args, async () =>
      (await rows(conn, sql, [args.similar, args.similarFirst])).map(([b, c, j]) => ({ a: args.similar, b, shared: num(c), jaccard: j })));
  }

  if (args.overlap > 0 && !skip.has('networkOverlap')) {
    // The largest networks (ties by id), then the shared members of every
    // pair of them; the matrix is filled in JS in that order.
    const sql = `WITH sz AS (SELECT network, count(*) AS s FROM m GROUP BY network),
      top AS (SELECT network, s, row_number() OVER (ORDER BY s DESC, network) - 1 AS i FROM sz ORDER BY s DESC, network LIMIT $1),
      mm AS (SELECT m.city, top.i FROM m JOIN top USING (network))
      SELECT x.i::INTEGER, y.i::INTEGER, count(*)::INTEGER AS shared,
        count(*)::DOUBLE / (tx.s + ty.s - count(*)) AS j, tx.network, ty.network
      FROM mm x JOIN mm y ON x.city = y.city JOIN top tx ON tx.i = x.i JOIN top ty ON ty.i = y.i
      GROUP BY x.i, y.i, tx.s, ty.s, tx.network, ty.network`;
    out.results.networkOverlap = await time(conn, 'networkOverlap', args, async () => {
      const r = await rows(conn, sql, [args.overlap]);
      const n = Math.min(args.overlap, num(networks));
      const names = new Array(n).fill('');
      const shared = Array.from({ length: n }, () => new Array(n).fill(0));
      const jaccard = Array.from({ length: n }, () => new Array(n).fill(0));
      for (const [i, j, s, jac, ni, nj] of r) {
        shared[i][j] = s;
        jaccard[i][j] = jac;
        names[i] = ni;
        names[j] = nj;
      }
      return { networks: names, shared, jaccard };
    });
  }

  if (args.from && args.to && !skip.has('path')) {
    // Breadth-first: each iteration extends the last frontier by one hop to
    // nodes not reached before (USING KEY keeps one row per node; the
    // recurring table is everything reached so far), and stops at maxHops
    // or once the target is reached.
    const sql = `WITH RECURSIVE bfs(node, d) USING KEY (node) AS (
        SELECT $1::VARCHAR, 0
        UNION
        SELECT DISTINCT e.dst, b.d + 1 FROM bfs b JOIN e ON e.src = b.node
        WHERE b.d < $3
          AND NOT EXISTS (SELECT 1 FROM recurring.bfs r WHERE r.node = e.dst)
          AND NOT EXISTS (SELECT 1 FROM recurring.bfs r WHERE r.node = $2)
      )
      SELECT coalesce(min(d), -1)::INTEGER FROM bfs WHERE node = $2`;
    out.results.path = await time(conn, 'path', args, async () => {
      const [[len]] = await rows(conn, sql, [args.from, args.to, args.maxHops]);
      return { from: args.from, to: args.to, length: num(len) };
    });
  }

  conn.closeSync();
  instance.closeSync();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  process.stderr.write(`duckdb: ${err.stack || err}\n`);
  process.exit(1);
});
