import type { TokenTotals } from '../../src-shared/domain.js';
import builtin from './prices.json' with { type: 'json' };

/** Dollars per million tokens. */
export interface TokenRates {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface ModelPrice extends TokenRates {
  /** Rates for a response whose prompt (input + cache) is above longContextAbove tokens. */
  longContext?: TokenRates;
  source?: string;
  date?: string | null;
}

export const LONG_CONTEXT_ABOVE: number = builtin.longContextAbove;
export const BUILTIN_PRICES_INFO = { updated: builtin.updated, source: builtin.source };
const BUILTIN: Readonly<Record<string, ModelPrice>> = builtin.models;

/** Provider and router prefixes seen in agent logs (`anthropic/…`, Bedrock `anthropic.…`, `models/…`). */
const PREFIX = /^(?:[a-z0-9-]+\/)+|^(?:anthropic|openai|google)\./;
/** Snapshot dates and version tags that do not change the price of a model family. */
const SUFFIXES = [/-v\d+(?::\d+)?$/, /@\d{8}$/, /-\d{8}$/, /-\d{4}-\d{2}-\d{2}$/, /-latest$/];

/**
 * The ids to look up for a model, most specific first: the id as written, lower-cased and
 * without provider prefix; then without snapshot date or version tag (the family). Never a
 * shorter family: gpt-5-mini must not be priced as gpt-5, so an unknown variant stays unknown.
 */
export function modelCandidates(model: string): string[] {
  const out: string[] = [];
  let id = model.trim().toLowerCase().replace(PREFIX, '');
  // Copilot writes Claude versions with dots (claude-3.5-sonnet); Anthropic's ids use dashes.
  if (id.startsWith('claude-')) id = id.replace(/(\d)\.(\d)/g, '$1-$2');
  out.push(id);
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of SUFFIXES) {
      const next = id.replace(suffix, '');
      if (next !== id && next) {
        id = next;
        out.push(id);
        changed = true;
      }
    }
  }
  return [...new Set(out)];
}

export interface PricedTokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/** The price table: built-in prices with the user's config.json `prices` on top. */
export class PriceTable {
  private readonly models: Record<string, ModelPrice>;
  readonly overridden: string[];

  constructor(overrides: Record<string, ModelPrice> = {}) {
    const own: Record<string, ModelPrice> = {};
    for (const [id, price] of Object.entries(overrides)) own[id.trim().toLowerCase()] = price;
    this.models = { ...BUILTIN, ...own };
    this.overridden = Object.keys(own).sort();
  }

  lookup(model: string | null | undefined): ModelPrice | undefined {
    if (!model) return undefined;
    for (const id of modelCandidates(model)) {
      if (Object.hasOwn(this.models, id)) return this.models[id];
    }
    return undefined;
  }

  /**
   * Dollars for tokens of one model, or undefined when the model has no price. `longPrompt`:
   * the tokens come from responses whose prompt was above LONG_CONTEXT_ABOVE, billed at the
   * long-context rates where the model has them. Missing cache rates fall back to the input rate.
   */
  cost(model: string | null | undefined, tokens: PricedTokens, longPrompt = false): number | undefined {
    const price = this.lookup(model);
    if (!price) return undefined;
    const rates = (longPrompt && price.longContext) || price;
    const dollars =
      tokens.input * rates.input +
      tokens.output * rates.output +
      tokens.cacheRead * (rates.cacheRead ?? rates.input) +
      tokens.cacheCreation * (rates.cacheWrite ?? rates.input);
    return dollars / 1_000_000;
  }
}

/** Tokens that count for cost (reasoning is already part of output for every agent we read). */
export function billableTokens(t: Pick<TokenTotals, 'input' | 'output' | 'cacheRead' | 'cacheCreation'>): number {
  return t.input + t.output + t.cacheRead + t.cacheCreation;
}
