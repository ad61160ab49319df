import type { Locator } from 'playwright-core';

/**
 * Waits until `target`'s text matches and returns that text, read and matched in ONE look: a
 * status chip may move on right after showing a state, and a locator filtered by text would then
 * wait for a state that is gone. Polls from Node (no script in the page: the UI's CSP forbids eval).
 */
export async function waitForText(target: Locator, want: string | RegExp, timeoutMs: number): Promise<string> {
  const matches = (text: string) => (typeof want === 'string' ? text.includes(want) : want.test(text));
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = (await target.innerText({ timeout: 1_000 }).catch(() => '')).trim();
    if (matches(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(want)}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
