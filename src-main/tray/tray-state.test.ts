import { describe, expect, it } from 'vitest';
import { IDLE_PROGRESS, type EngineStatus, type RemoteStatus, type SourceStatus } from '../../src-shared/contract/index.js';
import type { WorkerHostState } from '../worker-host/worker-host.js';
import { TRAY_STATES, trayStateFor, trayTooltip, type TrayInput } from './tray-state.js';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');

function status(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    version: '0.1.0',
    pid: 4242,
    home: '/tmp/devlog-home',
    dbPath: '/tmp/devlog-home/devlog.db',
    machineId: 'machine-1',
    startedAt: '2026-03-10T11:00:00.000Z',
    state: 'live',
    schemaVersion: 1,
    paused: false,
    remotes: [],
    progress: IDLE_PROGRESS,
    sources: [],
    store: { sessions: 3, messages: 40, toolCalls: 12, problemCount: 0, dbBytes: 65_536, lastSeq: 52 },
    ...overrides,
  };
}

function source(agent: SourceStatus['agent'], lastEventAt: string | null): SourceStatus {
  return { agent, enabled: true, roots: [], files: 1, records: 10, problemCount: 0, lastEventAt, lagMs: null, problems: [] };
}

function remote(name: string, state: RemoteStatus['state'], over: Partial<RemoteStatus> = {}): RemoteStatus {
  return { name, kind: 'server', url: 'https://devlog.example.com', state, backlog: 0, lastSuccessAt: null, lastError: null, nextAttemptAt: null, ...over };
}

const ready: WorkerHostState = { kind: 'ready', pid: 4242 };

function input(overrides: Partial<TrayInput> = {}): TrayInput {
  return { worker: ready, status: status(), firstRun: false, ...overrides };
}

describe('trayStateFor', () => {
  it('is synced when the worker is ready and the engine is live', () => {
    expect(trayStateFor(input())).toBe('synced');
  });

  it('shows an error when the worker failed, over everything else', () => {
    const failed: WorkerHostState = { kind: 'failed', reason: 'the data folder is busy' };
    expect(trayStateFor(input({ worker: failed }))).toBe('error');
    expect(trayStateFor(input({ worker: failed, firstRun: true, status: status({ state: 'paused' }) }))).toBe('error');
    expect(trayStateFor(input({ worker: failed, status: undefined }))).toBe('error');
  });

  it('shows an error when the engine reports one, even on first run', () => {
    expect(trayStateFor(input({ status: status({ state: 'error', error: 'disk full' }) }))).toBe('error');
    expect(trayStateFor(input({ status: status({ state: 'error' }), firstRun: true }))).toBe('error');
  });

  it('shows first run until onboarding is done, over paused and syncing', () => {
    expect(trayStateFor(input({ firstRun: true }))).toBe('first-run');
    expect(trayStateFor(input({ firstRun: true, status: status({ state: 'paused' }) }))).toBe('first-run');
    expect(trayStateFor(input({ firstRun: true, worker: { kind: 'starting' }, status: undefined }))).toBe('first-run');
  });

  it('shows paused when the engine is paused', () => {
    expect(trayStateFor(input({ status: status({ state: 'paused' }) }))).toBe('paused');
  });

  it('shows syncing while the worker starts or restarts', () => {
    expect(trayStateFor(input({ worker: { kind: 'starting' }, status: undefined }))).toBe('syncing');
    expect(trayStateFor(input({ worker: { kind: 'restarting', delayMs: 500, lastError: 'exit 1' } }))).toBe('syncing');
    // Ready, but main has not heard the status yet.
    expect(trayStateFor(input({ status: undefined }))).toBe('syncing');
  });

  it('shows syncing while the engine scans history or starts', () => {
    expect(trayStateFor(input({ status: status({ state: 'scanning' }) }))).toBe('syncing');
    expect(trayStateFor(input({ status: status({ state: 'starting' }) }))).toBe('syncing');
  });

  it('shows offline when some remote is unreachable, but syncing wins over it', () => {
    expect(trayStateFor(input({ status: status({ remotes: [remote('nas', 'synced'), remote('team', 'offline')] }) }))).toBe('offline');
    expect(trayStateFor(input({ status: status({ state: 'scanning', remotes: [remote('team', 'offline')] }) }))).toBe('syncing');
    // A backlog waiting for Export now is not a problem.
    expect(trayStateFor(input({ status: status({ remotes: [remote('team', 'pending', { backlog: 4 })] }) }))).toBe('synced');
  });

  it('shows syncing while an export is under way, and says where to', () => {
    const sending = status({ remotes: [remote('team', 'pending', { backlog: 4, exporting: true }), remote('nas', 'synced')] });
    expect(trayStateFor(input({ status: sending }))).toBe('syncing');
    expect(trayTooltip('syncing', input({ status: sending }), NOW)).toContain('\nExporting to team\n');
    // Offline says more than "exporting": the user should know a remote cannot be reached.
    expect(trayStateFor(input({ status: status({ remotes: [remote('team', 'offline', { exporting: true })] }) }))).toBe('offline');
  });

  it('shows an error while a remote is in error, and clears it once the remote recovers', () => {
    const failing = status({ remotes: [remote('team', 'error', { lastError: 'the server refused the token' })] });
    expect(trayStateFor(input({ status: failing }))).toBe('error');
    expect(trayStateFor(input({ status: status({ remotes: [remote('team', 'synced')] }) }))).toBe('synced');
    expect(trayStateFor(input({ status: status({ remotes: [remote('team', 'paused')] }) }))).toBe('synced');
  });

  it('only returns states that have an icon', () => {
    const all = [
      input(),
      input({ firstRun: true }),
      input({ status: status({ remotes: [remote('team', 'offline')] }) }),
      input({ status: status({ remotes: [remote('team', 'error')] }) }),
      input({ worker: { kind: 'stopped' } }),
      input({ status: status({ state: 'stopping' }) }),
    ].map(trayStateFor);
    for (const state of all) expect(TRAY_STATES).toContain(state);
  });
});

describe('trayTooltip', () => {
  const tooltip = (i: TrayInput) => trayTooltip(trayStateFor(i), i, NOW);

  it('says up to date, with no remotes', () => {
    expect(tooltip(input())).toBe('devlog\nUp to date\nNo remotes: everything stays on this machine');
  });

  it('shows when the newest session activity was, across sources', () => {
    const i = input({
      status: status({
        sources: [
          source('claude-code', '2026-03-10T11:58:00.000Z'),
          source('codex', '2026-03-10T11:55:00.000Z'),
          source('gemini', null),
        ],
      }),
    });
    expect(tooltip(i)).toContain('Last session activity 2 min ago');
  });

  it('words the age of the last activity by scale', () => {
    const at = (iso: string) => tooltip(input({ status: status({ sources: [source('claude-code', iso)] }) }));
    expect(at('2026-03-10T11:59:40.000Z')).toContain('Last session activity just now');
    expect(at('2026-03-10T09:00:00.000Z')).toContain('Last session activity 3 h ago');
    expect(at('2026-03-07T12:00:00.000Z')).toContain('Last session activity 3 d ago');
    // A clock skew into the future is not "-5 min ago".
    expect(at('2026-03-10T12:05:00.000Z')).toContain('Last session activity just now');
  });

  it('leaves the activity line out when nothing has arrived yet', () => {
    expect(tooltip(input({ status: status({ sources: [source('claude-code', null)] }) }))).not.toContain('Last session activity');
  });

  it('counts remotes from the status and says when the last export succeeded', () => {
    expect(tooltip(input({ status: status({ remotes: [remote('team', 'synced')] }) }))).toMatch(/\n1 remote$/);
    const three = status({
      remotes: [
        remote('a', 'synced', { lastSuccessAt: '2026-03-10T11:50:00.000Z' }),
        remote('b', 'synced', { lastSuccessAt: '2026-03-10T11:40:00.000Z' }),
        remote('c', 'pending'),
      ],
    });
    expect(tooltip(input({ status: three }))).toBe('devlog\nUp to date\nLast export 10 min ago\n3 remotes');
  });

  it("explains errors with the worker's or the engine's reason", () => {
    expect(tooltip(input({ worker: { kind: 'failed', reason: 'the worker crashed 5 times in 120 s' } }))).toContain(
      'Error: the worker crashed 5 times in 120 s',
    );
    expect(tooltip(input({ status: status({ state: 'error', error: 'disk full' }) }))).toContain('Error: disk full');
  });

  it('shows scan progress while syncing history', () => {
    const scanning = status({
      state: 'scanning',
      progress: { ...IDLE_PROGRESS, phase: 'scanning', filesDone: 12, filesTotal: 40 },
    });
    expect(tooltip(input({ status: scanning }))).toContain('Syncing 12/40 files');
    expect(tooltip(input({ worker: { kind: 'starting' }, status: undefined }))).toContain('\nSyncing\n');
  });

  it('has a line for first run, paused and offline', () => {
    expect(tooltip(input({ firstRun: true }))).toContain('Welcome: open devlog to set up');
    expect(tooltip(input({ status: status({ state: 'paused' }) }))).toContain('\nPaused\n');
    expect(tooltip(input({ status: status({ remotes: [remote('team', 'offline'), remote('nas', 'synced')] }) }))).toContain('\nOffline: cannot reach team\n');
    expect(tooltip(input({ status: status({ remotes: [remote('team', 'error', { lastError: 'the server refused the token' })] }) }))).toContain(
      '\nExport error: team: the server refused the token\n',
    );
  });
});
