export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the taskbar (and so the tray icon) is on its display. */
export type TaskbarSide = 'top' | 'bottom' | 'left' | 'right';

const GAP = 4;

/**
 * Which side the taskbar is on: the side where the work area leaves room on the display (the
 * taskbar's own space); with an auto-hidden taskbar, the display edge nearest to the icon.
 */
export function taskbarSide(icon: Rect, display: Rect, workArea: Rect): TaskbarSide {
  if (workArea.y > display.y) return 'top';
  if (workArea.y + workArea.height < display.y + display.height) return 'bottom';
  if (workArea.x > display.x) return 'left';
  if (workArea.x + workArea.width < display.x + display.width) return 'right';
  const cx = icon.x + icon.width / 2;
  const cy = icon.y + icon.height / 2;
  const distances: [TaskbarSide, number][] = [
    ['top', cy - display.y],
    ['bottom', display.y + display.height - cy],
    ['left', cx - display.x],
    ['right', display.x + display.width - cx],
  ];
  return distances.sort((a, b) => a[1] - b[1])[0]![0];
}

/**
 * The popover's top-left corner: next to the tray icon, on the side away from the taskbar,
 * centred on the icon and kept wholly inside the work area (so it is never cut off by a screen edge).
 */
export function popoverPosition(icon: Rect, size: { width: number; height: number }, display: Rect, workArea: Rect): { x: number; y: number } {
  const side = taskbarSide(icon, display, workArea);
  let x: number;
  let y: number;
  if (side === 'top' || side === 'bottom') {
    x = icon.x + icon.width / 2 - size.width / 2;
    y = side === 'top' ? icon.y + icon.height + GAP : icon.y - size.height - GAP;
  } else {
    y = icon.y + icon.height / 2 - size.height / 2;
    x = side === 'left' ? icon.x + icon.width + GAP : icon.x - size.width - GAP;
  }
  const clamp = (v: number, min: number, max: number) => Math.min(Math.max(v, min), Math.max(min, max));
  return {
    x: Math.round(clamp(x, workArea.x, workArea.x + workArea.width - size.width)),
    y: Math.round(clamp(y, workArea.y, workArea.y + workArea.height - size.height)),
  };
}
