export type PageId = 'activity' | 'browser' | 'stats' | 'remotes' | 'settings';

export interface NavItem {
  id: PageId;
  label: string;
  /** What the page is for, shown until the page has its content. */
  purpose: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'activity', label: 'Activity', purpose: 'What devlog is doing right now.' },
  { id: 'browser', label: 'Browser', purpose: 'Search every session across agents and read transcripts.' },
  { id: 'stats', label: 'Stats', purpose: 'Tokens and cost per day, agent, model and workspace.' },
  { id: 'remotes', label: 'Remotes', purpose: 'Where your sessions are exported: your other machines and your team.' },
  { id: 'settings', label: 'Settings', purpose: 'Sources, history, data folder and redaction.' },
];
