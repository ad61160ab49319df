import { AGENT_IDS } from '../../../src-shared/domain.js';
import type { FilterForm } from './session-filters.js';

/** Agent, workspace, date range and model: one bar for the Browser and Stats pages. */
export function FilterBar({ value, onChange }: { value: FilterForm; onChange: (next: FilterForm) => void }) {
  const set = <K extends keyof FilterForm>(key: K, v: FilterForm[K]) => onChange({ ...value, [key]: v });
  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      <label>
        Agent
        <select value={value.agent} onChange={(e) => set('agent', e.target.value as FilterForm['agent'])}>
          <option value="">All agents</option>
          {AGENT_IDS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Workspace
        <input type="text" placeholder="~/src/app or **/api" value={value.workspace} onChange={(e) => set('workspace', e.target.value)} />
      </label>
      <label>
        From
        <input type="date" value={value.since} onChange={(e) => set('since', e.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={value.until} onChange={(e) => set('until', e.target.value)} />
      </label>
      <label>
        Model
        <input type="text" placeholder="sonnet" value={value.model} onChange={(e) => set('model', e.target.value)} />
      </label>
      <label>
        Changed file
        <input type="text" placeholder="src/app.ts" value={value.file} onChange={(e) => set('file', e.target.value)} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={value.starred} onChange={(e) => set('starred', e.target.checked)} />
        Starred only
      </label>
    </div>
  );
}
