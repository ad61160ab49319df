/**
 * User-role text the human did not type: slash-command wrappers, command output, reminders
 * and notices the CLI writes as user lines (only some of them carry `isMeta`).
 */
const INJECTED_PREFIX =
  /^\s*(<(command-name|command-message|command-args|local-command-stdout|local-command-stderr|local-command-caveat|system-reminder|bash-stdout|bash-stderr|user-prompt-submit-hook)>|\[Request interrupted by user)/;

export function looksInjected(text: string): boolean {
  return INJECTED_PREFIX.test(text);
}
