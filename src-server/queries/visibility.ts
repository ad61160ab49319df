import type { Principal } from '../http/auth.js';

/**
 * THE visibility rule, used by every read: a record is visible to its owner and, when it is
 * shared with a team, to that team's members. `$1` must be the user id, `$2` the team ids.
 */
export const visibleTo = (alias: string) => `(${alias}.user_id = $1 OR ${alias}.team_id = ANY($2::int[]))`;

export function visibilityParams(principal: Principal): [number, number[]] {
  return [principal.userId, principal.teams.map((t) => t.id)];
}
