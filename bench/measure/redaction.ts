import type { IngestBatch, WireRecord } from '../../src-shared/sync-wire.js';
import { redactBatch, redactText } from '../../src-worker/export/redaction/index.js';
import { FakeSecrets } from '../../src-worker/export/redaction/testing/fake-secrets.js';
import { claudeSession } from '../../src-worker/testing/corpus/claude-code.js';
import { Random } from '../../src-worker/testing/corpus/random.js';
import type { BenchContext } from '../lib/context.js';
import { metric, type MeasurementResult } from '../lib/result.js';
import { MB, mbPerSecond, summarize } from '../lib/stats.js';

/** Export must not wait on redaction: at this rate 1 GB of history is redacted in 20 s. */
const TARGET = { op: '>=', value: 50, unit: 'MB/s' } as const;
/** Enough text for stable numbers without holding a whole bench corpus in memory. */
const MAX_MB = 32;
/** Records per batch, like the exporter's batches. */
const BATCH_RECORDS = 500;
/** One text in this many carries a secret, so the replacing path is timed too. */
const SECRET_EVERY = 25;

interface Block {
  type: string;
  text?: string;
  thinking?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
}

/**
 * Wire records of realistic transcripts (the bench corpus generator's Claude Code sessions):
 * prompts, responses with thinking, tool inputs as JSON text and tool results, a secret in one
 * text of SECRET_EVERY. A plain mapping of the JSONL lines, enough to time redaction.
 */
export function transcriptBatches(totalBytes: number, seed: number): { batches: IngestBatch[]; textBytes: number } {
  const rng = new Random(seed);
  const fake = new FakeSecrets(seed);
  let texts = 0;
  // A secret of every kind in turn, in the surroundings it usually has.
  const withSecret = (text: string) => {
    if (++texts % SECRET_EVERY !== 0) return text;
    const kinds = fake.oneOfEachKind();
    return `${text}\n${kinds[(texts / SECRET_EVERY) % kinds.length]!.line}\n`;
  };
  const records: WireRecord[] = [];
  let textBytes = 0;
  for (let s = 0; textBytes < totalBytes; s++) {
    const sessionId = `claude-code:bench-${s}`;
    const { main } = claudeSession(rng, { sessionId: `bench-${s}`, cwd: '/home/dev/src/app', targetBytes: 256 * 1024, startMs: Date.UTC(2026, 5, 1), withSubagent: false });
    for (const line of main.split('\n')) {
      if (!line) continue;
      const rec = JSON.parse(line) as { uuid: string; timestamp: string; message: { role: string; content: string | Block[] } };
      const blocks: Block[] = typeof rec.message.content === 'string' ? [{ type: 'text', text: rec.message.content }] : rec.message.content;
      for (const block of blocks) {
        const base = { sessionId, hash: rec.uuid, time: rec.timestamp };
        if (block.type === 'tool_use') {
          const args = block.input as { command: string };
          const input = JSON.stringify({ ...args, command: withSecret(args.command) });
          records.push({ kind: 'tool_call', id: block.id!, ...base, name: block.name!, input });
          textBytes += input.length;
        } else if (block.type === 'tool_result') {
          const result = withSecret(String(block.content));
          records.push({ kind: 'tool_call', id: `${block.tool_use_id!}-result`, ...base, name: 'result', result });
          textBytes += result.length;
        } else {
          const text = withSecret(block.text ?? block.thinking ?? '');
          records.push({ kind: 'message', id: `${rec.uuid}-${records.length}`, ...base, role: rec.message.role, text, content: [{ type: block.type, text }] });
          textBytes += text.length * 2;
        }
      }
    }
  }
  const batches: IngestBatch[] = [];
  for (let i = 0; i < records.length; i += BATCH_RECORDS) batches.push({ machineId: 'bench', records: records.slice(i, i + BATCH_RECORDS) });
  return { batches, textBytes };
}

/** Every text of the batches, the way redactBatch sees them, for timing redactText alone. */
function textsOf(batches: readonly IngestBatch[]): string[] {
  const texts: string[] = [];
  for (const batch of batches) {
    for (const r of batch.records) {
      if (r.kind === 'message') texts.push(r.text);
      if (r.kind === 'tool_call') texts.push(r.input ?? r.result ?? '');
    }
  }
  return texts;
}

/** (10) Redaction cost: MB/s of transcript text through redactText and of batches through redactBatch. */
export async function measureRedaction(ctx: BenchContext): Promise<MeasurementResult> {
  const sizeMb = Math.min(MAX_MB, ctx.options.sizeMb);
  const { batches, textBytes } = transcriptBatches(sizeMb * MB, ctx.options.seed);
  const texts = textsOf(batches);
  const plainBytes = texts.reduce((sum, t) => sum + t.length, 0);
  ctx.log(`  ${batches.length} batches, ${(textBytes / MB).toFixed(1)} MB of text (${(plainBytes / MB).toFixed(1)} MB of message text, tool inputs and results)`);

  const textRates: number[] = [];
  const batchRates: number[] = [];
  let redactions: Record<string, number> = {};
  for (let run = 0; run < ctx.options.runs; run++) {
    let t = performance.now();
    let found = 0;
    for (const text of texts) found += Object.values(redactText(text).counts).reduce((a, b) => a + b, 0);
    textRates.push(mbPerSecond(plainBytes, performance.now() - t));

    t = performance.now();
    const totals: Record<string, number> = {};
    for (const batch of batches) for (const [kind, n] of Object.entries(redactBatch(batch).counts)) totals[kind] = (totals[kind] ?? 0) + n;
    batchRates.push(mbPerSecond(textBytes, performance.now() - t));
    redactions = totals;
    ctx.log(`  run ${run + 1}: redactText ${textRates.at(-1)!.toFixed(0)} MB/s (${found} secrets), redactBatch ${batchRates.at(-1)!.toFixed(0)} MB/s`);
  }
  const text = summarize(textRates);
  const batch = summarize(batchRates);
  return {
    id: 'redaction',
    n: 10,
    title: 'redaction before export',
    metrics: [
      metric('redaction.textMbPerS', 'redactText over transcript text, MB/s', text.median, 'MB/s', { samples: text.samples, target: TARGET }),
      metric('redaction.batchMbPerS', 'redactBatch over export batches (text and content), MB/s', batch.median, 'MB/s', { samples: batch.samples, target: TARGET }),
    ],
    details: { textMb: textBytes / MB, plainTextMb: plainBytes / MB, batches: batches.length, batchRecords: BATCH_RECORDS, secretEvery: SECRET_EVERY, redactions, text, batch },
  };
}
