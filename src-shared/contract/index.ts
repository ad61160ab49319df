/**
 * The one contract between processes: every method and every pushed event, merged from the
 * per-domain files beside this one. Callers import only from here.
 */
import type { StatusEvents, StatusMethods } from './status.js';

export type * from './status.js';
export { IDLE_PROGRESS } from './status.js';

export type DevlogMethods = StatusMethods;
export type DevlogEvents = StatusEvents;

export type MethodName = keyof DevlogMethods;
export type EventName = keyof DevlogEvents;
