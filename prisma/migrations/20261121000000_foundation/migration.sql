-- Accounts, sessions, API tokens and the append-only audit trail.
CREATE TYPE "Role" AS ENUM ('viewer', 'operator', 'admin');

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username      varchar(64) NOT NULL UNIQUE,
  password_hash text NOT NULL,
  role          "Role" NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  last_login_at timestamptz(3)
);

CREATE TABLE sessions (
  id           varchar(64) PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   varchar(64) NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  expires_at   timestamptz(3) NOT NULL,
  last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
  revoked_at   timestamptz(3),
  ip           varchar(64),
  user_agent   varchar(512)
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          varchar(128) NOT NULL,
  role          "Role" NOT NULL,
  token_hash    varchar(64) NOT NULL UNIQUE,
  prefix        varchar(16) NOT NULL,
  created_by_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  expires_at    timestamptz(3),
  last_used_at  timestamptz(3),
  revoked_at    timestamptz(3)
);

CREATE TABLE audit_events (
  id         bigserial PRIMARY KEY,
  at         timestamptz(3) NOT NULL DEFAULT now(),
  actor_type varchar(16) NOT NULL,
  actor_id   varchar(64),
  actor_name varchar(128) NOT NULL,
  action     varchar(64) NOT NULL,
  target     varchar(256),
  ip         varchar(64),
  user_agent varchar(512),
  summary    varchar(1024) NOT NULL,
  before     jsonb,
  after      jsonb
);
CREATE INDEX audit_events_at_idx ON audit_events (at);
CREATE INDEX audit_events_action_at_idx ON audit_events (action, at);
CREATE INDEX audit_events_actor_name_at_idx ON audit_events (actor_name, at);

-- The audit trail is append-only: no row is ever changed or removed through SQL.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
