// SQL that generates the query benchmark's data inside PostgreSQL (no rows cross the wire): helper tables
// and functions, then spans per range of traces and rollups per range of minutes. Everything named bench_*
// lives only in the benchmark's throw-away database.
//
// Shape of the data: 500 services in 6 tiers (the names and tiers of lib/console/graph/syntheticMesh.ts);
// a trace enters at tier 0, 1 or 2 and is a tree of fan-out 3 whose even depths are SERVER spans of a
// service one tier further down (at most tier 5) and
// whose odd depths are CLIENT spans of their parent's service calling the next one (a leaf CLIENT is a
// database call). 5–50 spans per trace (skewed small), one trace in 5,000 has 1,000–5,000 spans.
// Durations are log-normal (median 30 ms at the root, shorter further down); ~2% of server spans fail.

export const HELPERS_SQL = `
CREATE UNLOGGED TABLE bench_services (idx int PRIMARY KEY, name text NOT NULL);

CREATE UNLOGGED TABLE bench_traces (
  n int PRIMARY KEY, size int NOT NULL, start_ns bigint NOT NULL, user_id int NOT NULL, trace_id bytea NOT NULL
);
CREATE UNLOGGED TABLE bench_routes (idx int PRIMARY KEY, method text, route text, db_table text);
INSERT INTO bench_routes VALUES
  (0, 'GET', '/api/orders', 'orders'), (1, 'GET', '/api/orders/{id}', 'orders'),
  (2, 'POST', '/api/orders', 'orders'), (3, 'GET', '/api/cart', 'carts'),
  (4, 'PUT', '/api/cart/items/{sku}', 'cart_items'), (5, 'GET', '/api/users/{id}', 'users'),
  (6, 'GET', '/api/search', 'products'), (7, 'POST', '/api/payments', 'payments'),
  (8, 'GET', '/api/inventory/{sku}', 'inventory'), (9, 'GET', '/api/recommendations', 'products'),
  (10, 'POST', '/api/shipping/quote', 'rates'), (11, 'POST', '/api/auth/token', 'sessions'),
  (12, 'GET', '/api/items', 'items'), (13, 'DELETE', '/api/cart/items/{sku}', 'cart_items'),
  (14, 'GET', '/api/prices/{sku}', 'prices'), (15, 'GET', '/health', 'none');

-- The service of a SERVER node: one of the services of the tier at its call depth below the trace's
-- entry tier (0–2: front ends, APIs, or a job starting further down), chosen by a hash of the trace and
-- the node (so a CLIENT span can name the service its child will be in).
CREATE FUNCTION bench_service(trace int, node int, server_depth int, services int) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT lo + abs(hashint8(trace::bigint * 100003 + node)) % greatest(1, hi - lo)
    FROM (SELECT least(abs(hashint8(trace::bigint)) % 3 + server_depth, 5) AS tier) AS t,
         LATERAL (SELECT (t.tier * services + 5) / 6 AS lo, ((t.tier + 1) * services + 5) / 6 AS hi) AS bounds
$fn$;

-- A service's routes: 6 of the 16, fixed per service.
CREATE FUNCTION bench_route(service int, pick int) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT (service * 5 + abs(pick) % 6) % 16 $fn$;

CREATE UNLOGGED TABLE bench_edges (n int PRIMARY KEY, source text NOT NULL, destination text NOT NULL);
`;

/** The services svc-000 … ($1 of them) and their resources. */
export const SERVICES_SQL = `
WITH inserted AS (
  INSERT INTO bench_services SELECT i, 'svc-' || lpad(i::text, 3, '0') FROM generate_series(0, $1::int - 1) AS i
  RETURNING *
)
INSERT INTO telemetry_resources (id, last_seen, attributes)
SELECT decode(md5(name), 'hex'), current_date,
       jsonb_build_object('service.name', name, 'service.version', CASE WHEN idx % 3 = 0 THEN '2.4.1' ELSE '2.3.9' END,
                          'service.namespace', 'ns-' || idx % 10, 'host.name', name || '-7d9f8b-x2k4q',
                          'k8s.pod.name', name || '-7d9f8b-x2k4q', 'telemetry.sdk.language', 'nodejs',
                          'telemetry.sdk.name', 'opentelemetry', 'telemetry.sdk.version', '2.2.0')
  FROM inserted;
`;

/**
 * Per trace: its size, start and user; trace sizes are cut so that the spans add up to exactly $1.
 * $2 = candidate traces, $3 = newest start (ns), $4 = window (ns), $5 = user count.
 */
export const TRACES_SQL = `
INSERT INTO bench_traces (n, size, start_ns, user_id, trace_id)
WITH candidates AS (
  SELECT n, CASE WHEN random() < 0.0002 THEN 1000 + floor(random() * 4000)::int
                 ELSE 5 + floor(46 * power(random(), 2))::int END AS size,
         $3::bigint - floor(random() * $4::bigint)::bigint AS start_ns,
         floor(random() * $5::int)::int AS user_id
    FROM generate_series(0, $2::int - 1) AS n
), numbered AS (
  SELECT *, sum(size) OVER (ORDER BY n) - size AS first_span FROM candidates
)
, kept AS (
  -- Numbered by start, so that a range of numbers is a range of time: the heap then holds rows in about
  -- the order ingest would have appended them (which the BRIN index on start relies on).
  SELECT row_number() OVER (ORDER BY start_ns)::int - 1 AS n, least(size, $1::bigint - first_span)::int AS size,
         start_ns, user_id
    FROM numbered WHERE first_span < $1::bigint
)
SELECT n, size, start_ns, user_id, decode(md5('trace-' || n), 'hex') FROM kept`;

/** Spans of the traces numbered [$1, $2); $3 = service count. */
export const SPANS_SQL = `
INSERT INTO telemetry_spans (
  start_ns, duration_ns, flags, dropped_attributes_count, dropped_events_count, dropped_links_count,
  kind, status_code, http_status_code, trace_id, span_id, parent_span_id, resource_id, service, operation,
  status_message, http_method, http_route, peer_service, trace_state, scope_name, scope_version,
  attributes, events, links)
SELECT s.start_ns, s.duration_ns, 1, 0, 0, 0,
       s.kind, CASE WHEN s.failed THEN 2 ELSE 0 END, s.http_status,
       t.trace_id, substr(decode(md5(t.n || '.' || s.node), 'hex'), 1, 8),
       CASE WHEN s.node = 0 THEN NULL ELSE substr(decode(md5(t.n || '.' || (s.node - 1) / 3), 'hex'), 1, 8) END,
       decode(md5(svc.name), 'hex'), svc.name,
       CASE WHEN s.kind = 2 THEN r.method || ' ' || r.route WHEN s.db THEN 'SELECT ' || r.db_table ELSE r.method END,
       CASE WHEN s.failed THEN 'upstream request failed' END,
       CASE WHEN s.db THEN NULL ELSE r.method END, CASE WHEN s.kind = 2 THEN r.route END,
       CASE WHEN s.kind = 3 THEN coalesce(s.peer, 'postgres') END, NULL,
       '@opentelemetry/instrumentation-http', '0.208.0',
       CASE
         WHEN s.kind = 2 THEN jsonb_build_object(
           'http.request.method', r.method, 'http.route', r.route, 'http.response.status_code', s.http_status,
           'url.path', replace(r.route, '{id}', (t.user_id % 9973)::text), 'user.id', 'user-' || t.user_id,
           'tenant.id', 'tenant-' || t.user_id % 500, 'client.address', '10.' || t.user_id % 250 || '.3.17',
           'user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64) weft-bench/1.0')
         WHEN s.db THEN jsonb_build_object(
           'db.system', 'postgresql', 'db.operation.name', 'SELECT', 'db.collection.name', r.db_table,
           'server.address', 'postgres', 'server.port', 5432)
         ELSE jsonb_build_object(
           'http.request.method', r.method, 'server.address', s.peer, 'server.port', 8080,
           'peer.service', s.peer, 'http.response.status_code', s.http_status)
       END,
       CASE WHEN s.failed THEN jsonb_build_array(jsonb_build_object(
         'name', 'exception', 'timeNs', (s.start_ns + s.duration_ns / 2)::text, 'droppedAttributesCount', 0,
         'attributes', jsonb_build_object('exception.type', 'Error', 'exception.message', 'upstream request failed')))
       END,
       NULL
  FROM (SELECT * FROM bench_traces WHERE n >= $1 AND n < $2 ORDER BY n) AS t
 CROSS JOIN LATERAL generate_series(0, t.size - 1) AS node
 CROSS JOIN LATERAL (SELECT floor(ln(2 * node + 1) / ln(3) + 1e-9)::int AS depth) AS d
 CROSS JOIN LATERAL (
   SELECT node, d.depth,
          CASE WHEN d.depth % 2 = 0 THEN 2 ELSE 3 END AS kind,
          -- A CLIENT span belongs to its parent SERVER span's service.
          bench_service(t.n, CASE WHEN d.depth % 2 = 0 THEN node ELSE (node - 1) / 3 END,
                        d.depth / 2, $3::int) AS service_idx,
          d.depth % 2 = 1 AND 3 * node + 1 >= t.size AS db,
          random() AS u_fail, random() AS u_status, 1 - random() AS u1, random() AS u2, random() AS u3
 ) AS p
 CROSS JOIN LATERAL (
   SELECT p.node, p.kind, p.db, p.service_idx,
          p.u_fail < CASE WHEN p.kind = 2 THEN 0.02 ELSE 0.01 END AS failed,
          CASE WHEN p.u_fail < CASE WHEN p.kind = 2 THEN 0.02 ELSE 0.01 END THEN 500
               WHEN p.u_status < 0.03 THEN 404 ELSE 200 END::smallint AS http_status,
          t.start_ns + p.depth * 400000 + floor(p.u3 * 900000)::bigint AS start_ns,
          greatest(20000, exp(ln(30e6) - 0.55 * p.depth + 0.9 * sqrt(-2 * ln(p.u1)) * cos(2 * pi() * p.u2)))::bigint
            AS duration_ns,
          CASE WHEN p.kind = 3 AND NOT p.db
               THEN 'svc-' || lpad(bench_service(t.n, 3 * p.node + 1, p.depth / 2 + 1, $3::int)::text, 3, '0')
          END AS peer
 ) AS s
 JOIN bench_services svc ON svc.idx = s.service_idx
 JOIN bench_routes r ON r.idx = bench_route(s.service_idx, hashint8(t.n::bigint * 31 + s.node))`;

/** 64 latency histograms in the rollups' slot format, picked by hash per row. */
export const HISTOGRAMS_SQL = `
CREATE UNLOGGED TABLE bench_histograms AS
  SELECT h AS id, lo, (
           '[' || lo || ':' || lo + 11 || ']={' ||
           (SELECT string_agg((1 + floor(random() * 40 * exp(-power(k - 5, 2) / 8.0)))::bigint::text, ',')
              FROM generate_series(0, 11) AS k WHERE h >= 0) || '}')::bigint[] AS latency
    FROM generate_series(0, 63) AS h, LATERAL (SELECT 60 + h % 40 AS lo) AS l`;

/** Edges of the mesh: $1 sources, $2 destinations. */
export const EDGES_SQL = `INSERT INTO bench_edges SELECT row_number() OVER (), source, destination
  FROM unnest($1::text[], $2::text[]) AS e(source, destination)`;

/**
 * Service minutes for the minutes [$1, $2): two routes of every service every minute, from metrics, and
 * for one service in five also from spans (instrumented with an SDK as well as a sidecar).
 */
export const SERVICE_MINUTES_SQL = `
WITH minutes AS (SELECT m FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', interval '1 minute') AS m)
INSERT INTO telemetry_service_minutes (minute, service, operation, route, version, origin, requests, errors, latency_sum, latency)
SELECT m, s.name, r.method || ' ' || r.route, r.route, CASE WHEN s.idx % 3 = 0 THEN 'v2' ELSE 'v1' END, o.origin,
       (h.lo * 7 + s.idx) % 900 + 60, (s.idx + h.id) % 5, ((h.lo * 7 + s.idx) % 900 + 60) * 0.03, h.latency
  FROM minutes, bench_services s, generate_series(0, 1) AS k, bench_routes r,
       LATERAL (SELECT 'metrics' AS origin UNION ALL SELECT 'spans' WHERE s.idx % 5 = 0) AS o,
       LATERAL (SELECT * FROM bench_histograms WHERE id = abs(hashint8(extract(epoch FROM m)::bigint + s.idx * 2 + k)) % 64) AS h
 WHERE r.idx = bench_route(s.idx, k)`;

/** Edge minutes for the minutes [$1, $2): every edge every minute (one in five also from spans). */
export const EDGE_MINUTES_SQL = `
WITH minutes AS (SELECT m FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', interval '1 minute') AS m)
INSERT INTO telemetry_edge_minutes (minute, source, destination, origin, destination_kind, requests, errors, latency_sum, latency)
SELECT m, e.source, e.destination, o.origin, 'service', (h.lo * 13 + e.n) % 400 + 20, (e.n + h.id) % 4,
       ((h.lo * 13 + e.n) % 400 + 20) * 0.02, h.latency
  FROM minutes, bench_edges AS e,
       LATERAL (SELECT 'metrics' AS origin UNION ALL SELECT 'spans' WHERE e.n % 5 = 0) AS o,
       LATERAL (SELECT * FROM bench_histograms WHERE id = abs(hashint8(extract(epoch FROM m)::bigint + e.n)) % 64) AS h`;
