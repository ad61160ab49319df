import { describe, expect, it } from 'vitest';
import { popoverPosition, taskbarSide, type Rect } from './popover-position.js';

// A 1920x1080 screen; the taskbar takes 40 px on one side, so the work area is the rest.
const display: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
const size = { width: 360, height: 480 };
const inside = (p: { x: number; y: number }, area: Rect) =>
  p.x >= area.x && p.y >= area.y && p.x + size.width <= area.x + area.width && p.y + size.height <= area.y + area.height;

describe('popover placement', () => {
  it('opens above an icon on a bottom taskbar (Windows), centred on the icon', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const icon = { x: 1000, y: 1048, width: 24, height: 24 };
    expect(taskbarSide(icon, display, workArea)).toBe('bottom');
    const p = popoverPosition(icon, size, display, workArea);
    expect(p).toEqual({ x: 1012 - 180, y: 1040 - 480 });
    expect(inside(p, workArea)).toBe(true);
  });

  it('opens below an icon in a top menu bar (macOS, GNOME)', () => {
    const workArea = { x: 0, y: 25, width: 1920, height: 1055 };
    const icon = { x: 1500, y: 0, width: 22, height: 24 };
    const p = popoverPosition(icon, size, display, workArea);
    expect(p).toEqual({ x: 1511 - 180, y: 28 });
    expect(inside(p, workArea)).toBe(true);
  });

  it('opens to the right of an icon on a left taskbar, and to the left on a right one', () => {
    const left = { x: 48, y: 0, width: 1872, height: 1080 };
    const pl = popoverPosition({ x: 12, y: 900, width: 24, height: 24 }, size, display, left);
    // Beside the icon would be x 40, under the taskbar: the work area starts at 48.
    expect(pl).toEqual({ x: 48, y: 1080 - 480 });
    expect(inside(pl, left)).toBe(true);
    expect(pl.x).toBeGreaterThanOrEqual(48);

    const right = { x: 0, y: 0, width: 1872, height: 1080 };
    const pr = popoverPosition({ x: 1884, y: 500, width: 24, height: 24 }, size, display, right);
    // Right up against the taskbar's edge (1872), centred on the icon's height.
    expect(pr).toEqual({ x: 1872 - 360, y: 512 - 240 });
    expect(inside(pr, right)).toBe(true);
  });

  it('keeps the popover on screen for an icon at the very corner', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const p = popoverPosition({ x: 1900, y: 1050, width: 20, height: 20 }, size, display, workArea);
    expect(p).toEqual({ x: 1920 - 360, y: 1040 - 480 });
  });

  it('finds the side of an auto-hidden taskbar from the icon, on a second screen too', () => {
    const second: Rect = { x: 1920, y: 0, width: 2560, height: 1440 };
    expect(taskbarSide({ x: 4000, y: 1420, width: 20, height: 20 }, second, second)).toBe('bottom');
    expect(taskbarSide({ x: 1925, y: 700, width: 20, height: 20 }, second, second)).toBe('left');
    const p = popoverPosition({ x: 4000, y: 1420, width: 20, height: 20 }, size, second, second);
    expect(p).toEqual({ x: 4010 - 180, y: 1420 - 480 - 4 });
    expect(inside(p, second)).toBe(true);
  });
});
