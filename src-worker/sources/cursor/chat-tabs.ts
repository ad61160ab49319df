/**
 * Cursor's older chat panel (2024): ItemTable `workbench.panel.aichat.view.aichat.chatdata`
 * = {tabs:[{tabId, chatTitle, lastSendTime, bubbles:[{type:'user'|'ai', id, text, rawText?,
 * modelType?}]}]}. One session per tab. Bubbles carry no times; the tab's lastSendTime is the
 * only clock, used for both ends of the session so it sorts by when it was last used.
 */
import type { NormalizedBatch } from '../types.js';
import { asArray, asText, isRecord, toIsoTime } from '../vscode-family/json-shapes.js';

export function addChatTabs(batch: NormalizedBatch, chatData: unknown, workspace: string | undefined): void {
  if (!isRecord(chatData)) return;
  for (const tab of asArray(chatData.tabs)) {
    if (!isRecord(tab)) continue;
    const tabId = asText(tab.tabId);
    if (!tabId) continue;
    const models = new Set<string>();
    let added = 0;
    asArray(tab.bubbles).forEach((bubble, index) => {
      if (!isRecord(bubble)) return;
      const role = bubble.type === 'user' ? 'user' : bubble.type === 'ai' ? 'assistant' : undefined;
      // The trailing user bubble with no text is the empty input box, not a message.
      const text = asText(bubble.text) ?? asText(bubble.rawText) ?? '';
      if (!role || text === '') return;
      const model = role === 'assistant' ? asText(bubble.modelType) : undefined;
      if (model) models.add(model);
      const bubbleId = asText(bubble.id) ?? `index-${index}`;
      batch.messages.push({ id: `${tabId}:${bubbleId}`, sessionNativeId: tabId, role, model, text, ordinal: index });
      added++;
    });
    if (added === 0) continue;
    const lastSend = toIsoTime(tab.lastSendTime);
    batch.sessions.push({
      nativeId: tabId,
      workspace,
      title: asText(tab.chatTitle),
      startedAt: lastSend,
      endedAt: lastSend,
      models: [...models],
      extra: { source: 'aichat' },
    });
  }
}
