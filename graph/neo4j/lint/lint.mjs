#!/usr/bin/env node
// citynet Cypher lint harness.
//
// Checks every Cypher statement the Neo4j store (package citynet/graph/neo4j)
// can send, offline, with Neo4j's own Cypher front end as published on npm:
// @neo4j-cypher/language-support (pinned exactly in package.json; the
// semantic analysis inside it is Neo4j's Java front end compiled to JS).
// It is driven by graph/neo4j/lint_test.go; set up with
//
//     npm ci --prefix graph/neo4j/lint
//     go test ./graph/neo4j/ -run Lint
//
// Protocol: one JSON object on stdin,
//
//     {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//      "statements": [{"name": "city_get", "text": "MATCH ...", "parameters": ["id"]}]}
//
// ("parameters" is optional: when absent, every $param the statement uses is
// declared, so only when it is given can a misspelt parameter be reported),
// and one JSON object on stdout,
//
//     {"linter": {"package": ..., "version": ...},
//      "results": [{"name": "city_get", "diagnostics": [
//          {"severity": "error|warning|information|hint", "message": ...,
//           "line": 1, "column": 1, "source": "neo4j|citynet"}]}]}
//
// line and column are 1-based. Exit status 0 whenever results were printed
// (clean or not); 2 on a malformed request or an internal failure.
//
// What is checked (all as Cypher 5, the language of Neo4j 5.26 LTS):
//   * syntax, and Neo4j's semantic analysis (undefined variables, type errors,
//     aggregation scoping, procedure arity/argument types/YIELD columns, ...)
//     together with its notifications (deprecations, e.g. id() or CALL { WITH x }
//     without a scope clause; performance warnings such as cartesian products);
//   * procedures and functions against the signature registry the package
//     itself ships (testData.mockSchema, dumped from a Neo4j server), reduced
//     to what a plain Neo4j has: built-in functions and db.* / dbms.* / tx.*
//     procedures (no APOC, GDS or CDC plugins);
//   * parameters ($x) against the declared ones;
//   * labels, relationship types and property keys against the model's
//     vocabulary. The package only checks those in read positions (MATCH,
//     WITH, RETURN). The "citynet" check below walks the package's own parse
//     tree to also check them in CREATE / MERGE / SET / REMOVE and in schema
//     commands (CREATE CONSTRAINT / INDEX), where a misspelling would silently
//     create data or an index under the wrong name.
//
// The pinned version, 2.0.0-next.20, is the newest whose "engines" allow
// Node.js 20 (later ones want 22.15 or 24.11.1); it knows Cypher 5 up to the
// CALL (x) { ... } scope clause of Neo4j 5.23. The citynet check uses its
// parse tree (the parse-tree classes and parser wrapper its CommonJS entry
// exports); it does not expose the semantic analysis' symbol table, so which
// variables hold nodes or relationships is read off the patterns that bind
// them. If an upgrade changes any of this, the script fails and the Go test
// fails loudly; TestLint_CatchesMistakes checks every kind of mistake is
// still reported.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PKG = '@neo4j-cypher/language-support';
const CYPHER_VERSION = 'CYPHER 5';
// Procedures a plain Neo4j 5 server provides (no plugins).
const PROCEDURE_PREFIXES = ['db.', 'dbms.', 'tx.'];

function fail(msg) {
  process.stderr.write(`lint.mjs: ${msg}\n`);
  process.exit(2);
}

if (Number(process.versions.node.split('.')[0]) < 20) {
  fail(`needs Node.js 20 or newer, this is ${process.version}`);
}

// The CommonJS build: the ESM build of this version imports its own modules
// without file extensions, which Node refuses. It exports the parser's
// parse-tree classes and the parser wrapper too.
const require = createRequire(import.meta.url);
const entry = require.resolve(PKG); // .../dist/cjs/index.cjs
const api = require(PKG);
const pkgJSON = JSON.parse(readFileSync(join(dirname(entry), '..', '..', 'package.json'), 'utf8'));
if (pkgJSON.name !== PKG) fail(`unexpected package layout (${pkgJSON.name})`);

const { lintCypherQuery, parseParameters, testData, parserWrapper } = api;
const P = api;
for (const fn of [lintCypherQuery, parseParameters, parserWrapper?.parse, P.CypherParser]) {
  if (typeof fn !== 'function') fail(`${PKG} ${pkgJSON.version}: API changed`);
}
const createParsingResult = (text) => parserWrapper.parse(text, false);

// ---------------------------------------------------------------- request

function readRequest() {
  let req;
  try {
    req = JSON.parse(readFileSync(0, 'utf8'));
  } catch (e) {
    fail(`stdin is not JSON: ${e.message}`);
  }
  const isStrings = (a) =>
    Array.isArray(a) && a.every((s) => typeof s === 'string');
  const s = req?.schema;
  if (
    !s ||
    !isStrings(s.labels) ||
    !isStrings(s.relationshipTypes) ||
    !isStrings(s.propertyKeys)
  ) {
    fail('schema must have string arrays labels, relationshipTypes, propertyKeys');
  }
  if (!Array.isArray(req.statements)) fail('statements must be an array');
  for (const st of req.statements) {
    if (typeof st?.name !== 'string' || typeof st?.text !== 'string') {
      fail('every statement needs a string name and text');
    }
    if (st.parameters !== undefined && !isStrings(st.parameters)) {
      fail(`statement ${st.name}: parameters must be an array of strings`);
    }
  }
  return req;
}

// ---------------------------------------------------------------- schema

function registries() {
  const mock = testData?.mockSchema;
  const procs = mock?.procedures?.[CYPHER_VERSION];
  const funcs = mock?.functions?.[CYPHER_VERSION];
  if (!procs || !funcs) fail(`${PKG}: no bundled procedure/function registry`);
  const procedures = Object.fromEntries(
    Object.entries(procs).filter(([name]) =>
      PROCEDURE_PREFIXES.some((p) => name.startsWith(p)),
    ),
  );
  const functions = Object.fromEntries(
    Object.entries(funcs).filter(([, f]) => f.isBuiltIn),
  );
  if (!procedures['db.index.fulltext.queryNodes']) {
    fail(`${PKG}: bundled registry lacks db.index.fulltext.queryNodes`);
  }
  return { procedures, functions };
}

// The DbSchema (see dbSchema.d.ts in the package) for one statement.
function dbSchemaFor(schema, regs, parameters) {
  return {
    labels: schema.labels,
    relationshipTypes: schema.relationshipTypes,
    propertyKeys: schema.propertyKeys,
    // Only presence matters to the linter (undefined = undeclared).
    parameters: Object.fromEntries(parameters.map((p) => [p, null])),
    procedures: { [CYPHER_VERSION]: regs.procedures },
    functions: { [CYPHER_VERSION]: regs.functions },
    defaultLanguage: CYPHER_VERSION,
  };
}

// ---------------------------------------------------------------- citynet check

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const unquote = (s) => s.replace(/^`|`$/g, '').replace(/``/g, '`');

// This version's parse tree (antlr4) links a node to its parent as parentCtx.
const up = (ctx) => ctx.parentCtx ?? ctx.parent;

function ancestor(ctx, classes) {
  for (let c = up(ctx); c; c = up(c)) {
    if (classes.some((k) => c instanceof k)) return c;
  }
  return null;
}

function* walk(ctx) {
  yield ctx;
  for (const child of ctx.children ?? []) yield* walk(child);
}

// Names of the variables the statement binds to nodes or relationships:
// those of node and relationship patterns, and the `node` a full-text
// procedure yields. (This version of the package does not expose the
// semantic analysis' symbol table, so the binding is read off the parse
// tree. Our statements never reuse a pattern variable's name for a value.)
function graphVariables(root) {
  const names = new Set();
  for (const ctx of walk(root)) {
    if (ctx instanceof P.NodePatternContext || ctx instanceof P.RelationshipPatternContext) {
      const v = ctx.variable?.();
      if (v) names.add(unquote(v.getText()));
    } else if (ctx instanceof P.ProcedureResultItemContext) {
      const call = ancestor(ctx, [P.CallClauseContext]);
      if (/^db\.index\.fulltext\.query/.test(call?.procedureName?.()?.getText() ?? '')) {
        const vars = ctx.variable?.();
        const v = Array.isArray(vars) ? vars[0] : vars;
        names.add(unquote((v ?? ctx).getText()));
      }
    }
  }
  return names;
}

// The variable an expression2 `v.key...` starts from, if any.
function baseVariable(expr2) {
  const e1 = expr2.children?.[0];
  const v = e1 instanceof P.Expression1Context ? e1.children?.[0] : null;
  return v instanceof P.VariableContext ? v : null;
}

// Climbs from a map literal through single-child wrappers (expression
// precedence levels, literal) to the clause item it is the whole value of.
function wholeValueOf(map) {
  let c = map;
  while (up(c) && (up(c).children?.length ?? 0) === 1) c = up(c);
  return up(c);
}

// Is this property key name a key of nodes/relationships in the graph?
function isGraphPropertyKey(key, isGraphVar) {
  const parent = up(key);
  const isGraph = (v) => v && isGraphVar.has(unquote(v.getText()));
  if (parent instanceof P.MapContext) {
    const owner = up(parent);
    if (
      owner instanceof P.PropertiesContext ||
      owner instanceof P.InsertNodePatternContext ||
      owner instanceof P.InsertRelationshipPatternContext
    ) {
      return true; // (n:L {key: ...}), -[r:T {key: ...}]-
    }
    const item = wholeValueOf(parent);
    if (item instanceof P.SetPropsContext || item instanceof P.AddPropContext) {
      return isGraph(item.variable()); // SET n = {key: ...} / SET n += {...}
    }
    return false; // result maps, procedure options, index OPTIONS, ...
  }
  if (parent instanceof P.PropertyContext) {
    const owner = up(parent);
    if (
      owner instanceof P.PropertyListContext ||
      owner instanceof P.EnclosedPropertyListContext
    ) {
      return true; // schema commands: ON (n.key), REQUIRE n.key, ON EACH [n.key]
    }
    if (owner instanceof P.PropertyPostfixContext) {
      const expr2 = up(owner);
      // Only the first postfix of `v.key`, not `v.key.sub` or `f(x).key`.
      return (
        expr2 instanceof P.Expression2Context &&
        expr2.children?.[1] === owner &&
        isGraph(baseVariable(expr2))
      );
    }
    if (owner instanceof P.PropertyExpressionContext) {
      // SET v.key = ..., REMOVE v.key: only the first key after v.
      const e1 = owner.children?.[0];
      const v = e1 instanceof P.Expression1Context ? e1.children?.[0] : null;
      return owner.children?.[1] === parent && v instanceof P.VariableContext && isGraph(v);
    }
    if (owner instanceof P.MapProjectionElementContext) {
      const proj = up(owner); // v {.key}
      return proj instanceof P.MapProjectionContext && isGraph(proj.variable());
    }
  }
  return false;
}

// Label / relationship type names anywhere in the statement:
// kind is 'node', 'rel' or 'either'.
function labelKind(name) {
  const p = up(name);
  if (p instanceof P.LabelNameContext) {
    const pattern = ancestor(p, [P.NodePatternContext, P.RelationshipPatternContext]);
    if (pattern instanceof P.NodePatternContext) return 'node';
    if (pattern instanceof P.RelationshipPatternContext) return 'rel';
    return 'either'; // WHERE n:L, IS L outside a pattern
  }
  if (
    p instanceof P.LabelTypeContext ||
    p instanceof P.InsertNodeLabelExpressionContext ||
    p instanceof P.FulltextNodePatternContext
  ) {
    return 'node';
  }
  if (
    p instanceof P.RelTypeContext ||
    p instanceof P.InsertRelationshipLabelExpressionContext ||
    p instanceof P.FulltextRelPatternContext
  ) {
    return 'rel';
  }
  if (p instanceof P.LabelOrRelTypeContext) return 'either';
  return null;
}

// Returns the citynet diagnostics, and the offsets of property key names that
// are not graph property keys (e.g. `row.key` in `MATCH (n {id: row.key})`,
// which the package mistakes for a property of n).
function vocabularyDiagnostics(parsed, schema) {
  const labels = new Set(schema.labels);
  const relTypes = new Set(schema.relationshipTypes);
  const keys = new Set(schema.propertyKeys);
  const isGraphVar = graphVariables(parsed.ctx);
  const out = [];
  const notGraphKeys = new Set();
  const add = (ctx, message) =>
    out.push({
      severity: 'error',
      message,
      line: ctx.start.line,
      column: ctx.start.column + 1,
      offset: ctx.start.start,
      source: 'citynet',
    });

  for (const ctx of walk(parsed.ctx)) {
    if (ctx instanceof P.SymbolicNameStringContext) {
      const kind = labelKind(ctx);
      if (!kind) continue;
      const n = unquote(ctx.getText());
      if (kind === 'node' && !labels.has(n)) {
        add(ctx, `Label ${n} is not in neo4j.Labels`);
      } else if (kind === 'rel' && !relTypes.has(n)) {
        add(ctx, `Relationship type ${n} is not in neo4j.RelTypes`);
      } else if (kind === 'either' && !labels.has(n) && !relTypes.has(n)) {
        add(ctx, `Label or relationship type ${n} is in neither neo4j.Labels nor neo4j.RelTypes`);
      }
    } else if (ctx instanceof P.PropertyKeyNameContext) {
      const n = unquote(ctx.getText());
      if (!isGraphPropertyKey(ctx, isGraphVar)) {
        notGraphKeys.add(ctx.start.start);
      } else if (!keys.has(n)) {
        add(ctx, `Property key ${n} is not in neo4j.PropertyKeys`);
      }
    }
  }
  return { diagnostics: out, notGraphKeys };
}

// The package's own "<key> is not present in the database" warning for a
// property key (its label/relationship type warnings start with their kind).
const isPackagePropertyWarning = (d) =>
  d.source === 'neo4j' &&
  / is not present in the database\. /.test(d.message) &&
  !/^(Label|Relationship type|Function|Procedure) /.test(d.message) &&
  !/^Label or relationship type /.test(d.message);

// ---------------------------------------------------------------- lint

function fromPackage(d) {
  return {
    severity: SEVERITY[d.severity] ?? String(d.severity),
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    offset: d.offsets?.start,
    source: 'neo4j',
    ...(d.tags?.includes(2) ? { deprecated: true } : {}),
  };
}

function lintOne(st, schema, regs) {
  const text = st.text;
  if (text.trim() === '') {
    return [{ severity: 'error', message: 'empty statement', line: 1, column: 1, source: 'citynet' }];
  }
  const params = st.parameters ?? parseParameters(text, false);
  const dbSchema = dbSchemaFor(schema, regs, params);
  const diagnostics = lintCypherQuery(text, dbSchema, false);
  let out = diagnostics.map(fromPackage);

  const significant = (t) =>
    t.text.trim() !== '' &&
    !['<EOF>', ';'].includes(t.text) &&
    !/^(\/\/|\/\*)/.test(t.text);
  const parsed = createParsingResult(text)
    .statementsParsing.filter((s) => s.tokens.some(significant));
  if (parsed.length > 1) {
    out.push({
      severity: 'error',
      message: `${parsed.length} statements in one text; the driver sends exactly one`,
      line: 1,
      column: 1,
      source: 'citynet',
    });
  }
  if (parsed.length === 1 && parsed[0].syntaxErrors.length === 0) {
    // Vocabulary of write clauses and schema commands (on a tree without
    // syntax errors); skip what the package already reported at that place.
    const vocab = vocabularyDiagnostics(parsed[0], schema);
    out = out.filter(
      (d) => !(isPackagePropertyWarning(d) && vocab.notGraphKeys.has(d.offset)),
    );
    const seen = new Set(out.map((d) => d.offset));
    for (const d of vocab.diagnostics) {
      if (!seen.has(d.offset)) out.push(d);
    }
  }
  return out
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map(({ offset, ...d }) => d);
}

const req = readRequest();
const regs = registries();
// The package swallows exceptions of its semantic analysis (and returns no
// diagnostics): make sure it runs here at all.
if (!lintCypherQuery('MATCH (c) RETURN x', dbSchemaFor(req.schema, regs, []), false).some((d) => /`x`/.test(d.message))) {
  fail(`${PKG} ${pkgJSON.version}: Neo4j's semantic analysis does not run`);
}
const results = req.statements.map((st) => {
  let diagnostics;
  try {
    diagnostics = lintOne(st, req.schema, regs);
  } catch (e) {
    diagnostics = [
      { severity: 'error', message: `linter crashed: ${e?.stack ?? e}`, line: 1, column: 1, source: 'citynet' },
    ];
  }
  return { name: st.name, diagnostics };
});
process.stdout.write(
  JSON.stringify({ linter: { package: PKG, version: pkgJSON.version }, results }) + '\n',
);
