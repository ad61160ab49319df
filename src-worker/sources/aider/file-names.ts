/** The files Aider writes into a repository (its defaults; `--chat-history-file` and `--input-history-file` move them). */
export const AIDER_CHAT_HISTORY = '.aider.chat.history.md';
export const AIDER_INPUT_HISTORY = '.aider.input.history';
