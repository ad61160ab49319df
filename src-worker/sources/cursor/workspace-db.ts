/**
 * A Cursor workspace database (`workspaceStorage/<hash>/state.vscdb`, table ItemTable). Read:
 *   composer.composerData   allComposers[]: which composers belong to this workspace (the global
 *                           DB does not say), and in 2024 builds the whole conversation inline
 *   ...aichat.chatdata      the older chat panel's tabs (see chat-tabs.ts)
 * Not read: aiService.prompts, the prompt history: text only, no time, no session, and the
 * same prompts are already in the composers and chat tabs.
 * The values are rewritten whole (and the table changes constantly for UI state), so each is
 * skipped while its content hash is the one in state.items.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { FileContext, NormalizedBatch, ParserState } from '../types.js';
import { asArray, asText, isRecord } from '../vscode-family/json-shapes.js';
import { readWorkspaceJson } from '../vscode-family/vscode-workspace.js';
import { addChatTabs } from './chat-tabs.js';
import { addComposer, inlineBubbles } from './composer-records.js';
import { decodeValue, rowByKey, valueText } from './kv-values.js';

export const COMPOSERS_KEY = 'composer.composerData';
export const CHAT_TABS_KEY = 'workbench.panel.aichat.view.aichat.chatdata';

export function readWorkspaceDb(db: BetterSqlite3.Database, file: FileContext, state: ParserState, batch: NormalizedBatch): void {
  const workspace = readWorkspaceJson(path.dirname(file.path));
  const seen = isRecord(state.items) ? state.items : {};
  const next: Record<string, string> = {};
  for (const key of [COMPOSERS_KEY, CHAT_TABS_KEY]) {
    const row = rowByKey(db, 'ItemTable', key);
    if (!row) continue;
    // The workspace is part of the signature: a workspace.json that appears later re-emits.
    const signature = `${createHash('sha1').update(valueText(row.value) ?? '').digest('hex')}:${workspace ?? ''}`;
    next[key] = signature;
    if (seen[key] === signature) continue;
    // The value is the raw record (kept per key): re-deriving rebuilds this table from it.
    batch.raw.push({ table: 'ItemTable', key, text: valueText(row.value) ?? '' });
    const decoded = decodeValue(key, row.value);
    if (!decoded.ok) batch.problems.push(decoded.problem);
    else if (key === COMPOSERS_KEY) addWorkspaceComposers(batch, decoded.json, workspace);
    else addChatTabs(batch, decoded.json, workspace);
  }
  state.items = next;
}

function addWorkspaceComposers(batch: NormalizedBatch, data: unknown, workspace: string | undefined): void {
  const composers = isRecord(data) ? asArray(data.allComposers) : [];
  for (const composer of composers) {
    if (!isRecord(composer)) continue;
    const composerId = asText(composer.composerId);
    if (!composerId) continue;
    if (asArray(composer.conversation).length > 0) {
      addComposer(batch, { composerId, composer, bubbles: inlineBubbles(composer), workspace });
    } else if (workspace && (asText(composer.name) || composer.lastUpdatedAt !== undefined)) {
      // Only the link to the workspace: the messages come from the global database. Composers
      // never used (no name, never updated) are left out so they do not become empty sessions.
      batch.sessions.push({ nativeId: composerId, workspace });
    }
  }
}
