import type { TokenTotals } from '../domain.js';
import type { SessionFilter } from './sessions.js';

export type StatsGroupBy = 'day' | 'agent' | 'model' | 'workspace';

export interface StatsQuery extends SessionFilter {
  /** Default 'day' (the local day the session started). */
  by?: StatsGroupBy;
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
  sessions: number;
  messages: number;
  toolCalls: number;
  tokens: TokenTotals;
  cost: number | null;
  costUnknownTokens: number;
  unknownModels: string[];
}

export interface StatsResult {
  by: StatsGroupBy;
  /** Ordered: days ascending, otherwise by tokens descending. */
  groups: StatsRow[];
  /**
   * Everything selected. For by 'model', a session that used two models counts in both groups,
   * and messages/tool calls are those of that model's replies, so only tokens and cost add up.
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
