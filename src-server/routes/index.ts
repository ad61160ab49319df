import type { Route } from '../http/router.js';
import { changesRoute } from './changes.js';
import { healthRoute } from './health.js';
import { ingestRoute } from './ingest.js';
import { loginPollRoute, loginStartRoute } from './login.js';
import { approveMachineRoute, listMachinesRoute, revokeMachineRoute } from './machines.js';
import { meRoute } from './me.js';
import { metricsRoute } from './metrics.js';
import { searchRoute } from './search.js';
import { listSessionsRoute, sessionDetailRoute } from './sessions.js';
import { streamRoute } from './stream.js';

/** Every endpoint of the server. docs/server-api.md documents each one. */
export const ROUTES: Route[] = [
  healthRoute,
  metricsRoute,
  meRoute,
  ingestRoute,
  changesRoute,
  listSessionsRoute,
  sessionDetailRoute,
  searchRoute,
  streamRoute,
  loginStartRoute,
  loginPollRoute,
  listMachinesRoute,
  approveMachineRoute,
  revokeMachineRoute,
];
