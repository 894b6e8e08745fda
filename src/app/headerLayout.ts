/**
 * One line or two rows for the header. CSS cannot ask "do the parts fit": English tab names need
 * about 1,470 px beside the brand and the status, Chinese ones about 1,100, and the test-models
 * badge adds more. So the header measures its parts and, when they do not fit on one line, puts
 * the brand and the status on the first row and the tabs on a row of their own (which scrolls
 * sideways when even a whole row is too narrow, as on a phone), instead of letting flex-wrap drop
 * whichever part overflows onto a line of its own.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

export type HeaderLayout = 'one-line' | 'two-rows';

/** The header's content width and its parts' own widths, in CSS pixels. */
export interface HeaderWidths {
  available: number;
  /** The gap between the brand, the tabs and the status. */
  gap: number;
  brand: number;
  tabs: readonly number[];
  tabGap: number;
  status: number;
}

/** Half a pixel of slack: widths are fractional and a sum of roundings must not flip the layout. */
const SLACK_PX = 0.5;

export function headerLayout(widths: HeaderWidths): HeaderLayout {
  const tabs = widths.tabs.reduce((sum, width) => sum + width, 0) + widths.tabGap * Math.max(0, widths.tabs.length - 1);
  const oneLine = widths.brand + widths.gap + tabs + widths.gap + widths.status;
  return oneLine <= widths.available + SLACK_PX ? 'one-line' : 'two-rows';
}

function measure(header: HTMLElement): HeaderWidths {
  const style = getComputedStyle(header);
  const width = (selector: string) => header.querySelector(selector)?.getBoundingClientRect().width ?? 0;
  const tabStrip = header.querySelector('.tabs');
  return {
    available: header.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
    gap: parseFloat(style.columnGap) || 0,
    brand: width('.brand'),
    tabs: [...header.querySelectorAll('.tab')].map((tab) => tab.getBoundingClientRect().width),
    tabGap: tabStrip ? parseFloat(getComputedStyle(tabStrip).columnGap) || 0 : 0,
    status: width('.header-status'),
  };
}

/**
 * The layout that fits `header` now, measured before the browser paints and again whenever the
 * window or a part changes size (another language, a badge appearing).
 */
export function useHeaderLayout(header: RefObject<HTMLElement | null>): HeaderLayout {
  const [layout, setLayout] = useState<HeaderLayout>('one-line');
  useLayoutEffect(() => {
    const element = header.current;
    if (!element) return undefined;
    const update = () => setLayout(headerLayout(measure(element)));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    for (const part of element.querySelectorAll('.brand, .tab, .header-status')) observer.observe(part);
    return () => observer.disconnect();
  }, [header]);
  return layout;
}
