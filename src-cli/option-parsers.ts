import { InvalidArgumentError } from 'commander';
import type { StatsGroupBy } from '../src-shared/contract/index.js';
import { expandHome } from '../src-worker/config/expand-home.js';

/**
 * commander option parsers: a bad value is a usage error (exit 2) naming the flag. Kept apart
 * from the commands so that building the command tree loads none of the commands' code.
 */

export type ShowFormat = 'text' | 'md' | 'json';

export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

export function parseSort(value: string): 'newest' | 'relevance' {
  if (value !== 'newest' && value !== 'relevance') throw new InvalidArgumentError('must be newest or relevance');
  return value;
}

export function parseFormat(value: string): ShowFormat {
  if (value === 'markdown') return 'md';
  if (value !== 'text' && value !== 'md' && value !== 'json') throw new InvalidArgumentError('must be text, md or json');
  return value;
}

export function parseGroupBy(value: string): StatsGroupBy {
  if (value !== 'day' && value !== 'agent' && value !== 'model' && value !== 'workspace') {
    throw new InvalidArgumentError('must be day, agent, model or workspace');
  }
  return value;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return port;
}

/** Repeatable options: `--root a --root b` -> ['a', 'b']. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Repeatable `--root AGENT=PATH`: `~` in PATH is the home folder (no shell expands it after `=`). */
export function collectRoot(value: string, previous: string[]): string[] {
  const eq = value.indexOf('=');
  return [...previous, eq < 0 ? value : value.slice(0, eq + 1) + expandHome(value.slice(eq + 1))];
}
