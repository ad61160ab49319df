/**
 * `devlog import`: copied agent files collected as if found in place, once. Each file goes
 * through the collector's own reader and writer (FileProcessor), with its cursor, so importing
 * the same files again reads nothing new and adds nothing; its row is marked origin 'imported'.
 * Runs in the engine when one is running (RPC `sources.import`), else in the CLI's own process.
 */
import type { ImportResult } from '../../src-shared/contract/index.js';
import type { AgentId } from '../../src-shared/domain.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { FileProcessor } from '../collect/file-processor.js';
import { ThreadedReadExecutor } from '../collect/parse-thread/threaded-executor.js';
import { InlineReadExecutor, type ReadExecutor } from '../collect/read-executor.js';
import type { Engine } from '../engine.js';
import type { SourceAdapter } from '../sources/types.js';
import { FilesRepo } from '../store/files-repo.js';
import { IngestWriter } from '../store/ingest/ingest-writer.js';
import { planImport } from './detect.js';

const MAX_RETRIES = 5;
const RETRY_DELAY_MS = 200;

export interface ImportOptions {
  path: string;
  agent?: AgentId;
  adapters: readonly SourceAdapter[];
  /** 'thread' (default): parse on a worker thread, as the collector does; 'inline' for test adapters. */
  readOn?: 'thread' | 'inline';
}

const count = (engine: Engine, table: 'sessions' | 'messages') => engine.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

export async function importPath(engine: Engine, options: ImportOptions): Promise<ImportResult> {
  let plan;
  try {
    plan = await planImport(options.path, options.adapters, options.agent);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DevlogError(ErrorCodes.BadRequest, code === 'ENOENT' ? `${options.path}: no such file or folder` : `${options.path}: ${(err as Error).message}`, 'path');
  }
  const before = { sessions: count(engine, 'sessions'), messages: count(engine, 'messages') };
  const repo = new FilesRepo(engine.db);
  const executor: ReadExecutor = options.readOn === 'inline' ? new InlineReadExecutor(options.adapters) : new ThreadedReadExecutor();
  const processor = new FileProcessor(repo, new IngestWriter(engine.db, engine.seq, repo, engine.machineId), executor);
  const markImported = engine.db.prepare(`UPDATE files SET origin = 'imported' WHERE path = ?`);
  const result: ImportResult = { files: 0, agents: {}, sessionsAdded: 0, messagesAdded: 0, problems: 0, skipped: plan.skipped };
  try {
    for (const file of plan.files) {
      for (let tries = 1; ; tries++) {
        const outcome = await processor.process(file, { startAtEnd: false, beforeWrite: () => undefined, afterWrite: () => undefined });
        if (outcome.kind === 'retry' && tries <= MAX_RETRIES) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * tries));
          continue;
        }
        if (outcome.kind === 'retry') processor.giveUp(file, outcome.reason);
        if (outcome.kind === 'read') result.problems += outcome.result.problems;
        else result.problems++;
        break;
      }
      markImported.run(file.path);
      result.files++;
      result.agents[file.agent] = (result.agents[file.agent] ?? 0) + 1;
    }
  } finally {
    executor.dispose();
  }
  result.sessionsAdded = count(engine, 'sessions') - before.sessions;
  result.messagesAdded = count(engine, 'messages') - before.messages;
  if (result.files > 0) engine.notifyChanged();
  return result;
}
