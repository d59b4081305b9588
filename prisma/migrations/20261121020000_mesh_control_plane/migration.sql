-- The control plane: versioned mesh revisions, the registry of proxies, per-proxy delivery status.

-- Revision 0 (the empty config) is implicit. Revisions are append-only: a restore is a new revision.
CREATE TABLE mesh_revisions (
  number        integer PRIMARY KEY CHECK (number >= 1),
  config        jsonb NOT NULL,
  config_hash   varchar(64) NOT NULL,
  author_type   varchar(16) NOT NULL,
  author_id     varchar(64),
  author        varchar(128) NOT NULL,
  message       varchar(1024) NOT NULL,
  diff          jsonb NOT NULL,
  summary       jsonb NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  restored_from integer CHECK (restored_from >= 0)
);
CREATE INDEX mesh_revisions_created_at_idx ON mesh_revisions (created_at);

CREATE FUNCTION mesh_revisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'mesh_revisions is append-only; restore a revision instead';
END;
$$;
CREATE TRIGGER mesh_revisions_no_update BEFORE UPDATE OR DELETE ON mesh_revisions
  FOR EACH ROW EXECUTE FUNCTION mesh_revisions_append_only();

-- Status rows are rewritten on every push, ACK and heartbeat: free space in each page keeps those
-- updates HOT (no index churn, little bloat).
CREATE TABLE mesh_proxies (
  node_id         varchar(256) PRIMARY KEY,
  cluster         varchar(256) NOT NULL,
  service         varchar(256),
  labels          jsonb NOT NULL,
  inbound_address varchar(64),
  inbound_port    integer,
  zone            varchar(256),
  client_kind     varchar(32) NOT NULL,
  user_agent      varchar(256),
  problems        jsonb NOT NULL,
  downgrades      jsonb NOT NULL,
  connected       boolean NOT NULL,
  replica_id      varchar(64),
  first_seen_at   timestamptz(3) NOT NULL,
  last_seen_at    timestamptz(3) NOT NULL,
  disconnected_at timestamptz(3)
) WITH (fillfactor = 70);
CREATE INDEX mesh_proxies_last_seen_at_idx ON mesh_proxies (last_seen_at);
CREATE INDEX mesh_proxies_service_idx ON mesh_proxies (service);

CREATE TABLE mesh_proxy_deliveries (
  node_id          varchar(256) NOT NULL REFERENCES mesh_proxies(node_id) ON DELETE CASCADE,
  type             varchar(16) NOT NULL,
  state            varchar(8) NOT NULL,
  sent_version     varchar(64),
  sent_at          timestamptz(3),
  acked_version    varchar(64),
  acked_at         timestamptz(3),
  rejected_version varchar(64),
  rejected_detail  varchar(4096),
  rejected_code    integer,
  rejected_at      timestamptz(3),
  updated_at       timestamptz(3) NOT NULL,
  PRIMARY KEY (node_id, type)
) WITH (fillfactor = 70);
