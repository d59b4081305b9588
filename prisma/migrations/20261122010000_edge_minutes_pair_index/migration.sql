-- One edge's chart (GET /api/v1/edges/series) reads one caller → callee pair over a range. The primary key
-- leads with the minute, so without this index such a read would walk every edge's rows of the range
-- (2,000 edges × 1,440 minutes for a day). Like telemetry_service_minutes_service_idx for services.
CREATE INDEX telemetry_edge_minutes_pair_idx ON telemetry_edge_minutes (source, destination, minute);
