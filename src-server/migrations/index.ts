import { migration0001Core } from './0001-core.js';
import { migration0002Machines } from './0002-machines.js';
import type { Migration } from './types.js';

/** Every schema step, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [migration0001Core, migration0002Machines];
