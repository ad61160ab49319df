import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { geminiAdapter } from './index.js';

describe('geminiAdapter', () => {
  it('looks in ~/.gemini, and first in $GEMINI_CLI_HOME/.gemini when set', () => {
    expect(geminiAdapter.defaultRoots({ platform: 'linux', home: '/home/u', env: {} })).toEqual(['/home/u/.gemini']);
    expect(geminiAdapter.defaultRoots({ platform: 'linux', home: '/home/u', env: { GEMINI_CLI_HOME: '/profiles/work' } })).toEqual(['/profiles/work/.gemini', '/home/u/.gemini']);
    expect(geminiAdapter.defaultRoots({ platform: 'win32', home: 'C:\\Users\\u', env: { USERPROFILE: 'C:\\Users\\u' } })).toEqual([path.join('C:\\Users\\u', '.gemini')]);
  });

  it('reads legacy .json, current .jsonl and subagent .jsonl sessions as whole files', () => {
    const kind = (rel: string) => geminiAdapter.handlerFor(rel)?.kind;
    const project = 'tmp/9da8b3dfb8655182ac1f0e66601c367e34f8d18447a29759eeba4d7e45dc60ea';
    expect(kind(`${project}/chats/session-2026-03-27T10-19-8a20078e.json`)).toBe('whole');
    expect(kind(`${project}/chats/session-2026-04-23T12-52-0ab84937.jsonl`)).toBe('whole');
    expect(kind(`${project}/chats/0ab84937-9fe7-4284-986a-33c832af0b6a/7c9e6679-7425-40de-944b-e07fc1f90ae7.jsonl`)).toBe('whole');
    expect(kind(`${project}/logs.json`)).toBeUndefined();
    expect(kind(`${project}/checkpoint-mytag.json`)).toBeUndefined();
    expect(kind(`${project}/chats/notes.txt`)).toBeUndefined();
    expect(kind('settings.json')).toBeUndefined();
  });
});
