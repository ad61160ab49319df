// `npm start`: the desktop app when it can run here, else the headless web UI.
//
// Desktop needs the Electron binary and a display. The binary's path comes from
// node_modules/electron/path.txt, read directly: require('electron') would start a download when
// the binary is missing. On a machine with a display but no binary, the electron package's own
// installer is tried once. Otherwise one line says why, and `devlog start` runs instead.
// Arguments go to Electron or to `devlog start`; SIGINT/SIGTERM/SIGHUP are passed on.
// DEVLOG_HEADLESS=1 picks the headless web UI even where the desktop app could run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_NATIVE_DIR, electronNativeIsFresh } from './electron-native.mjs';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const electronDir = path.join(root, 'node_modules', 'electron');
const args = process.argv.slice(2);

/** The Electron executable if it is installed; never downloads. */
function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, relative || 'electron');
    return existsSync(binary) ? binary : undefined;
  }
  if (!relative) return undefined;
  const binary = path.join(electronDir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Runs the electron package's installer once; its noise is kept out unless it works. */
function tryInstallElectron() {
  if (!existsSync(path.join(electronDir, 'install.js'))) return false;
  console.log('devlog: the Electron binary is not installed; downloading it once (node_modules/electron/install.js)…');
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.status === 0 && electronBinary()) return true;
  const reason = (result.stderr ?? '').split('\n').find((l) => l.trim())?.trim() ?? `exit code ${result.status}`;
  console.log(`devlog: the Electron download failed (${reason})`);
  return false;
}

function runNode(script, scriptArgs = []) {
  return spawnSync(process.execPath, [path.join(root, script), ...scriptArgs], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

let built = false;
function build() {
  if (built) return;
  built = true;
  const status = runNode('scripts/build.mjs');
  if (status !== 0) {
    console.error('devlog: the build failed (see above)');
    process.exit(status);
  }
}

/** Runs `command` in the foreground: passes signals on and exits with its exit status. */
function foreground(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once('error', (err) => {
    console.error(`devlog: could not start ${path.basename(command)}: ${err.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 1) : 1)));
}

function runHeadless(why, hint) {
  console.log(`devlog: ${why}; running the headless web UI instead${hint ? ` (${hint})` : ''}`);
  build();
  foreground(process.execPath, [path.join(root, 'bin', 'devlog.mjs'), 'start', ...args], process.env);
}

function runDesktop(binary) {
  build();
  if (!electronNativeIsFresh()) {
    console.log('devlog: building the native modules for Electron (.electron-native/)…');
    if (runNode('scripts/electron-native.mjs') !== 0) {
      runHeadless('the native modules could not be built for Electron');
      return;
    }
  }
  const env = { ...process.env, DEVLOG_NATIVE_DIR: ELECTRON_NATIVE_DIR };
  delete env.ELECTRON_RUN_AS_NODE;
  foreground(binary, [root, ...args], env);
}

if (process.env.DEVLOG_HEADLESS === '1') {
  runHeadless('DEVLOG_HEADLESS=1 is set');
} else if (!hasDisplay()) {
  runHeadless('no display found', 'Electron needs a display: DISPLAY and WAYLAND_DISPLAY are unset');
} else {
  const binary = electronBinary() ?? (tryInstallElectron() ? electronBinary() : undefined);
  if (binary) runDesktop(binary);
  else runHeadless('the Electron binary is not installed and could not be downloaded', 'try `node node_modules/electron/install.js`');
}
