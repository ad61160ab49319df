// Runs the README's test command on Node 24 from a machine whose own Node is older, without
// touching this checkout's node_modules: Node 24 goes to .cache/node24 (scripts/install-node.mjs),
// the current checkout (HEAD plus uncommitted and untracked files) to .cache/node24-tree, a git
// clone kept between runs, where `npm ci` builds the native modules for Node 24 (again only when
// package-lock.json or the Node version changed), then the peers and `npm test`.
// Usage: npm run test:node24 [-- vitest args]   (extra arguments reach vitest, as with npm test)
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeDir = path.join(root, '.cache', 'node24');
const tree = path.join(root, '.cache', 'node24-tree');

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) {
    console.error(`test:node24: ${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  return r;
}

function git(cwd, ...args) {
  return run('git', ['-C', cwd, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' }).stdout;
}

run(process.execPath, [path.join(root, 'scripts', 'install-node.mjs'), '--major', '24', '--dir', nodeDir]);
const env = { ...process.env, PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: nodeDir };
// The conformance tests look for ../shared/fixtures beside the repository: from the tree, that is
// beside this checkout, not beside .cache/node24-tree.
const fixtures = path.resolve(root, '..', 'shared', 'fixtures');
if (!env.DEVLOG_SHARED_FIXTURES && fs.existsSync(fixtures)) env.DEVLOG_SHARED_FIXTURES = fixtures;

// The tree: this checkout's HEAD, then its uncommitted changes and untracked (not ignored) files
// laid over it. Ignored folders there (node_modules, dist, .cache) survive between runs.
if (!fs.existsSync(path.join(tree, '.git'))) git(root, 'clone', '--quiet', '--no-checkout', root, tree);
git(tree, 'fetch', '--quiet', root, 'HEAD');
git(tree, 'checkout', '--quiet', '--force', '--detach', 'FETCH_HEAD');
git(tree, 'clean', '-fdq');
const listed = (...args) => git(root, 'ls-files', '-z', ...args).split('\0').filter((f) => f && f.split('/')[0] !== 'node_modules');
for (const f of listed('--deleted')) fs.rmSync(path.join(tree, f), { force: true });
const deleted = new Set(listed('--deleted'));
const changed = [...listed('--modified'), ...listed('--others', '--exclude-standard')].filter((f) => !deleted.has(f));
for (const f of changed) {
  fs.mkdirSync(path.dirname(path.join(tree, f)), { recursive: true });
  fs.cpSync(path.join(root, f), path.join(tree, f), { verbatimSymlinks: true });
}
console.log(`test:node24: ${tree} at ${git(tree, 'rev-parse', '--short', 'HEAD').trim()} plus ${changed.length} changed and ${deleted.size} deleted files`);

// npm ci only when the lock or the Node version changed since the last successful one.
const node = path.join(nodeDir, 'bin', 'node');
const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const stamp = path.join(tree, 'node_modules', '.devlog-installed');
const want = crypto.createHash('sha256').update(fs.readFileSync(path.join(tree, 'package-lock.json'))).update(nodeVersion).digest('hex');
if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: tree, env });
  fs.writeFileSync(stamp, want);
}
run(node, ['scripts/install-peers.mjs'], { cwd: tree, env });
console.log(`test:node24: npm test on Node ${nodeVersion}`);
const test = spawnSync('npm', ['test', '--', ...process.argv.slice(2)], { cwd: tree, env, stdio: 'inherit' });
process.exit(test.status ?? 1);
