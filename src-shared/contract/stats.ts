import type { TokenTotals } from '../domain.js';
import type { SessionFilter } from './sessions.js';

export type StatsGroupBy = 'day' | 'agent' | 'model' | 'workspace';

/**
 * Stats count each usage row, message and tool call at its own time: --since/--until select
 * those inside the window, and 'day' groups them by their own local day.
 */
export interface StatsQuery extends SessionFilter {
  /** Default 'day' (the local day of each usage row, message and tool call). */
  by?: StatsGroupBy;
  /** IANA zone for local days and dates (default: the answering process's zone; the CLI sends its own). */
  timeZone?: string;
  /** Also split each group's tokens and cost by model (`byModel`): the Stats page's tokens per day by model. */
  splitByModel?: boolean;
}

/** One model's part of a group (tokens and cost only: they add up to the group's). */
export interface ModelShare {
  /** The model id; '(none)' for usage without one. */
  model: string;
  tokens: TokenTotals;
  cost: number | null;
}

/**
 * Totals of one group. Cost is estimated in USD from the price table, per billed response.
 * `cost` sums only responses whose model has a price; their tokens are never guessed at:
 * `costUnknownTokens` counts the tokens whose model has no price (or no model at all), and
 * `unknownModels` names those models. cost is null when no token in the group has a price.
 */
export interface StatsRow {
  /** The day (YYYY-MM-DD, local), agent, model or workspace; '(none)' when the value is missing. */
  key: string;
  /** Distinct sessions with activity (a message, tool call or usage row) in this group and window. */
  sessions: number;
  messages: number;
  toolCalls: number;
  tokens: TokenTotals;
  cost: number | null;
  costUnknownTokens: number;
  unknownModels: string[];
  /** With splitByModel: the group's tokens and cost per model, most tokens first. */
  byModel?: ModelShare[];
}

export interface StatsResult {
  by: StatsGroupBy;
  /** Ordered: days ascending, otherwise by tokens descending. */
  groups: StatsRow[];
  /**
   * Everything selected. A session active on two days (or with two models, workspaces never)
   * counts in both groups, so group sessions may add up to more than the total; for by 'model'
   * messages/tool calls are those of that model's replies, so only tokens and cost add up.
   */
  total: StatsRow;
  currency: 'USD';
  /** Where the built-in prices come from and when they were checked; overrides from config.json win. */
  prices: { updated: string; source: string; overridden: string[] };
}

/** Method maps are type aliases (not interfaces) so they satisfy the RPC MethodMap constraint. */
export type StatsMethods = {
  /** Sessions, messages, tool calls, tokens and estimated cost, grouped. */
  'stats.get': { params: StatsQuery; result: StatsResult };
};
