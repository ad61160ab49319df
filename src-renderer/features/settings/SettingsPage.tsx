import { useState } from 'react';
import type { Settings, ThemeChoice } from '../../../src-shared/contract/index.js';
import { desktopApi } from '../../desktop-api.js';
import { useSettingsStore } from '../../stores/settings-store.js';
import { ReopenOnboarding } from '../onboarding/ReopenOnboarding.js';
import { RemoteRedaction } from './RemoteRedaction.js';
import { SourcesSettings } from './SourcesSettings.js';
import { useSettingsUpdate } from './use-settings-update.js';

const THEMES: Array<{ id: ThemeChoice; label: string }> = [
  { id: 'system', label: 'Follow the system' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
];

function HistoryDays({ settings, save }: { settings: Settings; save: ReturnType<typeof useSettingsUpdate>['save'] }) {
  const [days, setDays] = useState(settings.historyDays === null ? '' : String(settings.historyDays));
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ historyDays: days.trim() === '' ? null : Number(days) });
      }}
    >
      <label>
        Collect history of the last
        <input type="number" min={1} step={1} aria-label="History days" placeholder="all" value={days} onChange={(e) => setDays(e.target.value)} className="narrow" />
        days (empty: everything)
      </label>
      <button type="submit">Save history</button>
    </form>
  );
}

/** Launch at login exists only in the desktop app (the OS's login items, through the bridge). */
function LaunchAtLogin() {
  const api = desktopApi();
  const [on, setOn] = useState(() => api?.launchAtLogin() ?? false);
  if (!api) return <p className="muted">Launch at login: available in the desktop app.</p>;
  return (
    <label>
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => {
          api.setLaunchAtLogin(e.target.checked);
          setOn(e.target.checked);
        }}
      />
      Start devlog when I log in
    </label>
  );
}

export function SettingsPage() {
  const settings = useSettingsStore((s) => s.settings);
  const { save, error } = useSettingsUpdate();
  const [themeChoice, setThemeChoice] = useState<ThemeChoice | undefined>();
  if (!settings) return <p className="muted">Loading settings…</p>;
  return (
    <div className="stack settings">
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {settings.configProblem ? (
        <p role="alert" className="error">
          config.json was edited and cannot be used, the previous settings stay in force: {settings.configProblem}
        </p>
      ) : null}
      <SourcesSettings sources={settings.sources} save={save} />
      <section className="card" aria-labelledby="settings-general">
        <h2 id="settings-general">General</h2>
        <HistoryDays key={String(settings.historyDays)} settings={settings} save={save} />
        <fieldset className="row">
          <legend>Theme</legend>
          {THEMES.map((t) => (
            <label key={t.id}>
              <input
                type="radio"
                name="theme"
                value={t.id}
                checked={(themeChoice ?? settings.theme) === t.id}
                onChange={() => {
                  setThemeChoice(t.id);
                  void save({ theme: t.id }).finally(() => setThemeChoice(undefined));
                }}
              />
              {t.label}
            </label>
          ))}
        </fieldset>
        <LaunchAtLogin />
        <dl className="facts">
          <dt>Data folder</dt>
          <dd className="mono" data-testid="settings-data-folder">
            {settings.dataFolder}
          </dd>
          <dt>Settings file</dt>
          <dd className="mono">{settings.configFile}</dd>
        </dl>
        <p className="muted">The data folder moves with DEVLOG_HOME set before devlog starts. Changes here are saved to config.json and apply at once; edits to that file by hand are picked up too.</p>
      </section>
      <RemoteRedaction />
      <ReopenOnboarding />
    </div>
  );
}
