import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';
import { SOURCE_ADAPTERS } from '../src-worker/sources/registry.js';
import { openReadableDb } from '../src-worker/store/database.js';
import type { DoctorCheck } from '../src-worker/store/doctor/check.js';
import { diagnose, repair, type DoctorReport } from '../src-worker/store/doctor/doctor.js';
import { EXIT_FAILURE } from './fail.js';
import { openStoreOwner } from './store-owner.js';

export interface DoctorOptions {
  fix?: boolean;
  json?: boolean;
}

/**
 * `devlog doctor [--fix]`: checks the store and its search index; exit 0 when healthy, 1 when
 * problems remain. Beside a running engine it checks read-only and cannot fix.
 */
export async function runDoctor(options: DoctorOptions): Promise<void> {
  let engine;
  try {
    engine = openStoreOwner('doctor --fix');
  } catch (err) {
    if (!(err instanceof DevlogError && err.code === ErrorCodes.Busy) || options.fix) throw err;
    const db = openReadableDb(homePaths(resolveDevlogHome()).db);
    try {
      finish(options, diagnose(db, SOURCE_ADAPTERS, false));
    } finally {
      db.close();
    }
    return;
  }
  try {
    const before = diagnose(engine.db, SOURCE_ADAPTERS, true);
    if (!options.fix || before.healthy) return finish(options, before);
    const fixed = await repair(engine, SOURCE_ADAPTERS, before);
    finish(options, diagnose(engine.db, SOURCE_ADAPTERS, true), { before, fixed });
  } finally {
    engine.dispose();
  }
}

function finish(options: DoctorOptions, report: DoctorReport, repaired?: { before: DoctorReport; fixed: string[] }): void {
  if (options.json) {
    const out = repaired ? { healthy: report.healthy, checks: report.checks, fixed: repaired.fixed, before: repaired.before.checks } : report;
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    const lines: string[] = [];
    if (repaired) {
      lines.push('found:', ...printChecks(repaired.before.checks), 'fixed:', ...repaired.fixed.map((a) => `  ${a}`), 'now:');
    }
    lines.push(...printChecks(report.checks));
    const problems = report.checks.filter((c) => !c.ok).length;
    lines.push(report.healthy ? 'healthy' : `${problems} checks found problems${options.fix ? ' that remain' : ' (`devlog doctor --fix` repairs them)'}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  if (!report.healthy) process.exitCode = EXIT_FAILURE;
}

function printChecks(checks: DoctorCheck[]): string[] {
  return checks.flatMap((c) => [
    // A notice (format drift) is ok but has something to say.
    `  ${c.ok ? (c.found ? 'notice ' : 'ok     ') : 'PROBLEM'}  ${c.title}${c.ok && !c.found ? '' : `: ${c.summary}`}${c.limited ? ` (${c.limited})` : ''}`,
    ...(c.ok && !c.found ? [] : c.examples.map((e) => `             ${e}`)),
  ]);
}
