import { describe, expect, it } from 'vitest';
import { themeAttribute } from '../../stores/theme.js';
import { markdownFileName } from '../browser/markdown-actions.js';
import { EMPTY_FILTERS, toSessionFilter } from './session-filters.js';

describe('the UI turns what the user chose into what the engine is asked', () => {
  it('an empty form asks for everything; only set fields become filters', () => {
    expect(toSessionFilter(EMPTY_FILTERS)).toEqual({});
    expect(toSessionFilter({ agent: 'codex', workspace: ' ~/src ', since: '2026-11-01', until: '', model: ' ', file: 'src/a.ts', starred: true })).toEqual({
      agents: ['codex'],
      workspace: '~/src',
      since: '2026-11-01',
      file: 'src/a.ts',
      starred: true,
    });
  });

  it('leaves the theme to the OS unless the user chose one', () => {
    expect(themeAttribute('system')).toBeUndefined();
    expect(themeAttribute('light')).toBe('light');
    expect(themeAttribute('dark')).toBe('dark');
  });

  it('names Markdown downloads safely on every OS', () => {
    expect(markdownFileName({ agent: 'claude-code', nativeId: 'abc-1' })).toBe('claude-code-abc-1.md');
    expect(markdownFileName({ agent: 'cursor', nativeId: 'a/b:c*d' })).toBe('cursor-a_b_c_d.md');
  });
});
