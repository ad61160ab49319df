import type { Migration } from './types.js';

/**
 * Users, teams, tokens and one `records` table for every synced record kind. One table keeps
 * the changes feed a single index scan by `seq` and applies one visibility rule everywhere:
 * a row is visible to its owner and, when `team_id` is set, to that team's members.
 */
export const migration0001Core: Migration = {
  version: 1,
  name: 'core',
  async up(client) {
    await client.query(`
      CREATE TABLE users (
        id         serial PRIMARY KEY,
        name       text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE teams (
        id         serial PRIMARY KEY,
        name       text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE team_members (
        team_id  integer NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        user_id  integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, user_id)
      );
      CREATE INDEX team_members_user ON team_members(user_id);

      -- Only the SHA-256 of a token is kept: a database leak does not leak usable tokens.
      CREATE TABLE tokens (
        id           serial PRIMARY KEY,
        user_id      integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        label        text,
        token_hash   bytea NOT NULL UNIQUE,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at   timestamptz
      );

      CREATE TABLE machines (
        user_id    integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        id         text NOT NULL,
        name       text,
        first_seen timestamptz NOT NULL DEFAULT now(),
        last_seen  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, id)
      );

      -- The text a record is found by. One definition serves the index and the snippets.
      CREATE FUNCTION search_text(kind text, data jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT left(CASE kind
          WHEN 'message' THEN coalesce(data->>'text', '')
          WHEN 'tool_call' THEN coalesce(data->>'name', '') || ' ' || coalesce(data->>'input', '') || ' ' || coalesce(data->>'result', '')
          WHEN 'session' THEN coalesce(data->>'agentTitle', '') || ' ' || coalesce(data->>'firstPrompt', '') || ' ' ||
                              coalesce(data->>'workspace', '') || ' ' || coalesce(data->>'gitBranch', '')
          WHEN 'session_meta' THEN coalesce(data->>'title', '') || ' ' || coalesce(data->>'tags', '')
          ELSE '' END, 100000)
      $$;

      -- Every insert or change takes the next value: the changes feed reads by it. Writers of one
      -- user (and one team) are serialized by advisory locks, so a reader never skips a value
      -- that commits later (see queries/ingest.ts).
      CREATE SEQUENCE change_seq;

      CREATE TABLE records (
        user_id        integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind           text NOT NULL CHECK (kind IN ('session', 'message', 'tool_call', 'usage', 'session_meta')),
        id             text NOT NULL,
        session_id     text NOT NULL,
        team_id        integer REFERENCES teams(id) ON DELETE SET NULL,
        hash           text,
        version        bigint,
        updated_by     text,
        time           timestamptz,
        source_machine text NOT NULL,
        data           jsonb NOT NULL,
        search         tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text(kind, data))) STORED,
        seq            bigint NOT NULL DEFAULT nextval('change_seq'),
        received_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind, id)
      );
      CREATE INDEX records_user_seq ON records (user_id, seq);
      CREATE INDEX records_team_seq ON records (team_id, seq) WHERE team_id IS NOT NULL;
      CREATE INDEX records_session ON records (user_id, session_id);
      CREATE INDEX records_user_sessions ON records (user_id, time DESC) WHERE kind = 'session';
      CREATE INDEX records_team_sessions ON records (team_id, time DESC) WHERE kind = 'session' AND team_id IS NOT NULL;
      CREATE INDEX records_search ON records USING gin (search);
    `);
  },
};
