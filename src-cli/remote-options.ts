import { InvalidArgumentError } from 'commander';
import { AGENT_IDS, isAgentId } from '../src-shared/domain.js';

/**
 * Option parsers of `devlog remote add|edit`: a bad value is a usage error (exit 2) naming the
 * flag. Kept apart from the commands so that building the command tree loads none of their code.
 */

/** `--interval 30s|5m|1h|90` (seconds when bare) -> seconds; the range is checked with the rest. */
export function parseInterval(value: string): number {
  const m = /^(\d+)\s*(s|m|h)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a duration like 30s, 5m or 1h');
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

/** Repeatable list options; absent stays undefined, so `remote edit` changes only what is given. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Repeatable `--agent A` (or comma-separated). */
export function collectAgent(value: string, previous: string[] = []): string[] {
  const agents = value.split(',').map((a) => a.trim()).filter(Boolean);
  for (const a of agents) if (!isAgentId(a)) throw new InvalidArgumentError(`unknown agent "${a}" (one of ${AGENT_IDS.join(', ')})`);
  return [...previous, ...agents];
}

/** `--token-env VAR`: the variable's name, never its value. */
export function parseEnvName(value: string): string {
  const name = value.trim().replace(/^\$\{?|\}$/g, '');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InvalidArgumentError('expected an environment variable name, like DEVLOG_TOKEN');
  return name;
}
