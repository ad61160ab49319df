import { describe, expect, it } from 'vitest';
import { claudeCodeAdapter } from './index.js';

const linux = (env: NodeJS.ProcessEnv = {}) => claudeCodeAdapter.defaultRoots({ platform: 'linux', home: '/home/u', env });

describe('claude-code roots', () => {
  it('uses ~/.config/claude and ~/.claude by default', () => {
    expect(linux()).toEqual(['/home/u/.config/claude', '/home/u/.claude']);
    expect(claudeCodeAdapter.defaultRoots({ platform: 'darwin', home: '/Users/u', env: {} })).toEqual(['/Users/u/.config/claude', '/Users/u/.claude']);
  });

  it('honours XDG_CONFIG_HOME', () => {
    expect(linux({ XDG_CONFIG_HOME: '/xdg' })).toEqual(['/xdg/claude', '/home/u/.claude']);
  });

  it('uses only CLAUDE_CONFIG_DIR entries when set, turning projects folders into their config dir', () => {
    expect(linux({ CLAUDE_CONFIG_DIR: '/a/claude, /b/cfg/projects/ ,,/a/claude' })).toEqual(['/a/claude', '/b/cfg']);
  });

  it('uses %USERPROFILE%\\.claude on Windows', () => {
    const roots = claudeCodeAdapter.defaultRoots({ platform: 'win32', home: 'C:\\Users\\u', env: { USERPROFILE: 'D:\\Profiles\\u' } });
    expect(roots[0]).toBe('D:\\Profiles\\u\\.claude');
    expect(claudeCodeAdapter.defaultRoots({ platform: 'win32', home: 'C:\\Users\\u', env: { CLAUDE_CONFIG_DIR: 'E:\\cc\\projects' } })).toEqual(['E:\\cc']);
  });
});
