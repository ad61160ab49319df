import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_PROGRESS, type EngineStatus, type RemoteStatus } from '../../src-shared/contract/index.js';
import type { WorkerHostState } from '../worker-host/worker-host.js';
import { PopoverToggle } from './popover-toggle.js';
import { AppTray, type TrayActions } from './tray.js';
import { TrayController } from './tray-controller.js';

// Electron is mocked at the module boundary: a Tray that records what it was given and can be
// clicked, a Menu that keeps its template, images that remember their file.
const electron = vi.hoisted(() => ({ trays: [] as unknown[] }));
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class Tray extends EventEmitter {
    image: { file: string } | undefined;
    tooltip = '';
    menu: { template: MenuItem[] } | undefined;
    destroyed = false;
    constructor(image: { file: string }) {
      super();
      this.image = image;
      electron.trays.push(this);
    }
    setImage(image: { file: string }) {
      this.image = image;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: { template: MenuItem[] }) {
      this.menu = menu;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return {
    Tray,
    Menu: { buildFromTemplate: (template: MenuItem[]) => ({ template }) },
    nativeImage: { createFromPath: (file: string) => ({ file, setTemplateImage: () => undefined }) },
  };
});

interface MenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}
interface FakeTray {
  image: { file: string };
  tooltip: string;
  menu: { template: MenuItem[] };
  emit(event: 'click', e: unknown, bounds: unknown): void;
}

function status(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    version: '0.1.0', pid: 1, home: '/h', dbPath: '/h/devlog.db', machineId: 'm', startedAt: '2026-03-10T11:00:00.000Z',
    state: 'live', schemaVersion: 6, paused: false, remotes: [], progress: IDLE_PROGRESS, sources: [],
    store: { sessions: 3, messages: 40, toolCalls: 12, problemCount: 0, dbBytes: 1, lastSeq: 52 },
    ...overrides,
  };
}
const remote = (name: string, state: RemoteStatus['state'], lastError: string | null = null): RemoteStatus => ({
  name, kind: 'server', url: 'https://devlog.example.com', state, backlog: 0, lastSuccessAt: null, lastError, nextAttemptAt: null,
});
const ready: WorkerHostState = { kind: 'ready', pid: 1 };

function actions() {
  return { togglePopover: vi.fn(), exportNow: vi.fn(), pause: vi.fn(), resume: vi.fn(), openMain: vi.fn(), openSettings: vi.fn(), retry: vi.fn(), quit: vi.fn() };
}

function setup() {
  const a = actions();
  const tray = new AppTray('/res/tray', a satisfies TrayActions);
  const fake = electron.trays.at(-1) as FakeTray;
  const notices: [string, string][] = [];
  const controller = new TrayController(tray, (title, body) => notices.push([title, body]));
  const labels = () => fake.menu.template.filter((i) => i.type !== 'separator').map((i) => `${i.label}${i.enabled === false ? ' (off)' : ''}`);
  const click = (label: string) => fake.menu.template.find((i) => i.label === label)!.click!();
  return { a, fake, controller, notices, labels, click };
}

beforeEach(() => {
  electron.trays.length = 0;
});

describe('the tray', () => {
  it('starts with the first-run icon and a menu whose engine actions wait for the engine', () => {
    const { fake, labels } = setup();
    expect(fake.image.file).toBe('/res/tray/tray-first-run.png');
    expect(labels()).toEqual(['Open devlog', 'Export now (off)', 'Pause (off)', 'Settings…', 'Quit devlog']);
  });

  it('shows the icon of each state from the composed status, remotes included', () => {
    const { fake, controller } = setup();
    const icon = () => fake.image.file.replace('/res/tray/tray-', '').replace('.png', '');
    controller.refresh({ worker: { kind: 'starting' }, status: undefined, firstRun: true });
    expect(icon()).toBe('first-run');
    controller.refresh({ worker: ready, status: status({ state: 'scanning' }), firstRun: false });
    expect(icon()).toBe('syncing');
    controller.refresh({ worker: ready, status: status({ remotes: [remote('team', 'synced')] }), firstRun: false });
    expect(icon()).toBe('synced');
    expect(fake.tooltip).toBe('devlog\nUp to date\n1 remote');
    controller.refresh({ worker: ready, status: status({ remotes: [remote('team', 'offline')] }), firstRun: false });
    expect(icon()).toBe('offline');
    controller.refresh({ worker: ready, status: status({ state: 'paused', paused: true, remotes: [remote('team', 'paused')] }), firstRun: false });
    expect(icon()).toBe('paused');
    controller.refresh({ worker: ready, status: status({ remotes: [remote('team', 'error', 'the server refused the token')] }), firstRun: false });
    expect(icon()).toBe('error');
    // The cause is gone: the error clears without anything else happening.
    controller.refresh({ worker: ready, status: status({ remotes: [remote('team', 'synced')] }), firstRun: false });
    expect(icon()).toBe('synced');
  });

  it('has the popover actions in its context menu; Pause turns into Resume; each item does its action', () => {
    const { a, controller, labels, click } = setup();
    controller.refresh({ worker: ready, status: status({ remotes: [remote('team', 'synced'), remote('nas', 'synced')] }), firstRun: false });
    expect(labels()).toEqual(['Open devlog', 'Export now to all remotes', 'Pause', 'Settings…', 'Quit devlog']);
    click('Export now to all remotes');
    click('Pause');
    click('Open devlog');
    click('Settings…');
    click('Quit devlog');
    expect([a.exportNow, a.pause, a.openMain, a.openSettings, a.quit].map((f) => f.mock.calls.length)).toEqual([1, 1, 1, 1, 1]);

    controller.refresh({ worker: ready, status: status({ state: 'paused', paused: true, remotes: [remote('team', 'paused')] }), firstRun: false });
    expect(labels()).toEqual(['Open devlog', 'Export now (off)', 'Resume', 'Settings…', 'Quit devlog']);
    click('Resume');
    expect(a.resume).toHaveBeenCalledTimes(1);

    // No remote: nothing to export to.
    controller.refresh({ worker: ready, status: status(), firstRun: false });
    expect(labels()).toContain('Export now (off)');
  });

  it('toggles the popover on a click, at the icon', () => {
    const { a, fake } = setup();
    const bounds = { x: 1000, y: 1048, width: 24, height: 24 };
    fake.emit('click', {}, bounds);
    expect(a.togglePopover).toHaveBeenCalledWith(bounds);
  });

  it('notifies once when a remote turns to error, again only after it recovered and failed anew', () => {
    const { controller, notices } = setup();
    const failing = status({ remotes: [remote('team', 'error', 'the server refused the token (401)'), remote('nas', 'synced')] });
    controller.refresh({ worker: ready, status: status({ remotes: [remote('team', 'synced')] }), firstRun: false });
    controller.refresh({ worker: ready, status: failing, firstRun: false });
    controller.refresh({ worker: ready, status: failing, firstRun: false });
    expect(notices).toEqual([['devlog cannot export to team', 'the server refused the token (401)']]);
    controller.refresh({ worker: ready, status: status({ remotes: [remote('team', 'synced')] }), firstRun: false });
    controller.refresh({ worker: ready, status: failing, firstRun: false });
    expect(notices).toHaveLength(2);
  });

  it('says a worker that cannot run once (a store from a newer devlog), not on every refresh', () => {
    const { controller, notices, fake } = setup();
    const reason = 'the store was written by a newer devlog (schema 9, this build knows up to 6); update devlog';
    for (let i = 0; i < 5; i++) controller.refresh({ worker: { kind: 'failed', reason }, status: undefined, firstRun: false });
    expect(notices).toEqual([['devlog cannot run', reason]]);
    expect(fake.tooltip).toContain(`Error: ${reason}`);
  });

  it('offers Try again while the worker has given up, and clears the error when it runs again', () => {
    const { a, controller, labels, click, fake } = setup();
    controller.refresh({ worker: { kind: 'failed', reason: 'another devlog is using the data folder' }, status: undefined, firstRun: false });
    expect(labels()).toEqual(['Open devlog', 'Try again', 'Export now (off)', 'Pause (off)', 'Settings…', 'Quit devlog']);
    expect(fake.image.file).toBe('/res/tray/tray-error.png');
    click('Try again');
    expect(a.retry).toHaveBeenCalledTimes(1);
    controller.refresh({ worker: { kind: 'starting' }, status: undefined, firstRun: false });
    expect(fake.image.file).toBe('/res/tray/tray-syncing.png');
    controller.refresh({ worker: ready, status: status(), firstRun: false });
    expect(fake.image.file).toBe('/res/tray/tray-synced.png');
    expect(labels()).not.toContain('Try again');
  });
});

describe('PopoverToggle', () => {
  it('a click on the icon while the popover is open closes it (the blur of that click does not reopen it)', () => {
    let now = 1000;
    const toggle = new PopoverToggle(() => now);
    expect(toggle.shouldShow(false)).toBe(true); // closed: a click opens
    // Open; the user clicks the icon: the popover blurs (hides) first, then the click arrives.
    toggle.blurred();
    now += 40;
    expect(toggle.shouldShow(false)).toBe(false);
    // The next click, later, opens it again.
    now += 2000;
    expect(toggle.shouldShow(false)).toBe(true);
    // Blurred by clicking elsewhere, then a click on the icon much later: opens.
    toggle.blurred();
    now += 5000;
    expect(toggle.shouldShow(false)).toBe(true);
    // Visible (e.g. focus never left it): a click closes.
    expect(toggle.shouldShow(true)).toBe(false);
  });
});
