import type { AgentId } from '../domain.js';

/** Light/dark: follow the OS, or the user's override. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export interface SourceRootSetting {
  path: string;
  exists: boolean;
}

/** One agent as the Settings page shows it. */
export interface SourceSettings {
  agent: AgentId;
  enabled: boolean;
  /** The folders collected: the user's (config.json or --root) or the agent's defaults. */
  roots: SourceRootSetting[];
  /** The agent's default folders on this OS, each with whether it exists (the agent is installed). */
  detected: SourceRootSetting[];
  /** Where `roots` come from: the defaults, config.json, or `--root` on the command line (which wins until restart). */
  rootsFrom: 'default' | 'config' | 'command-line';
}

export interface Settings {
  sources: SourceSettings[];
  /** Only collect history younger than this many days; null collects everything. */
  historyDays: number | null;
  /** The data folder (DEVLOG_HOME): shown, moved only by DEVLOG_HOME before starting. */
  dataFolder: string;
  configFile: string;
  theme: ThemeChoice;
  /** config.json as edited by hand could not be used (why, with the field); the last good settings stay in force. */
  configProblem: string | null;
}

/** Only the fields to change. `roots: null` goes back to the agent's default folders. */
export interface SettingsUpdate {
  sources?: Partial<Record<AgentId, { enabled?: boolean; roots?: string[] | null }>>;
  historyDays?: number | null;
  theme?: ThemeChoice;
}

/** Method maps are type aliases (not interfaces) so they satisfy the RPC MethodMap constraint. */
export type SettingsMethods = {
  'settings.get': { params: void; result: Settings };
  /** Validated by the engine (BAD_REQUEST names the field), saved to config.json, applied at once. */
  'settings.update': { params: SettingsUpdate; result: Settings };
};

export type SettingsEvents = {
  /** Pushed after a change through settings.update or config.json edited by hand. */
  'settings.changed': Settings;
  /** Sessions whose rows the collector just committed (the open transcript refreshes). */
  'sessions.changed': { ids: string[] };
};
