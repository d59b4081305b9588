-- Trace search (lib/db/queries/searchTraceSpans.ts) wants the newest matching spans first and stops at
-- its limit. Without a service to narrow by, the BRIN index on start could only hand it every span of the
-- range to sort (5 million for a day of 10 million spans over two days); a btree on start is read
-- backwards and stops as soon as enough spans match. Two small partial indexes serve the filters that
-- match few spans, which a backwards walk would have to read the whole range to find: failed spans, and
-- spans of 1 s or longer. Their predicates are written exactly as the query writes them (the planner
-- proves that a partial index applies by comparing expressions); a unit test keeps both equal.
-- Created on the parent, so every partition, present and future, has them. Ingest cost: see
-- docs/telemetry.md ("Query performance").
CREATE INDEX telemetry_spans_start_idx ON telemetry_spans (start_ns);
CREATE INDEX telemetry_spans_failed_start_idx ON telemetry_spans (start_ns)
  WHERE (status_code = 2 OR (kind IN (2, 3) AND coalesce(http_status_code, 0) >= 500));
CREATE INDEX telemetry_spans_slow_start_idx ON telemetry_spans (start_ns) WHERE duration_ns >= 1000000000;

-- The btree on start answers everything the BRIN index did; nothing else reads spans by start alone.
DROP INDEX telemetry_spans_start_brin;

-- Attribute filters (attr.user.id=…) without a service would otherwise read every span of the range: a
-- rare value over a day of 5 million spans took 3 s. The query asks `attributes @> {key: value}` (then
-- compares the text exactly); jsonb_path_ops keeps one hash per key and value, about 13 bytes a span.
CREATE INDEX telemetry_spans_attributes_idx ON telemetry_spans USING gin (attributes jsonb_path_ops);
