import type { Migration } from './types.js';

/**
 * Machines become first-class: each can be revoked, tokens can belong to one machine (revoking
 * the machine revokes them), and a new machine joins through a login request that a machine
 * already signed in approves with a short code (device-code style, no token copied by hand).
 */
export const migration0002Machines: Migration = {
  version: 2,
  name: 'machines',
  async up(client) {
    await client.query(`
      -- last_seen moves whenever a machine is mentioned; last_sync_at only when it exported or pulled
      -- (an approved machine that has not synced yet has none).
      ALTER TABLE machines ADD COLUMN revoked_at timestamptz, ADD COLUMN last_sync_at timestamptz;
      UPDATE machines SET last_sync_at = last_seen;

      -- A machine's own token; NULL for tokens an admin created (\`devlog server token create\`).
      ALTER TABLE tokens ADD COLUMN machine_id text;
      ALTER TABLE tokens ADD CONSTRAINT tokens_machine_fk FOREIGN KEY (user_id, machine_id) REFERENCES machines(user_id, id) ON DELETE CASCADE;
      CREATE INDEX tokens_machine ON tokens (user_id, machine_id) WHERE machine_id IS NOT NULL;

      -- A pending "devlog login". Only digests of the short code and of the poll secret are kept;
      -- the token itself is made when the new machine collects it, so it is never stored.
      CREATE TABLE login_requests (
        id           serial PRIMARY KEY,
        code_hash    bytea NOT NULL UNIQUE,
        poll_hash    bytea NOT NULL UNIQUE,
        machine_id   text NOT NULL,
        machine_name text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        approved_at  timestamptz,
        user_id      integer REFERENCES users(id) ON DELETE CASCADE,
        token_id     integer REFERENCES tokens(id) ON DELETE SET NULL
      );
      CREATE INDEX login_requests_expires ON login_requests (expires_at);
    `);
  },
};
