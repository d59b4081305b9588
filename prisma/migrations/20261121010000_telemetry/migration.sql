-- Telemetry: spans and metric points in daily partitions, per-minute rollups with latency histograms, and
-- the functions that create and drop partitions. Plain SQL without Prisma models: Prisma cannot describe
-- partitioned tables, and every hot read and write goes through node-postgres (lib/db/queries/).
-- Design and alternatives: docs/adr/0004-telemetry-storage-and-rollups.md.

-- Resource attributes are shared by every span and point of one process, so they are stored once.
CREATE TABLE telemetry_resources (
  id         bytea PRIMARY KEY,        -- first 16 bytes of the SHA-256 of the attributes' JSON
  last_seen  date NOT NULL,            -- for retention: resources unused for longer than it are deleted
  attributes jsonb NOT NULL
);

-- Partitioned by day on the start time (Unix nanoseconds, UTC days). Fixed-width columns first so rows
-- carry no alignment padding. No unique key: OTLP delivery is at least once, and a unique index on
-- (trace_id, span_id) would cost every insert; queries fold duplicates of a retried export.
CREATE TABLE telemetry_spans (
  start_ns                 bigint   NOT NULL,
  duration_ns              bigint   NOT NULL,
  flags                    integer  NOT NULL,
  dropped_attributes_count integer  NOT NULL,
  dropped_events_count     integer  NOT NULL,
  dropped_links_count      integer  NOT NULL,
  kind                     smallint NOT NULL,   -- OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer
  status_code              smallint NOT NULL,   -- OTLP StatusCode: 0 unset, 1 ok, 2 error
  http_status_code         smallint,
  trace_id                 bytea    NOT NULL,   -- 16 bytes
  span_id                  bytea    NOT NULL,   -- 8 bytes
  parent_span_id           bytea,               -- null for a root span
  resource_id              bytea    NOT NULL,   -- telemetry_resources.id
  service                  text     NOT NULL,
  operation                text     NOT NULL,
  status_message           text,
  http_method              text,
  http_route               text,
  peer_service             text,
  trace_state              text,
  scope_name               text,
  scope_version            text,
  attributes               jsonb    NOT NULL,
  events                   jsonb,               -- null when there are none
  links                    jsonb
) PARTITION BY RANGE (start_ns);

CREATE INDEX telemetry_spans_trace_id_idx ON telemetry_spans (trace_id);
CREATE INDEX telemetry_spans_service_start_idx ON telemetry_spans (service, start_ns);
CREATE INDEX telemetry_spans_start_brin ON telemetry_spans USING brin (start_ns);

-- Metric data points, partitioned by day on the point's time. Histograms keep their buckets as arrays:
-- explicit histograms in bounds / bucket_counts; exponential ones in bucket_counts (positive buckets from
-- positive_offset) and negative_counts (from negative_offset); summaries in quantiles / quantile_values.
CREATE TABLE telemetry_metric_points (
  time_ns                  bigint   NOT NULL,
  start_ns                 bigint   NOT NULL,   -- 0 when the sender did not set it
  count                    bigint,
  value                    double precision,    -- gauge and sum
  sum                      double precision,
  min                      double precision,
  max                      double precision,
  zero_threshold           double precision,
  zero_count               bigint,
  flags                    integer  NOT NULL,
  dropped_attributes_count integer  NOT NULL,
  scale                    integer,
  positive_offset          integer,
  negative_offset          integer,
  type                     smallint NOT NULL,   -- 1 gauge, 2 sum, 3 histogram, 4 exponential histogram, 5 summary
  temporality              smallint,            -- OTLP AggregationTemporality: 1 delta, 2 cumulative
  monotonic                boolean,
  resource_id              bytea    NOT NULL,
  service                  text     NOT NULL,
  metric_name              text     NOT NULL,
  unit                     text     NOT NULL,
  description              text,
  scope_name               text,
  scope_version            text,
  attributes               jsonb    NOT NULL,
  bounds                   double precision[],
  bucket_counts            bigint[],
  negative_counts          bigint[],
  quantiles                double precision[],
  quantile_values          double precision[]
) PARTITION BY RANGE (time_ns);

CREATE INDEX telemetry_metric_points_series_idx ON telemetry_metric_points (service, metric_name, time_ns);

-- Rollups, one row per minute and key, kept at ingest so that charts and the topology never read raw spans.
-- `origin` says whether a row was measured by metrics (unsampled, preferred) or counted from spans; both
-- are kept and queries prefer metrics per key and minute. `latency` holds the counts of the shared latency
-- histogram (lib/telemetry/rollup/latency-histogram.ts): array subscripts are slot numbers (0..177), and
-- only the occupied range is stored, e.g. '[40:43]={1,0,5,2}'.
CREATE TABLE telemetry_service_minutes (
  minute      timestamptz      NOT NULL,
  service     text             NOT NULL,
  operation   text             NOT NULL,
  route       text             NOT NULL,   -- '' when unknown
  version     text             NOT NULL,   -- subset or service.version; '' when unknown
  origin      text             NOT NULL CHECK (origin IN ('spans', 'metrics')),
  requests    bigint           NOT NULL,
  errors      bigint           NOT NULL,
  latency_sum double precision NOT NULL,   -- seconds
  latency     bigint[]         NOT NULL,
  PRIMARY KEY (minute, service, operation, route, version, origin)
) PARTITION BY RANGE (minute);

CREATE INDEX telemetry_service_minutes_service_idx ON telemetry_service_minutes (service, minute);

CREATE TABLE telemetry_edge_minutes (
  minute           timestamptz      NOT NULL,
  source           text             NOT NULL,
  destination      text             NOT NULL,
  origin           text             NOT NULL CHECK (origin IN ('spans', 'metrics')),
  destination_kind text             NOT NULL CHECK (destination_kind IN ('service', 'peer')),
  requests         bigint           NOT NULL,
  errors           bigint           NOT NULL,
  latency_sum      double precision NOT NULL,
  latency          bigint[]         NOT NULL,
  PRIMARY KEY (minute, source, destination, origin)
) PARTITION BY RANGE (minute);

-- Adds two histograms slot by slot; either may be empty and their subscript ranges may differ.
CREATE FUNCTION telemetry_counts_add(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  lo integer;
  hi integer;
  result bigint[];
BEGIN
  IF a IS NULL OR cardinality(a) = 0 THEN RETURN b; END IF;
  IF b IS NULL OR cardinality(b) = 0 THEN RETURN a; END IF;
  lo := least(array_lower(a, 1), array_lower(b, 1));
  hi := greatest(array_upper(a, 1), array_upper(b, 1));
  result := array_fill(0::bigint, ARRAY[hi - lo + 1], ARRAY[lo]);
  FOR i IN lo..hi LOOP
    -- Subscripts outside an array's range read as NULL.
    result[i] := coalesce(a[i], 0) + coalesce(b[i], 0);
  END LOOP;
  RETURN result;
END;
$$;

-- Creates the missing daily partitions (UTC days first_day..last_day) of one telemetry table. Partitions
-- are named <table>_pYYYYMMDD; the key is Unix nanoseconds ('ns') or a timestamptz ('time').
CREATE FUNCTION telemetry_ensure_day_partitions(parent text, key_kind text, first_day date, last_day date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  day date;
  child text;
  lower_bound text;
  upper_bound text;
BEGIN
  IF key_kind NOT IN ('ns', 'time') THEN RAISE EXCEPTION 'unknown partition key kind %', key_kind; END IF;
  FOR day IN SELECT d::date FROM generate_series(first_day, last_day, interval '1 day') AS d LOOP
    child := parent || '_p' || to_char(day, 'YYYYMMDD');
    CONTINUE WHEN to_regclass(quote_ident(child)) IS NOT NULL;
    IF key_kind = 'ns' THEN
      lower_bound := ((day - date '1970-01-01')::bigint * 86400000000000)::text;
      upper_bound := ((day + 1 - date '1970-01-01')::bigint * 86400000000000)::text;
    ELSE
      lower_bound := quote_literal(to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00');
      upper_bound := quote_literal(to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)',
                   child, parent, lower_bound, upper_bound);
    RETURN NEXT child;
  END LOOP;
END;
$$;

-- Drops the daily partitions of one telemetry table whose day is before keep_from (retention).
CREATE FUNCTION telemetry_drop_day_partitions(parent text, keep_from date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  child text;
BEGIN
  FOR child IN
    SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = parent::regclass ORDER BY c.relname
  LOOP
    CONTINUE WHEN child !~ ('^' || parent || '_p[0-9]{8}$');
    IF to_date(right(child, 8), 'YYYYMMDD') < keep_from THEN
      EXECUTE format('DROP TABLE %I', child);
      RETURN NEXT child;
    END IF;
  END LOOP;
END;
$$;

-- One maintenance pass over every telemetry table: partitions from the oldest retained day to
-- today + days_ahead exist, older ones are gone, and resources nobody used within the longest retention
-- are deleted. Serialised across replicas by an advisory lock. Returns what it created and dropped.
CREATE FUNCTION telemetry_maintain_partitions(
  today date, days_ahead integer, spans_days integer, metrics_days integer, rollups_days integer
) RETURNS TABLE (action text, partition_name text) LANGUAGE plpgsql AS $$
DECLARE
  spec record;
BEGIN
  PERFORM pg_advisory_xact_lock(7315904212);
  FOR spec IN
    SELECT * FROM (VALUES
      ('telemetry_spans', 'ns', spans_days),
      ('telemetry_metric_points', 'ns', metrics_days),
      ('telemetry_service_minutes', 'time', rollups_days),
      ('telemetry_edge_minutes', 'time', rollups_days)
    ) AS t(parent, key_kind, keep_days)
  LOOP
    RETURN QUERY SELECT 'dropped'::text, name
      FROM telemetry_drop_day_partitions(spec.parent, today - spec.keep_days) AS name;
    RETURN QUERY SELECT 'created'::text, name
      FROM telemetry_ensure_day_partitions(spec.parent, spec.key_kind, today - spec.keep_days, today + days_ahead) AS name;
  END LOOP;
  DELETE FROM telemetry_resources
   WHERE last_seen < today - greatest(spans_days, metrics_days);
END;
$$;
