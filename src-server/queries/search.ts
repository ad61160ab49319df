import type pg from 'pg';
import type { RecordKind, SearchHit } from '../../src-shared/sync-wire.js';
import type { Principal } from '../http/auth.js';
import { visibilityParams, visibleTo } from './visibility.js';

export interface SearchFilter {
  q: string;
  kind?: RecordKind;
  teamId?: number;
  limit: number;
}

/**
 * Full-text search over what the caller may see. websearch_to_tsquery accepts any text (quotes,
 * OR, -not) and never raises a syntax error, so user input cannot break the query. Snippets are
 * built from HTML-escaped text, so the only markup in them is our <mark>.
 */
export async function search(pool: pg.Pool, principal: Principal, f: SearchFilter): Promise<SearchHit[]> {
  const { rows } = await pool.query<SearchHit>(
    `WITH q AS (SELECT websearch_to_tsquery('simple', $3) AS q),
     hits AS (
       SELECT r.user_id, r.team_id, r.kind, r.id, r.session_id, r.time, r.data, ts_rank(r.search, q.q) AS rank
         FROM records r, q
        WHERE r.search @@ q.q AND ${visibleTo('r')}
          AND ($4::text IS NULL OR r.kind = $4) AND ($5::int IS NULL OR r.team_id = $5)
          -- A deleted session (its owner's tombstone) is gone from search at once.
          AND NOT EXISTS (SELECT 1 FROM records m WHERE m.user_id = r.user_id AND m.kind = 'session_meta' AND m.id = r.session_id
                            AND coalesce((m.data->>'deleted')::boolean, false))
        ORDER BY rank DESC, r.time DESC NULLS LAST, r.id
        LIMIT $6)
     SELECT h.kind, h.id, h.session_id AS "sessionId", u.name AS owner, t.name AS team,
            to_char(h.time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time,
            ts_headline('simple',
              replace(replace(replace(search_text(h.kind, h.data), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
              q.q, 'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=10, MaxFragments=2') AS snippet,
            h.rank::float8 AS rank
       FROM hits h CROSS JOIN q JOIN users u ON u.id = h.user_id LEFT JOIN teams t ON t.id = h.team_id
      ORDER BY h.rank DESC, h.time DESC NULLS LAST, h.id`,
    [...visibilityParams(principal), f.q, f.kind ?? null, f.teamId ?? null, f.limit],
  );
  return rows;
}
