import { describe, expect, it } from 'vitest';
import { patchTouches } from './apply-patch.js';
import { extractFileTouches } from './extract.js';
import { resolveTouchPath } from './touch-path.js';

const json = (v: unknown) => JSON.stringify(v);

describe('extractFileTouches: what each agent\'s tools did to which file', () => {
  it('reads Claude Code Read/Edit/MultiEdit/Write/NotebookEdit/LS/Grep inputs', () => {
    expect(extractFileTouches('Read', json({ file_path: '/w/a.ts' }))).toEqual([{ path: '/w/a.ts', action: 'read' }]);
    expect(extractFileTouches('Edit', json({ file_path: '/w/a.ts', old_string: 'x', new_string: 'y' }))).toEqual([{ path: '/w/a.ts', action: 'edit' }]);
    expect(extractFileTouches('MultiEdit', json({ file_path: '/w/b.md', edits: [] }))).toEqual([{ path: '/w/b.md', action: 'edit' }]);
    expect(extractFileTouches('Write', json({ file_path: '/w/new.go', content: 'package x' }))).toEqual([{ path: '/w/new.go', action: 'write' }]);
    expect(extractFileTouches('NotebookEdit', json({ notebook_path: '/w/n.ipynb', new_source: '' }))).toEqual([{ path: '/w/n.ipynb', action: 'edit' }]);
    expect(extractFileTouches('Grep', json({ pattern: 'x', path: '/w' }))).toEqual([{ path: '/w', action: 'search' }]);
  });

  it('finds the path of a Write whose input was cut to a string for its size', () => {
    const cut = JSON.stringify(`{"file_path":"/w/big.txt","content":"${'x'.repeat(100)}… [truncated 5 characters]`);
    expect(extractFileTouches('Write', cut)).toEqual([{ path: '/w/big.txt', action: 'write' }]);
  });

  it('reads Gemini CLI read_file/write_file/replace/read_many_files', () => {
    expect(extractFileTouches('replace', json({ file_path: '/p/index.ts', old_string: 'a', new_string: 'b' }))).toEqual([{ path: '/p/index.ts', action: 'edit' }]);
    expect(extractFileTouches('write_file', json({ file_path: '/p/README.md', content: '' }))).toEqual([{ path: '/p/README.md', action: 'write' }]);
    expect(extractFileTouches('read_many_files', json({ paths: ['a.ts', 'b.ts'] }))).toEqual([
      { path: 'a.ts', action: 'read' },
      { path: 'b.ts', action: 'read' },
    ]);
  });

  it('reads Codex apply_patch, also when run through the shell tool', () => {
    const patch = '*** Begin Patch\n*** Update File: src/main.rs\n@@\n-a\n+b\n*** Add File: src/new.rs\n+x\n*** Delete File: old.rs\n*** End Patch';
    const expected = [
      { path: 'src/main.rs', action: 'edit' },
      { path: 'src/new.rs', action: 'write' },
      { path: 'old.rs', action: 'delete' },
    ];
    expect(extractFileTouches('apply_patch', json({ patch }))).toEqual(expected);
    expect(extractFileTouches('apply_patch', json(patch))).toEqual(expected);
    expect(extractFileTouches('shell', json({ command: ['apply_patch', patch] }))).toEqual(expected);
    // Any other shell command names no file we could trust.
    expect(extractFileTouches('shell', json({ command: ['rm', '-rf', 'build'] }))).toEqual([]);
    expect(extractFileTouches('Bash', json({ command: 'sed -i s/a/b/ x.txt' }))).toEqual([]);
  });

  it('marks both sides of a patch that moves a file', () => {
    expect(patchTouches('*** Begin Patch\n*** Update File: a.ts\n*** Move to: b.ts\n@@\n-x\n+y\n*** End Patch')).toEqual([
      { path: 'a.ts', action: 'move' },
      { path: 'b.ts', action: 'move' },
    ]);
  });

  it('reads Copilot tools: camelCase filePath, the CLI editor command, a file:// link VS Code showed', () => {
    expect(extractFileTouches('copilot_replaceString', json({ filePath: '/r/x.rs', oldString: 'a', newString: 'b' }))).toEqual([{ path: '/r/x.rs', action: 'edit' }]);
    expect(extractFileTouches('str_replace_editor', json({ command: 'create', path: '/r/y.rs', file_text: '' }))).toEqual([{ path: '/r/y.rs', action: 'write' }]);
    expect(extractFileTouches('str_replace_editor', json({ command: 'view', path: '/r/y.rs' }))).toEqual([{ path: '/r/y.rs', action: 'read' }]);
    expect(extractFileTouches('copilot_readFile', json({ invocationMessage: 'Reading [](file:///Users/me/p/jokes.csv)' }))).toEqual([
      { path: 'file:///Users/me/p/jokes.csv', action: 'read' },
    ]);
  });

  it('reads Cursor composer tools: target_file, a listed folder, a deleted file', () => {
    expect(extractFileTouches('edit_file', json({ target_file: 'src/a.ts', instructions: 'x', code_edit: 'y' }))).toEqual([{ path: 'src/a.ts', action: 'edit' }]);
    expect(extractFileTouches('list_dir', json({ relative_workspace_path: 'src' }))).toEqual([{ path: 'src', action: 'read' }]);
    expect(extractFileTouches('delete_file', json({ target_file: 'old.ts' }))).toEqual([{ path: 'old.ts', action: 'delete' }]);
  });

  it('gives nothing for tools that touch no file and for unreadable input', () => {
    expect(extractFileTouches('TodoWrite', json({ todos: [] }))).toEqual([]);
    expect(extractFileTouches('WebFetch', json({ url: 'https://x' }))).toEqual([]);
    expect(extractFileTouches('Read', null)).toEqual([]);
    expect(extractFileTouches('Read', '{not json')).toEqual([]);
    expect(extractFileTouches('Edit', json({ file_path: 42 }))).toEqual([]);
  });
});

describe('resolveTouchPath', () => {
  it('joins a relative path to the workspace and keeps its relative form', () => {
    expect(resolveTouchPath('src/main.rs', '/home/me/app')).toEqual({ path: '/home/me/app/src/main.rs', relPath: 'src/main.rs' });
    expect(resolveTouchPath('./src//x.ts', '/home/me/app')).toEqual({ path: '/home/me/app/src/x.ts', relPath: 'src/x.ts' });
  });

  it('gives an absolute path inside the workspace its relative form too, and none outside it', () => {
    expect(resolveTouchPath('/home/me/app/lib/a.ts', '/home/me/app/')).toEqual({ path: '/home/me/app/lib/a.ts', relPath: 'lib/a.ts' });
    expect(resolveTouchPath('/etc/hosts', '/home/me/app')).toEqual({ path: '/etc/hosts', relPath: null });
    expect(resolveTouchPath('/home/me/application/x', '/home/me/app')).toEqual({ path: '/home/me/application/x', relPath: null });
  });

  it('handles Windows paths and file:// URIs whatever OS this runs on', () => {
    expect(resolveTouchPath('C:\\Users\\me\\app\\src\\a.ts', 'C:\\Users\\me\\app')).toEqual({ path: 'C:\\Users\\me\\app\\src\\a.ts', relPath: 'src/a.ts' });
    expect(resolveTouchPath('file:///Users/me/p/jokes.csv', '/Users/me/p')).toEqual({ path: '/Users/me/p/jokes.csv', relPath: 'jokes.csv' });
    expect(resolveTouchPath('file:///c%3A/Users/me/p/a.ts', null)).toEqual({ path: 'c:\\Users\\me\\p\\a.ts', relPath: null });
  });

  it('keeps a relative path as written when the workspace is unknown, and drops what is no path', () => {
    expect(resolveTouchPath('src/a.ts', null)).toEqual({ path: 'src/a.ts', relPath: 'src/a.ts' });
    expect(resolveTouchPath('../outside.ts', null)).toBeNull();
    expect(resolveTouchPath('', '/w')).toBeNull();
  });
});
