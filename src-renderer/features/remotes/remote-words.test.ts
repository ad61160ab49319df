import { describe, expect, it } from 'vitest';
import { errorWords, folderPath, folderUrl, globList, remoteChipText } from './remote-words.js';

describe('remote words', () => {
  it('turns a typed folder into the file:/// URL a folder remote is, and back', () => {
    expect(folderUrl('/mnt/nas/devlog')).toBe('file:///mnt/nas/devlog');
    expect(folderUrl('  /Users/ada/Dropbox/dev log  ')).toBe('file:///Users/ada/Dropbox/dev%20log');
    expect(folderUrl('C:\\Users\\ada\\Dropbox')).toBe('file:///C:/Users/ada/Dropbox');
    expect(folderUrl('/srv/a#b?c')).toBe('file:///srv/a%23b%3Fc');
    for (const folder of ['/mnt/nas/devlog', '/Users/ada/Dropbox/dev log', 'C:/Users/ada/Dropbox', '/srv/a#b?c']) expect(folderPath(folderUrl(folder))).toBe(folder);
  });

  it('reads routing globs one per line or comma, ignoring blanks', () => {
    expect(globList('~/work/**\n\n  ~/oss/* , /srv/x\n')).toEqual(['~/work/**', '~/oss/*', '/srv/x']);
    expect(globList('   ')).toEqual([]);
  });

  it('says a remote state with what waits', () => {
    expect(remoteChipText({ state: 'synced', backlog: 0 })).toBe('Synced');
    expect(remoteChipText({ state: 'pending', backlog: 3 })).toBe('Waiting · 3 to send');
    expect(remoteChipText({ state: 'offline', backlog: 1 })).toBe('Offline · 1 to send');
    expect(remoteChipText({ state: 'error', backlog: 0 })).toBe('Error');
    expect(remoteChipText({ state: 'paused', backlog: 2 })).toBe('Paused · 2 to send');
  });

  it("drops the CLI's method prefix from an engine error", () => {
    expect(errorWords(new Error('remotes.add: field url: expected a devlog server'))).toBe('field url: expected a devlog server');
    expect(errorWords('plain')).toBe('plain');
  });
});
