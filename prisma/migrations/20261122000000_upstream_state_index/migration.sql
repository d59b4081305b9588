-- The topology reads the newest upstream-state gauge points (docs/telemetry-metrics.md, "Upstream state")
-- of every service within the last minute of a range. The series index leads with the service, which such
-- a query does not know, so it would scan every point of the day. This partial index holds only those three
-- metrics: ingest of the RED histograms does not pay for it, and the topology reads a handful of index
-- entries. A new upstream-state metric needs a new index (the predicate names each one, so that a query
-- naming the same literals can prove it applies).
CREATE INDEX telemetry_metric_points_upstream_idx ON telemetry_metric_points (time_ns)
  WHERE metric_name IN ('weft.upstream.endpoints', 'weft.upstream.endpoints.ejected',
                        'weft.upstream.circuit_breaker.open');
