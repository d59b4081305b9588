-- Coarser rollup levels: 10-minute, 1-hour, 6-hour and 1-day buckets of the per-minute rollups, so that a
-- range's topology reads a few rows per caller → callee and service instead of one per minute. A bucket row
-- holds the figures the minute query would choose (per key and minute, metric rows win over span rows), so
-- there is one row per key, not per origin, and flags say which origins contributed. Buckets are computed
-- from the minute rows by lib/telemetry/rollup/levels-job.ts; 10-minute buckets whose minutes changed since
-- they were last computed are listed in telemetry_rollup_pending, and queries read minutes for those.
-- Design: docs/adr/0007-rollup-levels.md.

CREATE TABLE telemetry_edge_buckets (
  bucket            timestamptz      NOT NULL,   -- start, aligned to `width` from the Unix epoch (UTC)
  width             smallint         NOT NULL CHECK (width IN (10, 60, 360, 1440)),   -- minutes
  source            text             NOT NULL,
  destination       text             NOT NULL,
  callee_is_service boolean          NOT NULL,   -- some chosen minute row said the callee is a service
  from_metrics      boolean          NOT NULL,   -- some chosen minute row came from metrics
  from_spans        boolean          NOT NULL,   -- some chosen minute row came from spans
  requests          bigint           NOT NULL,
  errors            bigint           NOT NULL,
  latency_sum       double precision NOT NULL,
  latency           bigint[]         NOT NULL,   -- same sparse form as the minute rows
  PRIMARY KEY (width, bucket, source, destination)
) PARTITION BY RANGE (bucket);

CREATE TABLE telemetry_service_buckets (
  bucket      timestamptz      NOT NULL,
  width       smallint         NOT NULL CHECK (width IN (10, 60, 360, 1440)),
  service     text             NOT NULL,
  requests    bigint           NOT NULL,
  errors      bigint           NOT NULL,
  latency_sum double precision NOT NULL,
  latency     bigint[]         NOT NULL,
  PRIMARY KEY (width, bucket, service)
) PARTITION BY RANGE (bucket);

-- 10-minute buckets whose minute rows changed after their buckets were last computed. Ingest upserts a row
-- (bumping `version`) in the transaction that writes the minutes; the roll-up deletes it only if `version`
-- is still the one it read before computing, so a change it may have missed keeps the bucket pending.
CREATE TABLE telemetry_rollup_pending (
  bucket  timestamptz PRIMARY KEY,
  version bigint      NOT NULL DEFAULT 1
);

-- A latency histogram in the rollups' sparse form from summed slots (ascending) and their counts.
CREATE FUNCTION telemetry_counts_from_slots(slots integer[], counts double precision[]) RETURNS bigint[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  result bigint[];
BEGIN
  IF slots IS NULL OR cardinality(slots) = 0 THEN RETURN '{}'; END IF;
  result := array_fill(0::bigint, ARRAY[slots[cardinality(slots)] - slots[1] + 1], ARRAY[slots[1]]);
  FOR i IN 1..cardinality(slots) LOOP
    result[slots[i]] := counts[i]::bigint;
  END LOOP;
  RETURN result;
END;
$$;

-- Partitions and retention of the bucket tables follow the minute tables'; pending rows of expired days go.
CREATE OR REPLACE FUNCTION telemetry_maintain_partitions(
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
      ('telemetry_edge_minutes', 'time', rollups_days),
      ('telemetry_service_buckets', 'time', rollups_days),
      ('telemetry_edge_buckets', 'time', rollups_days)
    ) AS t(parent, key_kind, keep_days)
  LOOP
    RETURN QUERY SELECT 'dropped'::text, name
      FROM telemetry_drop_day_partitions(spec.parent, today - spec.keep_days) AS name;
    RETURN QUERY SELECT 'created'::text, name
      FROM telemetry_ensure_day_partitions(spec.parent, spec.key_kind, today - spec.keep_days, today + days_ahead) AS name;
  END LOOP;
  DELETE FROM telemetry_rollup_pending WHERE bucket < (today - rollups_days)::timestamp AT TIME ZONE 'UTC';
  DELETE FROM telemetry_resources
   WHERE last_seen < today - greatest(spans_days, metrics_days);
END;
$$;

-- Bucket partitions for the days that already have minute rows, and every 10-minute bucket from the oldest
-- to the newest minute row pending, so the roll-up computes the existing data (queries read minutes until then).
DO $$
DECLARE
  child text;
BEGIN
  FOR child IN
    SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent IN ('telemetry_edge_minutes'::regclass, 'telemetry_service_minutes'::regclass)
  LOOP
    CONTINUE WHEN child !~ '_p[0-9]{8}$';
    PERFORM telemetry_ensure_day_partitions(parent, 'time', to_date(right(child, 8), 'YYYYMMDD'),
                                            to_date(right(child, 8), 'YYYYMMDD'))
       FROM (VALUES ('telemetry_edge_buckets'), ('telemetry_service_buckets')) AS t(parent);
  END LOOP;
END;
$$;

INSERT INTO telemetry_rollup_pending (bucket)
SELECT generate_series(date_bin('10 minutes', lo, timestamptz '1970-01-01 00:00+00'), hi, interval '10 minutes')
  FROM (SELECT min(minute) AS lo, max(minute) AS hi FROM (
          (SELECT minute FROM telemetry_edge_minutes ORDER BY minute LIMIT 1)
          UNION ALL (SELECT minute FROM telemetry_edge_minutes ORDER BY minute DESC LIMIT 1)
          UNION ALL (SELECT minute FROM telemetry_service_minutes ORDER BY minute LIMIT 1)
          UNION ALL (SELECT minute FROM telemetry_service_minutes ORDER BY minute DESC LIMIT 1)) AS m) AS r
 WHERE lo IS NOT NULL;
