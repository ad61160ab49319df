// A stand-in for the `devlog` binary in process tests: the same commands, nothing else.
// The test setup bundles it with esbuild and runs it with plain node.
import { Command } from 'commander';
import { registerServerCommands } from '../cli.js';

const program = new Command('devlog').exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
registerServerCommands(program);
await program.parseAsync(process.argv);
