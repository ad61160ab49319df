-- user_version 8

CREATE TABLE export_cursors (
  remote TEXT PRIMARY KEY,
  seq INTEGER NOT NULL DEFAULT 0,
  routing TEXT NOT NULL,
  last_success_at TEXT,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE file_touches (
  tool_call_rowid INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  path TEXT NOT NULL,
  rel_path TEXT,
  action TEXT NOT NULL,
  time TEXT,
  PRIMARY KEY (tool_call_rowid, path, action)
) STRICT, WITHOUT ROWID;

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
  rel_path TEXT,
  origin TEXT
) STRICT;

CREATE TABLE format_drift (
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  agent TEXT NOT NULL,
  version TEXT NOT NULL DEFAULT '',
  item TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (file_id, version, item)
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

CREATE TABLE outbound_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  remote TEXT NOT NULL,
  sessions INTEGER NOT NULL,
  records INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  redactions TEXT NOT NULL DEFAULT '{}'
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

CREATE TABLE rollup_deferred (
  messages_from INTEGER NOT NULL,
  tool_calls_from INTEGER NOT NULL,
  usage_from INTEGER NOT NULL
) STRICT;

CREATE TABLE session_activity (
  bucket INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  model TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (bucket, session_id, model)
) STRICT, WITHOUT ROWID;

CREATE TABLE session_activity_day (
  day INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  model TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (day, session_id, model)
) STRICT, WITHOUT ROWID;

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

CREATE TABLE stats_rollup (
  bucket INTEGER NOT NULL,
  agent TEXT NOT NULL,
  workspace TEXT NOT NULL,
  model TEXT NOT NULL,
  long INTEGER NOT NULL,
  messages INTEGER NOT NULL DEFAULT 0,
  tool_calls INTEGER NOT NULL DEFAULT 0,
  input INTEGER NOT NULL DEFAULT 0,
  output INTEGER NOT NULL DEFAULT 0,
  cache_read INTEGER NOT NULL DEFAULT 0,
  cache_creation INTEGER NOT NULL DEFAULT 0,
  reasoning INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, agent, workspace, model, long)
) STRICT, WITHOUT ROWID;

CREATE TABLE stats_rollup_day (
  day INTEGER NOT NULL,
  agent TEXT NOT NULL,
  workspace TEXT NOT NULL,
  model TEXT NOT NULL,
  long INTEGER NOT NULL,
  messages INTEGER NOT NULL DEFAULT 0,
  tool_calls INTEGER NOT NULL DEFAULT 0,
  input INTEGER NOT NULL DEFAULT 0,
  output INTEGER NOT NULL DEFAULT 0,
  cache_read INTEGER NOT NULL DEFAULT 0,
  cache_creation INTEGER NOT NULL DEFAULT 0,
  reasoning INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, model, long, agent, workspace)
) STRICT, WITHOUT ROWID;

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

CREATE INDEX file_touches_path ON file_touches(path, session_id);

CREATE INDEX file_touches_rel_path ON file_touches(rel_path, session_id) WHERE rel_path IS NOT NULL;

CREATE INDEX file_touches_session ON file_touches(session_id, path);

CREATE INDEX files_agent ON files(agent);

CREATE INDEX format_drift_agent ON format_drift(agent);

CREATE INDEX messages_seq ON messages(seq);

CREATE INDEX messages_session ON messages(session_id, ordinal);

CREATE INDEX messages_time ON messages(time);

CREATE INDEX outbound_log_at ON outbound_log(at);

CREATE INDEX outbound_log_remote ON outbound_log(remote, at);

CREATE INDEX problems_agent ON problems(agent, id);

CREATE UNIQUE INDEX raw_records_rkey ON raw_records(file_id, rkey) WHERE rkey IS NOT NULL;

CREATE INDEX session_activity_day_session ON session_activity_day(session_id);

CREATE INDEX session_activity_session ON session_activity(session_id);

CREATE INDEX session_meta_seq ON session_meta(seq);

CREATE INDEX sessions_agent_started ON sessions(agent, started_at);

CREATE INDEX sessions_seq ON sessions(seq);

CREATE INDEX sessions_started ON sessions(started_at);

CREATE INDEX sessions_workspace ON sessions(workspace);

CREATE INDEX tool_calls_message ON tool_calls(message_id);

CREATE INDEX tool_calls_seq ON tool_calls(seq);

CREATE INDEX tool_calls_session ON tool_calls(session_id);

CREATE INDEX tool_calls_time ON tool_calls(time);

CREATE INDEX usage_seq ON usage(seq);

CREATE INDEX usage_session ON usage(session_id);

CREATE INDEX usage_time ON usage(time);

CREATE TRIGGER file_touches_delete AFTER DELETE ON tool_calls
BEGIN
  DELETE FROM file_touches WHERE tool_call_rowid = old.rowid;
 ;
END;

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

CREATE TRIGGER messages_rollup_delete AFTER DELETE ON messages WHEN OLD.rowid <= coalesce((SELECT messages_from FROM rollup_deferred), 9223372036854775807)
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce(OLD.model, ''), 0, -(1), -(0), -(0), -(0), -(0), -(0), -(0) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time) / 900, -1), OLD.session_id, coalesce(OLD.model, ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity WHERE bucket = coalesce(unixepoch(OLD.time) / 900, -1) AND session_id = OLD.session_id AND model = coalesce(OLD.model, '') AND n <= 0;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce(OLD.model, ''), 0, -(1), -(0), -(0), -(0), -(0), -(0), -(0) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), OLD.session_id, coalesce(OLD.model, ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity_day WHERE day = coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1) AND session_id = OLD.session_id AND model = coalesce(OLD.model, '') AND n <= 0;
 ;
END;

CREATE TRIGGER messages_rollup_insert AFTER INSERT ON messages WHEN NEW.rowid <= coalesce((SELECT messages_from FROM rollup_deferred), 9223372036854775807)
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce(NEW.model, ''), 0, 1, 0, 0, 0, 0, 0, 0 FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time) / 900, -1), NEW.session_id, coalesce(NEW.model, ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce(NEW.model, ''), 0, 1, 0, 0, 0, 0, 0, 0 FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), NEW.session_id, coalesce(NEW.model, ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
 ;
END;

CREATE TRIGGER messages_rollup_update AFTER UPDATE OF session_id, time, model ON messages WHEN (OLD.session_id IS NOT NEW.session_id OR OLD.time IS NOT NEW.time OR OLD.model IS NOT NEW.model) AND NEW.rowid <= coalesce((SELECT messages_from FROM rollup_deferred), 9223372036854775807)
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce(OLD.model, ''), 0, -(1), -(0), -(0), -(0), -(0), -(0), -(0) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time) / 900, -1), OLD.session_id, coalesce(OLD.model, ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity WHERE bucket = coalesce(unixepoch(OLD.time) / 900, -1) AND session_id = OLD.session_id AND model = coalesce(OLD.model, '') AND n <= 0;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce(OLD.model, ''), 0, -(1), -(0), -(0), -(0), -(0), -(0), -(0) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), OLD.session_id, coalesce(OLD.model, ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity_day WHERE day = coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1) AND session_id = OLD.session_id AND model = coalesce(OLD.model, '') AND n <= 0;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce(NEW.model, ''), 0, 1, 0, 0, 0, 0, 0, 0 FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time) / 900, -1), NEW.session_id, coalesce(NEW.model, ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce(NEW.model, ''), 0, 1, 0, 0, 0, 0, 0, 0 FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), NEW.session_id, coalesce(NEW.model, ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
 ;
END;

CREATE TRIGGER sessions_rollup_delete BEFORE DELETE ON sessions
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time) / 900, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce(x.model, ''), (x.input + x.cache_read + x.cache_creation) > 200000, -sum(0), -sum(0), -sum(x.input), -sum(x.output), -sum(x.cache_read), -sum(x.cache_creation), -sum(x.reasoning) FROM usage x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = OLD.id AND x.rowid <= coalesce((SELECT usage_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time) / 900, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce(x.model, ''), 0, -sum(1), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0) FROM messages x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = OLD.id AND x.rowid <= coalesce((SELECT messages_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time) / 900, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = x.message_id), ''), 0, -sum(0), -sum(1), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0) FROM tool_calls x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = OLD.id AND x.rowid <= coalesce((SELECT tool_calls_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time, 'localtime') / 86400, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce(x.model, ''), (x.input + x.cache_read + x.cache_creation) > 200000, -sum(0), -sum(0), -sum(x.input), -sum(x.output), -sum(x.cache_read), -sum(x.cache_creation), -sum(x.reasoning) FROM usage x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = OLD.id AND x.rowid <= coalesce((SELECT usage_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time, 'localtime') / 86400, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce(x.model, ''), 0, -sum(1), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0) FROM messages x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = OLD.id AND x.rowid <= coalesce((SELECT messages_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time, 'localtime') / 86400, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = x.message_id), ''), 0, -sum(0), -sum(1), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0) FROM tool_calls x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = OLD.id AND x.rowid <= coalesce((SELECT tool_calls_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  DELETE FROM session_activity WHERE session_id = OLD.id;
  DELETE FROM session_activity_day WHERE session_id = OLD.id;
 ;
END;

CREATE TRIGGER sessions_rollup_move AFTER UPDATE OF agent, workspace ON sessions WHEN OLD.agent IS NOT NEW.agent OR OLD.workspace IS NOT NEW.workspace
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time) / 900, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce(x.model, ''), (x.input + x.cache_read + x.cache_creation) > 200000, -sum(0), -sum(0), -sum(x.input), -sum(x.output), -sum(x.cache_read), -sum(x.cache_creation), -sum(x.reasoning) FROM usage x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT usage_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time) / 900, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce(x.model, ''), 0, -sum(1), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0) FROM messages x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT messages_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time) / 900, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = x.message_id), ''), 0, -sum(0), -sum(1), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0) FROM tool_calls x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT tool_calls_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time, 'localtime') / 86400, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce(x.model, ''), (x.input + x.cache_read + x.cache_creation) > 200000, -sum(0), -sum(0), -sum(x.input), -sum(x.output), -sum(x.cache_read), -sum(x.cache_creation), -sum(x.reasoning) FROM usage x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT usage_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time, 'localtime') / 86400, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce(x.model, ''), 0, -sum(1), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0) FROM messages x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT messages_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time, 'localtime') / 86400, -1), OLD.agent, coalesce(OLD.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = x.message_id), ''), 0, -sum(0), -sum(1), -sum(0), -sum(0), -sum(0), -sum(0), -sum(0) FROM tool_calls x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT tool_calls_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time) / 900, -1), NEW.agent, coalesce(NEW.workspace, ''), coalesce(x.model, ''), (x.input + x.cache_read + x.cache_creation) > 200000, sum(0), sum(0), sum(x.input), sum(x.output), sum(x.cache_read), sum(x.cache_creation), sum(x.reasoning) FROM usage x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT usage_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time) / 900, -1), NEW.agent, coalesce(NEW.workspace, ''), coalesce(x.model, ''), 0, sum(1), sum(0), sum(0), sum(0), sum(0), sum(0), sum(0) FROM messages x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT messages_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time) / 900, -1), NEW.agent, coalesce(NEW.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = x.message_id), ''), 0, sum(0), sum(1), sum(0), sum(0), sum(0), sum(0), sum(0) FROM tool_calls x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT tool_calls_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time, 'localtime') / 86400, -1), NEW.agent, coalesce(NEW.workspace, ''), coalesce(x.model, ''), (x.input + x.cache_read + x.cache_creation) > 200000, sum(0), sum(0), sum(x.input), sum(x.output), sum(x.cache_read), sum(x.cache_creation), sum(x.reasoning) FROM usage x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT usage_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time, 'localtime') / 86400, -1), NEW.agent, coalesce(NEW.workspace, ''), coalesce(x.model, ''), 0, sum(1), sum(0), sum(0), sum(0), sum(0), sum(0), sum(0) FROM messages x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT messages_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(x.time, 'localtime') / 86400, -1), NEW.agent, coalesce(NEW.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = x.message_id), ''), 0, sum(0), sum(1), sum(0), sum(0), sum(0), sum(0), sum(0) FROM tool_calls x JOIN sessions s ON s.id = x.session_id WHERE x.session_id = NEW.id AND x.rowid <= coalesce((SELECT tool_calls_from FROM rollup_deferred), 9223372036854775807) GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
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

CREATE TRIGGER tool_calls_rollup_delete AFTER DELETE ON tool_calls WHEN OLD.rowid <= coalesce((SELECT tool_calls_from FROM rollup_deferred), 9223372036854775807)
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), ''), 0, -(0), -(1), -(0), -(0), -(0), -(0), -(0) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time) / 900, -1), OLD.session_id, coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity WHERE bucket = coalesce(unixepoch(OLD.time) / 900, -1) AND session_id = OLD.session_id AND model = coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), '') AND n <= 0;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), ''), 0, -(0), -(1), -(0), -(0), -(0), -(0), -(0) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), OLD.session_id, coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity_day WHERE day = coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1) AND session_id = OLD.session_id AND model = coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), '') AND n <= 0;
 ;
END;

CREATE TRIGGER tool_calls_rollup_insert AFTER INSERT ON tool_calls WHEN NEW.rowid <= coalesce((SELECT tool_calls_from FROM rollup_deferred), 9223372036854775807)
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = NEW.message_id), ''), 0, 0, 1, 0, 0, 0, 0, 0 FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time) / 900, -1), NEW.session_id, coalesce((SELECT m.model FROM messages m WHERE m.id = NEW.message_id), ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = NEW.message_id), ''), 0, 0, 1, 0, 0, 0, 0, 0 FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), NEW.session_id, coalesce((SELECT m.model FROM messages m WHERE m.id = NEW.message_id), ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
 ;
END;

CREATE TRIGGER tool_calls_rollup_update AFTER UPDATE OF session_id, time, message_id ON tool_calls WHEN (OLD.session_id IS NOT NEW.session_id OR OLD.time IS NOT NEW.time OR OLD.message_id IS NOT NEW.message_id) AND NEW.rowid <= coalesce((SELECT tool_calls_from FROM rollup_deferred), 9223372036854775807)
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), ''), 0, -(0), -(1), -(0), -(0), -(0), -(0), -(0) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time) / 900, -1), OLD.session_id, coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity WHERE bucket = coalesce(unixepoch(OLD.time) / 900, -1) AND session_id = OLD.session_id AND model = coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), '') AND n <= 0;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), ''), 0, -(0), -(1), -(0), -(0), -(0), -(0), -(0) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), OLD.session_id, coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity_day WHERE day = coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1) AND session_id = OLD.session_id AND model = coalesce((SELECT m.model FROM messages m WHERE m.id = OLD.message_id), '') AND n <= 0;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = NEW.message_id), ''), 0, 0, 1, 0, 0, 0, 0, 0 FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time) / 900, -1), NEW.session_id, coalesce((SELECT m.model FROM messages m WHERE m.id = NEW.message_id), ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce((SELECT m.model FROM messages m WHERE m.id = NEW.message_id), ''), 0, 0, 1, 0, 0, 0, 0, 0 FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), NEW.session_id, coalesce((SELECT m.model FROM messages m WHERE m.id = NEW.message_id), ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
 ;
END;

CREATE TRIGGER usage_rollup_delete AFTER DELETE ON usage WHEN OLD.rowid <= coalesce((SELECT usage_from FROM rollup_deferred), 9223372036854775807)
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce(OLD.model, ''), (OLD.input + OLD.cache_read + OLD.cache_creation) > 200000, -(0), -(0), -(OLD.input), -(OLD.output), -(OLD.cache_read), -(OLD.cache_creation), -(OLD.reasoning) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time) / 900, -1), OLD.session_id, coalesce(OLD.model, ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity WHERE bucket = coalesce(unixepoch(OLD.time) / 900, -1) AND session_id = OLD.session_id AND model = coalesce(OLD.model, '') AND n <= 0;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce(OLD.model, ''), (OLD.input + OLD.cache_read + OLD.cache_creation) > 200000, -(0), -(0), -(OLD.input), -(OLD.output), -(OLD.cache_read), -(OLD.cache_creation), -(OLD.reasoning) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), OLD.session_id, coalesce(OLD.model, ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity_day WHERE day = coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1) AND session_id = OLD.session_id AND model = coalesce(OLD.model, '') AND n <= 0;
 ;
END;

CREATE TRIGGER usage_rollup_insert AFTER INSERT ON usage WHEN NEW.rowid <= coalesce((SELECT usage_from FROM rollup_deferred), 9223372036854775807)
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce(NEW.model, ''), (NEW.input + NEW.cache_read + NEW.cache_creation) > 200000, 0, 0, NEW.input, NEW.output, NEW.cache_read, NEW.cache_creation, NEW.reasoning FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time) / 900, -1), NEW.session_id, coalesce(NEW.model, ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce(NEW.model, ''), (NEW.input + NEW.cache_read + NEW.cache_creation) > 200000, 0, 0, NEW.input, NEW.output, NEW.cache_read, NEW.cache_creation, NEW.reasoning FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), NEW.session_id, coalesce(NEW.model, ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
 ;
END;

CREATE TRIGGER usage_rollup_update AFTER UPDATE OF session_id, time, model, input, output, cache_read, cache_creation, reasoning ON usage WHEN (OLD.session_id IS NOT NEW.session_id OR OLD.time IS NOT NEW.time OR OLD.model IS NOT NEW.model OR OLD.input IS NOT NEW.input OR OLD.output IS NOT NEW.output OR OLD.cache_read IS NOT NEW.cache_read OR OLD.cache_creation IS NOT NEW.cache_creation OR OLD.reasoning IS NOT NEW.reasoning) AND NEW.rowid <= coalesce((SELECT usage_from FROM rollup_deferred), 9223372036854775807)
BEGIN
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce(OLD.model, ''), (OLD.input + OLD.cache_read + OLD.cache_creation) > 200000, -(0), -(0), -(OLD.input), -(OLD.output), -(OLD.cache_read), -(OLD.cache_creation), -(OLD.reasoning) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time) / 900, -1), OLD.session_id, coalesce(OLD.model, ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity WHERE bucket = coalesce(unixepoch(OLD.time) / 900, -1) AND session_id = OLD.session_id AND model = coalesce(OLD.model, '') AND n <= 0;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce(OLD.model, ''), (OLD.input + OLD.cache_read + OLD.cache_creation) > 200000, -(0), -(0), -(OLD.input), -(OLD.output), -(OLD.cache_read), -(OLD.cache_creation), -(OLD.reasoning) FROM sessions s WHERE s.id = OLD.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1), OLD.session_id, coalesce(OLD.model, ''), -1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM session_activity_day WHERE day = coalesce(unixepoch(OLD.time, 'localtime') / 86400, -1) AND session_id = OLD.session_id AND model = coalesce(OLD.model, '') AND n <= 0;
  INSERT INTO stats_rollup(bucket, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time) / 900, -1), s.agent, coalesce(s.workspace, ''), coalesce(NEW.model, ''), (NEW.input + NEW.cache_read + NEW.cache_creation) > 200000, 0, 0, NEW.input, NEW.output, NEW.cache_read, NEW.cache_creation, NEW.reasoning FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity(bucket, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time) / 900, -1), NEW.session_id, coalesce(NEW.model, ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_rollup_day(day, agent, workspace, model, long, messages, tool_calls, input, output, cache_read, cache_creation, reasoning) SELECT coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), s.agent, coalesce(s.workspace, ''), coalesce(NEW.model, ''), (NEW.input + NEW.cache_read + NEW.cache_creation) > 200000, 0, 0, NEW.input, NEW.output, NEW.cache_read, NEW.cache_creation, NEW.reasoning FROM sessions s WHERE s.id = NEW.session_id ON CONFLICT DO UPDATE SET messages = messages + excluded.messages, tool_calls = tool_calls + excluded.tool_calls, input = input + excluded.input, output = output + excluded.output, cache_read = cache_read + excluded.cache_read, cache_creation = cache_creation + excluded.cache_creation, reasoning = reasoning + excluded.reasoning;
  INSERT INTO session_activity_day(day, session_id, model, n) VALUES (coalesce(unixepoch(NEW.time, 'localtime') / 86400, -1), NEW.session_id, coalesce(NEW.model, ''), 1) ON CONFLICT DO UPDATE SET n = n + excluded.n;
 ;
END;
