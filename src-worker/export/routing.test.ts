import { describe, expect, it } from 'vitest';
import { routingDigest, sessionMatchesRemote } from './routing.js';

const rules = (over: Partial<{ include: string[]; exclude: string[]; agents: ('claude-code' | 'codex' | 'gemini')[] }> = {}) => ({
  include: [],
  exclude: [],
  agents: [],
  ...over,
});
const HOME = '/home/ada';

describe('sessionMatchesRemote', () => {
  it('sends everything when a remote has no rules, also sessions without a workspace', () => {
    expect(sessionMatchesRemote({ workspace: '/srv/x', agent: 'codex' }, rules(), HOME)).toBe(true);
    expect(sessionMatchesRemote({ workspace: null, agent: 'codex' }, rules(), HOME)).toBe(true);
  });

  it('takes a session whose workspace is under an include glob, with ~ as home', () => {
    const work = rules({ include: ['~/work/**', '/srv/team'] });
    expect(sessionMatchesRemote({ workspace: '/home/ada/work/api', agent: 'codex' }, work, HOME)).toBe(true);
    expect(sessionMatchesRemote({ workspace: '/srv/team/web', agent: 'codex' }, work, HOME)).toBe(true);
    expect(sessionMatchesRemote({ workspace: '/home/ada/personal/blog', agent: 'codex' }, work, HOME)).toBe(false);
    expect(sessionMatchesRemote({ workspace: null, agent: 'codex' }, work, HOME)).toBe(false);
  });

  it('leaves out excluded workspaces even when included', () => {
    const r = rules({ include: ['~/work'], exclude: ['~/work/secret-*'] });
    expect(sessionMatchesRemote({ workspace: '/home/ada/work/app', agent: 'codex' }, r, HOME)).toBe(true);
    expect(sessionMatchesRemote({ workspace: '/home/ada/work/secret-hr', agent: 'codex' }, r, HOME)).toBe(false);
  });

  it('takes only the listed agents', () => {
    const r = rules({ agents: ['claude-code'] });
    expect(sessionMatchesRemote({ workspace: '/x', agent: 'claude-code' }, r, HOME)).toBe(true);
    expect(sessionMatchesRemote({ workspace: '/x', agent: 'codex' }, r, HOME)).toBe(false);
  });

  it('digests the rules regardless of their order', () => {
    expect(routingDigest(rules({ include: ['a', 'b'] }))).toBe(routingDigest(rules({ include: ['b', 'a'] })));
    expect(routingDigest(rules({ include: ['a'] }))).not.toBe(routingDigest(rules({ exclude: ['a'] })));
  });
});
