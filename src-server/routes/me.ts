import { sendJson } from '../http/errors.js';
import type { Route } from '../http/router.js';

/** Who this token is: what "Test connection" in the app calls. */
export const meRoute: Route = {
  method: 'GET',
  path: '/v1/me',
  auth: true,
  async handler({ res, principal }) {
    sendJson(res, 200, { user: principal.user, tokenId: principal.tokenId, teams: principal.teams.map((t) => t.name) });
  },
};
