import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatsRow } from '../../../src-shared/contract/index.js';
import { FilterBar } from '../shared/FilterBar.js';
import { formatCompact, formatCount, formatUsd, totalTokens } from '../shared/format.js';
import { EMPTY_FILTERS, toSessionFilter, type FilterForm } from '../shared/session-filters.js';
import { SERIES_COLOURS, tokensPerDayByModel } from './chart-data.js';
import { useStats } from './use-stats.js';

/** Quick ranges for the date pickers: the last N days up to today. */
const PRESETS: Array<{ label: string; days: number | null }> = [
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 30 days', days: 30 },
  { label: 'Last 90 days', days: 90 },
  { label: 'All time', days: null },
];

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const tooltipStyle = { background: 'var(--panel)', border: '1px solid var(--line)', color: 'var(--text)' };

/** A chart's numbers as a table (screen readers, copying, and checking the chart against the CLI). */
interface ChartTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

function ChartCard({ title, children, empty, table }: { title: string; children: React.ReactElement; empty: boolean; table: ChartTable }) {
  return (
    <section className="card chart-card" aria-label={title}>
      <h2>{title}</h2>
      <div className="chart-box">{empty ? <p className="muted">Nothing in this range.</p> : <ResponsiveContainer width="100%" height="100%">{children}</ResponsiveContainer>}</div>
      <details>
        <summary>Table</summary>
        <table className="table" aria-label={`${title} table`}>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) => (
                  <td key={i} className={typeof cell === 'number' ? 'num' : undefined}>
                    {typeof cell === 'number' ? (table.columns[i]!.includes('USD') ? cell.toFixed(6) : String(cell)) : cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function Totals({ total }: { total: StatsRow }) {
  const facts: Array<[string, string, string]> = [
    ['Sessions', formatCount(total.sessions), 'total-sessions'],
    ['Messages', formatCount(total.messages), 'total-messages'],
    ['Tool calls', formatCount(total.toolCalls), 'total-tool-calls'],
    ['Tokens', formatCount(totalTokens(total.tokens)), 'total-tokens'],
    ['Estimated cost', formatUsd(total.cost), 'total-cost'],
  ];
  return (
    <section className="totals" aria-label="Totals">
      {facts.map(([label, value, id]) => (
        <div key={id} className="card total">
          <span className="muted">{label}</span>
          <strong data-testid={id}>{value}</strong>
        </div>
      ))}
      {total.costUnknownTokens > 0 ? (
        <p className="muted note">
          {formatCount(total.costUnknownTokens)} tokens have no price ({total.unknownModels.join(', ')}): not in the cost.
        </p>
      ) : null}
    </section>
  );
}

export function StatsPage() {
  const [filters, setFilters] = useState<FilterForm>(EMPTY_FILTERS);
  const filter = useMemo(() => toSessionFilter(filters), [filters]);
  const { data, error, loading } = useStats(filter);
  const perModel = useMemo(() => (data ? tokensPerDayByModel(data.byDay) : { rows: [], models: [] }), [data]);
  const costPerDay = useMemo(() => data?.byDay.groups.map((g) => ({ day: g.key, cost: g.cost ?? 0 })) ?? [], [data]);
  const byAgent = useMemo(() => data?.byAgent.groups.map((g) => ({ agent: g.key, sessions: g.sessions })) ?? [], [data]);
  const byWorkspace = useMemo(() => data?.byWorkspace.groups.map((g) => ({ workspace: g.key.split(/[\\/]/).filter(Boolean).at(-1) ?? g.key, full: g.key, cost: g.cost ?? 0 })) ?? [], [data]);

  const applyPreset = (days: number | null) => {
    if (days === null) return setFilters({ ...filters, since: '', until: '' });
    const since = new Date();
    since.setDate(since.getDate() - (days - 1));
    setFilters({ ...filters, since: localDate(since), until: localDate(new Date()) });
  };

  return (
    <div className="stack stats">
      <div className="row wrap">
        <FilterBar value={filters} onChange={setFilters} />
        <div className="row presets" role="group" aria-label="Date range">
          {PRESETS.map((p) => (
            <button key={p.label} type="button" onClick={() => applyPreset(p.days)}>
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {!data ? (
        <p className="muted">{loading ? 'Loading…' : ''}</p>
      ) : (
        <div className="stack" aria-busy={loading}>
          <Totals total={data.byDay.total} />
          <div className="chart-grid">
            <ChartCard
              title="Tokens per day by model"
              empty={!perModel.rows.length}
              table={{ columns: ['Day', ...perModel.models], rows: perModel.rows.map((r) => [String(r.day), ...perModel.models.map((m) => Number(r[m]))]) }}
            >
              <BarChart data={perModel.rows}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
                <XAxis dataKey="day" stroke="var(--muted)" />
                <YAxis tickFormatter={formatCompact} stroke="var(--muted)" />
                <Tooltip formatter={(v) => formatCount(Number(v))} contentStyle={tooltipStyle} />
                <Legend />
                {perModel.models.map((m, i) => (
                  <Bar key={m} dataKey={m} stackId="tokens" fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ChartCard>
            <ChartCard title="Cost per day" empty={!costPerDay.length} table={{ columns: ['Day', 'Cost (USD)'], rows: costPerDay.map((r) => [r.day, r.cost]) }}>
              <BarChart data={costPerDay}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
                <XAxis dataKey="day" stroke="var(--muted)" />
                <YAxis tickFormatter={(v: number) => formatUsd(v)} width={70} stroke="var(--muted)" />
                <Tooltip formatter={(v) => formatUsd(Number(v))} contentStyle={tooltipStyle} />
                <Bar dataKey="cost" name="Cost (USD)" fill={SERIES_COLOURS[0]} isAnimationActive={false} />
              </BarChart>
            </ChartCard>
            <ChartCard title="Sessions by agent" empty={!byAgent.length} table={{ columns: ['Agent', 'Sessions'], rows: byAgent.map((r) => [r.agent, r.sessions]) }}>
              <BarChart data={byAgent} layout="vertical">
                <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
                <XAxis type="number" allowDecimals={false} stroke="var(--muted)" />
                <YAxis type="category" dataKey="agent" width={110} stroke="var(--muted)" />
                <Tooltip contentStyle={tooltipStyle} />
                <Bar dataKey="sessions" name="Sessions" fill={SERIES_COLOURS[1]} isAnimationActive={false} />
              </BarChart>
            </ChartCard>
            <ChartCard title="Cost by workspace" empty={!byWorkspace.length} table={{ columns: ['Workspace', 'Cost (USD)'], rows: byWorkspace.map((r) => [r.full, r.cost]) }}>
              <BarChart data={byWorkspace} layout="vertical">
                <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
                <XAxis type="number" tickFormatter={(v: number) => formatUsd(v)} stroke="var(--muted)" />
                <YAxis type="category" dataKey="workspace" width={120} stroke="var(--muted)" />
                <Tooltip formatter={(v) => formatUsd(Number(v))} labelFormatter={(_l, items) => String(items?.[0]?.payload?.full ?? _l)} contentStyle={tooltipStyle} />
                <Bar dataKey="cost" name="Cost (USD)" fill={SERIES_COLOURS[2]} isAnimationActive={false} />
              </BarChart>
            </ChartCard>
          </div>
          <p className="muted note">
            Prices checked {data.byDay.prices.updated}: {data.byDay.prices.source}
            {data.byDay.prices.overridden.length ? `; from config.json: ${data.byDay.prices.overridden.join(', ')}` : ''}. Days are in your time zone.
          </p>
        </div>
      )}
    </div>
  );
}
