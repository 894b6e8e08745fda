/**
 * Bringing what a user's action made appear into view: the action names the place it will fill
 * (`revealWhenShown('insights-mapping')`), and the component that shows it, once it has something
 * to show, scrolls its heading to the top of the view and gives it the keyboard focus. Focus on a
 * heading is what screen readers announce, and it keeps keyboard users from starting over at the
 * top of the page when the button they pressed disappears or is disabled.
 *
 * Only an action reveals: a panel opened, reloaded or refreshed by another tab stays where it is.
 */
import { useEffect, useRef, type RefObject } from 'react';

let pending: string | null = null;

/** Called by the action: the next time `target` shows something, it takes the view and the focus. */
export function revealWhenShown(target: string): void {
  pending = target;
}

/**
 * For the heading of `target` (give it tabIndex={-1}). `shown` is what is on display (a result, a
 * record id…): falsy while there is nothing, and each new value after an action reveals again.
 */
export function useReveal<T extends HTMLElement>(target: string, shown: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const element = ref.current;
    if (!shown || pending !== target || !element) return;
    pending = null;
    // In the next frame, not in the commit: scrolling forces a layout, and in the commit it
    // lengthened the click's task (Insights' Run: 13 of its 51 ms on a busy machine) while the
    // frame lays out anyway.
    requestAnimationFrame(() => {
      if (!element.isConnected) return;
      element.scrollIntoView({ block: 'start' });
      element.focus({ preventScroll: true });
    });
  }, [target, shown]);
  return ref;
}
