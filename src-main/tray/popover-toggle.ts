/**
 * Click-to-toggle for a popover that hides itself on blur. Clicking the tray icon while the
 * popover is open first blurs it (it hides), then delivers the click: without this, that click
 * would show it again at once. A click right after a blur-hide is the user closing it.
 */
export class PopoverToggle {
  private hiddenByBlurAt = -Infinity;

  constructor(
    private readonly now: () => number = Date.now,
    /** Blur and click of the same mouse press arrive within this many ms. */
    private readonly sameClickMs = 300,
  ) {}

  /** The popover hid itself because it lost focus. */
  blurred(): void {
    this.hiddenByBlurAt = this.now();
  }

  /** The tray icon was clicked: should the popover be shown (true) or closed (false)? */
  shouldShow(visible: boolean): boolean {
    if (visible) return false;
    const justClosedByThisClick = this.now() - this.hiddenByBlurAt < this.sameClickMs;
    this.hiddenByBlurAt = -Infinity;
    return !justClosedByThisClick;
  }
}
