// Builds Electron-ABI copies of the native modules into .electron-native/node_modules/, leaving
// node_modules built for Node (tests, CLI and headless keep working). The desktop app finds the
// copies through DEVLOG_NATIVE_DIR (see src-worker/native.ts); `npm start` sets it.
// Needs the internet (Electron's headers or prebuilt binaries) and, without prebuilds, a C++
// toolchain. Usage: node scripts/electron-native.mjs   (also: npm run electron:rebuild)
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The native modules the engine loads through src-worker/native.ts. */
export const NATIVE_MODULES = ['better-sqlite3', 'keytar'];
export const ELECTRON_NATIVE_DIR = path.join(root, '.electron-native');
const STAMP = path.join(ELECTRON_NATIVE_DIR, 'devlog-native.json');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** What the copies must match: Electron's version, each module's version, the platform. */
export function wantedStamp() {
  const modules = {};
  for (const name of NATIVE_MODULES) modules[name] = readJson(path.join(root, 'node_modules', name, 'package.json')).version;
  return {
    electronVersion: readJson(path.join(root, 'node_modules', 'electron', 'package.json')).version,
    platform: process.platform,
    arch: process.arch,
    modules,
  };
}

/** True when .electron-native/ holds copies built for exactly what is installed now. */
export function electronNativeIsFresh() {
  try {
    const have = readJson(STAMP);
    const want = wantedStamp();
    return (
      JSON.stringify(have) === JSON.stringify(want) &&
      NATIVE_MODULES.every((name) => hasBinary(path.join(ELECTRON_NATIVE_DIR, 'node_modules', name)))
    );
  } catch {
    return false;
  }
}

function hasBinary(moduleDir) {
  const release = path.join(moduleDir, 'build', 'Release');
  return existsSync(release) && readdirSync(release).some((f) => f.endsWith('.node'));
}

/** Copies a module's package.json and sources, but not its Node-ABI build/. */
function copyModule(name, nodeModulesDir) {
  const from = path.join(root, 'node_modules', name);
  const to = path.join(nodeModulesDir, name);
  const skip = path.join(from, 'build');
  cpSync(from, to, { recursive: true, filter: (src) => src !== skip && !src.startsWith(skip + path.sep) });
}

/** The last line worth showing from an error, without a stack. */
function oneLine(err) {
  const text = String(err?.message ?? err).trim();
  return text.split('\n').find((l) => l.trim()) ?? 'unknown error';
}

export async function buildElectronNative() {
  const want = wantedStamp();
  const staging = path.join(ELECTRON_NATIVE_DIR, '.staging');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, 'node_modules'), { recursive: true });
  const manifest = { name: 'devlog-electron-native', private: true, dependencies: want.modules };
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const name of NATIVE_MODULES) copyModule(name, path.join(staging, 'node_modules'));

  try {
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({
      buildPath: staging,
      // Stop the module search at the staging folder: the main node_modules must stay Node's.
      projectRootPath: staging,
      electronVersion: want.electronVersion,
      force: true,
      onlyModules: NATIVE_MODULES,
      mode: 'sequential',
    });
    const missing = NATIVE_MODULES.filter((name) => !hasBinary(path.join(staging, 'node_modules', name)));
    if (missing.length) throw new Error(`no binary was produced for ${missing.join(', ')}`);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }

  // Swap the finished copies in; a failed run above left the previous ones untouched.
  rmSync(path.join(ELECTRON_NATIVE_DIR, 'node_modules'), { recursive: true, force: true });
  renameSync(path.join(staging, 'node_modules'), path.join(ELECTRON_NATIVE_DIR, 'node_modules'));
  renameSync(path.join(staging, 'package.json'), path.join(ELECTRON_NATIVE_DIR, 'package.json'));
  rmSync(staging, { recursive: true, force: true });
  writeFileSync(STAMP, JSON.stringify(want, null, 2) + '\n');
  return want;
}

const ERROR_MARK = 'devlog-native-error: ';
const NETWORK = /fetch failed|network|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|socket hang up/i;

/**
 * The rebuild runs in a child whose output (node-gyp's included) goes to a log file, so a
 * failure is reported in one line instead of pages of compiler and download noise.
 */
async function main() {
  let electronVersion = '?';
  try {
    electronVersion = wantedStamp().electronVersion;
  } catch (err) {
    return fail(`cannot read the installed versions (${oneLine(err)}); run npm install first`);
  }
  mkdirSync(ELECTRON_NATIVE_DIR, { recursive: true });
  const logFile = path.join(ELECTRON_NATIVE_DIR, 'rebuild.log');
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--worker'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      output += chunk;
      log.write(chunk);
    });
  }
  const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  await new Promise((resolve) => log.end(resolve));
  const rel = path.relative(root, logFile);
  if (code === 0) {
    console.log(`devlog: built ${NATIVE_MODULES.join(' and ')} for Electron ${electronVersion} in .electron-native/ (log: ${rel})`);
    return;
  }
  const marked = output.split('\n').find((l) => l.startsWith(ERROR_MARK))?.slice(ERROR_MARK.length).trim();
  const reason = NETWORK.test(output) ? "could not download Electron's headers or prebuilt binaries (no network?)" : (marked ?? `the rebuild exited with code ${code}`);
  fail(`could not build ${NATIVE_MODULES.join(' and ')} for Electron ${electronVersion}: ${reason}; it needs the internet and a C++ toolchain (details: ${rel})`);
}

function fail(message) {
  console.error(`devlog: ${message}`);
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  if (process.argv.includes('--worker')) {
    await buildElectronNative().catch((err) => {
      console.error(err?.stack ?? err);
      console.error(`${ERROR_MARK}${oneLine(err)}`);
      process.exitCode = 1;
    });
  } else {
    await main();
  }
}
