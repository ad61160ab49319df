import readline from 'node:readline/promises';
import type { MetadataMethods, SessionMetaEdit, SessionMetaView } from '../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { metadataHandlers } from '../src-worker/rpc/metadata.js';
import { withEngineOrStore, type MethodCall } from './engine-or-store.js';

const ANSWER_TIMEOUT_MS = 10_000;

/** Runs `use` on the running engine (so its exporters follow at once), else on the store directly. */
export function withMetadata<T>(use: (call: MethodCall<MetadataMethods>) => Promise<T>): Promise<T> {
  return withEngineOrStore<MetadataMethods, T>(metadataHandlers, use, ANSWER_TIMEOUT_MS);
}

export type SessionEditKind = 'rename' | 'tag' | 'untag' | 'star' | 'unstar' | 'hide' | 'unhide' | 'delete';

function describeEdit(kind: SessionEditKind, m: SessionMetaView): string {
  const tags = m.tags.length ? m.tags.join(', ') : 'none';
  switch (kind) {
    case 'rename':
      return m.title === null ? `${m.sessionId}: title cleared (the agent's title shows again)` : `${m.sessionId}: renamed to ${JSON.stringify(m.title)}`;
    case 'tag':
    case 'untag':
      return `${m.sessionId}: tags ${tags}`;
    case 'star':
    case 'unstar':
      return `${m.sessionId}: ${m.starred ? 'starred' : 'not starred'}`;
    case 'hide':
    case 'unhide':
      return `${m.sessionId}: ${m.hidden ? 'hidden (devlog query --hidden still lists it)' : 'shown again'}`;
    case 'delete':
      return `${m.sessionId}: deleted here and, when they sync, on your other machines; its content is purged after 30 days`;
  }
}

function editFor(kind: SessionEditKind, id: string, args: string[]): SessionMetaEdit {
  switch (kind) {
    case 'rename':
      return { id, title: args.join(' ') };
    case 'tag':
      return { id, addTags: args };
    case 'untag':
      return { id, removeTags: args };
    case 'star':
    case 'unstar':
      return { id, starred: kind === 'star' };
    case 'hide':
    case 'unhide':
      return { id, hidden: kind === 'hide' };
    case 'delete':
      return { id, deleted: true };
  }
}

/** A delete cannot be undone: without --yes, ask on a terminal and refuse otherwise. */
async function confirmDelete(id: string): Promise<void> {
  if (!process.stdin.isTTY) throw new DevlogError(ErrorCodes.BadRequest, `session delete ${id}: add --yes to delete it (this cannot be undone)`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`Delete session ${id} on every machine you sync with? This cannot be undone. [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new DevlogError(ErrorCodes.BadRequest, 'not deleted');
  } finally {
    rl.close();
  }
}

/** `devlog session rename|tag|untag|star|unstar|hide|unhide|delete ID ...`. */
export async function runSessionEdit(kind: SessionEditKind, id: string, args: string[], options: { yes?: boolean; json?: boolean }): Promise<void> {
  if (kind === 'delete' && !options.yes) await confirmDelete(id);
  const view = await withMetadata((call) => call('sessions.editMeta', editFor(kind, id, args)));
  process.stdout.write(options.json ? JSON.stringify(view, null, 2) + '\n' : describeEdit(kind, view) + '\n');
}

/** `devlog machine [rename NAME]`. */
export async function runMachine(rename: string | undefined, options: { json?: boolean }): Promise<void> {
  const info = await withMetadata((call) => (rename === undefined ? call('machine.get', undefined) : call('machine.rename', { name: rename })));
  if (options.json) process.stdout.write(JSON.stringify(info, null, 2) + '\n');
  else process.stdout.write(`${rename === undefined ? '' : 'renamed: '}${info.name} (machine id ${info.id})\n`);
}
