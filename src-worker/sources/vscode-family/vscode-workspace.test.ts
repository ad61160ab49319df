import { describe, expect, it } from 'vitest';
import { workspaceFromJson, workspaceFromUri } from './vscode-workspace.js';

describe('workspace.json mapping', () => {
  it('turns folder URIs into paths', () => {
    expect(workspaceFromJson({ folder: 'file:///Users/me/my%20proj' })).toBe('/Users/me/my proj');
    expect(workspaceFromJson({ folder: 'file:///c%3A/Users/me/proj' })).toBe('c:\\Users\\me\\proj');
    expect(workspaceFromUri('file://server/share/proj')).toBe('\\\\server\\share\\proj');
  });

  it('uses the .code-workspace file for multi-root workspaces', () => {
    expect(workspaceFromJson({ workspace: 'file:///home/me/all.code-workspace' })).toBe('/home/me/all.code-workspace');
  });

  it('keeps remote URIs as they are', () => {
    const remote = 'vscode-remote://ssh-remote%2Bbox/home/me/proj';
    expect(workspaceFromJson({ folder: remote })).toBe(remote);
  });

  it('tolerates junk', () => {
    expect(workspaceFromJson(null)).toBeUndefined();
    expect(workspaceFromJson({})).toBeUndefined();
    expect(workspaceFromUri('file://%zz')).toBe('file://%zz');
  });
});
