import type { SessionFilter } from '../../../src-shared/contract/index.js';
import type { AgentId } from '../../../src-shared/domain.js';

/** The filters the Browser and Stats pages share, as the form holds them (empty = no filter). */
export interface FilterForm {
  agent: AgentId | '';
  workspace: string;
  /** Local dates YYYY-MM-DD (the date inputs' format); until includes that day. */
  since: string;
  until: string;
  model: string;
  /** Sessions whose tool calls changed this file (absolute, or relative to the workspace). */
  file: string;
  starred: boolean;
}

export const EMPTY_FILTERS: FilterForm = { agent: '', workspace: '', since: '', until: '', model: '', file: '', starred: false };

/** The engine's filter: only what is set, so an empty form asks for everything. */
export function toSessionFilter(form: FilterForm): SessionFilter {
  const filter: SessionFilter = {};
  if (form.agent) filter.agents = [form.agent];
  if (form.workspace.trim()) filter.workspace = form.workspace.trim();
  if (form.since) filter.since = form.since;
  if (form.until) filter.until = form.until;
  if (form.model.trim()) filter.model = form.model.trim();
  if (form.file.trim()) filter.file = form.file.trim();
  if (form.starred) filter.starred = true;
  return filter;
}
