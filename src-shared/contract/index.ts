/**
 * The one contract between processes: every method and every pushed event, merged from the
 * per-domain files beside this one. Callers import only from here.
 */
import type { SessionMethods } from './sessions.js';
import type { StatsMethods } from './stats.js';
import type { StatusEvents, StatusMethods } from './status.js';

export type * from './status.js';
export type * from './sessions.js';
export type * from './stats.js';
export type * from './remotes.js';
export { IDLE_PROGRESS } from './status.js';

export type DevlogMethods = StatusMethods & SessionMethods & StatsMethods;
export type DevlogEvents = StatusEvents;

export type MethodName = keyof DevlogMethods;
export type EventName = keyof DevlogEvents;
