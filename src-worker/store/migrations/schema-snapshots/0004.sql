-- user_version 4

CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  agent TEXT NOT NULL,
  path TEXT NOT NULL UNIQUE,
  dev TEXT,
  ino TEXT,
  fingerprint TEXT,
  size INTEGER NOT NULL DEFAULT 0,
  mtime_ms INTEGER NOT NULL DEFAULT 0,
  offset INTEGER NOT NULL DEFAULT 0,
  line_no INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT,
  parser_state TEXT,
  last_event_at TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  records INTEGER NOT NULL DEFAULT 0,
  malformed INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  updated_at TEXT NOT NULL,
  parser_version INTEGER NOT NULL DEFAULT 1,
  reparse_pending INTEGER NOT NULL DEFAULT 0,
  root TEXT,
  rel_path TEXT
) STRICT;

CREATE TABLE machines (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  is_local INTEGER NOT NULL DEFAULT 0,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL
) STRICT;

CREATE TABLE messages (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  parent_id TEXT,
  role TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'message',
  time TEXT,
  model TEXT,
  text TEXT NOT NULL DEFAULT '',
  content TEXT,
  is_sidechain INTEGER NOT NULL DEFAULT 0,
  is_meta INTEGER NOT NULL DEFAULT 0,
  ordinal INTEGER NOT NULL DEFAULT 0,
  file_id INTEGER,
  line INTEGER,
  hash TEXT NOT NULL,
  seq INTEGER NOT NULL
) STRICT;

CREATE VIRTUAL TABLE messages_fts USING fts5(
  text,
  content='messages',
  content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  file_id INTEGER REFERENCES files(id),
  agent TEXT NOT NULL,
  path TEXT NOT NULL,
  line INTEGER,
  offset INTEGER,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  place TEXT NOT NULL,
  UNIQUE (path, place, reason)
) STRICT;

CREATE TABLE raw_manifests (
  file_id INTEGER PRIMARY KEY REFERENCES files(id),
  entries TEXT NOT NULL
) STRICT;

CREATE TABLE raw_records (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id),
  hash TEXT NOT NULL,
  offset INTEGER,
  end_offset INTEGER,
  first_line INTEGER,
  line_count INTEGER NOT NULL,
  data BLOB NOT NULL,
  kind TEXT NOT NULL DEFAULT 'legacy',
  rkey TEXT,
  positions TEXT,
  UNIQUE (file_id, hash)
) STRICT;

CREATE TABLE session_meta (
  session_id TEXT PRIMARY KEY,
  title TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  starred INTEGER NOT NULL DEFAULT 0,
  hidden INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  seq INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  agent TEXT NOT NULL,
  native_id TEXT NOT NULL,
  origin_machine TEXT NOT NULL,
  parent_session_id TEXT,
  workspace TEXT,
  agent_title TEXT,
  first_prompt TEXT,
  git_branch TEXT,
  started_at TEXT,
  ended_at TEXT,
  models TEXT NOT NULL DEFAULT '[]',
  message_count INTEGER NOT NULL DEFAULT 0,
  tool_call_count INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens INTEGER NOT NULL DEFAULT 0,
  cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
  reasoning_tokens INTEGER NOT NULL DEFAULT 0,
  extra TEXT,
  hash TEXT,
  seq INTEGER NOT NULL
) STRICT;

CREATE TABLE tool_calls (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  message_id TEXT,
  name TEXT NOT NULL,
  input TEXT,
  result TEXT,
  is_error INTEGER NOT NULL DEFAULT 0,
  time TEXT,
  result_time TEXT,
  hash TEXT NOT NULL,
  seq INTEGER NOT NULL
) STRICT;

CREATE VIRTUAL TABLE tool_calls_fts USING fts5(
  name,
  input,
  result,
  content='tool_calls',
  content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE usage (
  key TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  message_id TEXT,
  time TEXT,
  model TEXT,
  input INTEGER NOT NULL DEFAULT 0,
  output INTEGER NOT NULL DEFAULT 0,
  cache_read INTEGER NOT NULL DEFAULT 0,
  cache_creation INTEGER NOT NULL DEFAULT 0,
  reasoning INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL
) STRICT;

CREATE INDEX files_agent ON files(agent);

CREATE INDEX messages_seq ON messages(seq);

CREATE INDEX messages_session ON messages(session_id, ordinal);

CREATE INDEX problems_agent ON problems(agent, id);

CREATE UNIQUE INDEX raw_records_rkey ON raw_records(file_id, rkey) WHERE rkey IS NOT NULL;

CREATE INDEX session_meta_seq ON session_meta(seq);

CREATE INDEX sessions_agent_started ON sessions(agent, started_at);

CREATE INDEX sessions_seq ON sessions(seq);

CREATE INDEX sessions_started ON sessions(started_at);

CREATE INDEX sessions_workspace ON sessions(workspace);

CREATE INDEX tool_calls_message ON tool_calls(message_id);

CREATE INDEX tool_calls_seq ON tool_calls(seq);

CREATE INDEX tool_calls_session ON tool_calls(session_id);

CREATE INDEX usage_session ON usage(session_id);

CREATE INDEX usage_time ON usage(time);

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
 ;
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages WHEN old.text IS NOT new.text
BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
  INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text);
 ;
END;

CREATE TRIGGER tool_calls_fts_delete AFTER DELETE ON tool_calls
BEGIN
  INSERT INTO tool_calls_fts(tool_calls_fts, rowid, name, input, result) VALUES ('delete', old.rowid, old.name, old.input, old.result);
 ;
END;

CREATE TRIGGER tool_calls_fts_update AFTER UPDATE OF name, input, result ON tool_calls WHEN old.name IS NOT new.name OR old.input IS NOT new.input OR old.result IS NOT new.result
BEGIN
  INSERT INTO tool_calls_fts(tool_calls_fts, rowid, name, input, result) VALUES ('delete', old.rowid, old.name, old.input, old.result);
  INSERT INTO tool_calls_fts(rowid, name, input, result) VALUES (new.rowid, new.name, new.input, new.result);
 ;
END;
