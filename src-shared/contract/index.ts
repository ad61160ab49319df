/**
 * The one contract between processes: every method and every pushed event, merged from the
 * per-domain files beside this one. Callers import only from here.
 */
import type { MachinesMethods } from './machines.js';
import type { MetadataMethods } from './metadata.js';
import type { OnboardingMethods } from './onboarding.js';
import type { ImportMethods } from './import.js';
import type { RemoteMethods, RemotesMethods } from './remotes.js';
import type { SessionMethods } from './sessions.js';
import type { SettingsEvents, SettingsMethods } from './settings.js';
import type { StatsMethods } from './stats.js';
import type { StatusEvents, StatusMethods } from './status.js';
import type { SyncMethods } from './sync.js';

export type * from './status.js';
export type * from './sessions.js';
export type * from './stats.js';
export type * from './remotes.js';
export type * from './machines.js';
export type * from './sync.js';
export type * from './metadata.js';
export type * from './settings.js';
export type * from './onboarding.js';
export type * from './import.js';
export { IDLE_PROGRESS } from './status.js';

/** Export now, per-remote status and the outbound log (the exporter's part of RemoteMethods). */
export type ExportMethods = Pick<RemoteMethods, 'export.now' | 'export.status' | 'export.log'>;

export type DevlogMethods = StatusMethods &
  SessionMethods &
  StatsMethods &
  ExportMethods &
  RemotesMethods &
  MachinesMethods &
  MetadataMethods &
  OnboardingMethods &
  ImportMethods &
  SyncMethods &
  SettingsMethods;
export type DevlogEvents = StatusEvents & SettingsEvents;

export type MethodName = keyof DevlogMethods;
export type EventName = keyof DevlogEvents;
