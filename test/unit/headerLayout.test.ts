/** The header's choice between one line and two rows (src/app/headerLayout.ts). */
import { describe, expect, it } from 'vitest';
import { headerLayout, type HeaderWidths } from '../../src/app/headerLayout';

// Widths read off the built app in Chromium (fixtures preset: the status holds the test-models badge).
const englishTabs = [84, 91, 91, 103, 107, 66, 62, 57, 81, 87]; // 829 px + 9 gaps of 4
const chineseTabs = [58, 58, 58, 58, 58, 58, 58, 58, 58, 58];
const parts = (available: number, tabs: number[], status: number): HeaderWidths => ({ available, gap: 20, brand: 207, tabs, tabGap: 4, status });

describe('the header layout', () => {
  it('is one line when brand, tabs and status fit side by side', () => {
    // 207 + 20 + 865 + 20 + 243 = 1,355
    expect(headerLayout(parts(1355, englishTabs, 243))).toBe('one-line');
    expect(headerLayout(parts(1232, chineseTabs, 362))).toBe('one-line');
  });

  it('is two rows when they do not, rather than letting one part wrap on its own', () => {
    expect(headerLayout(parts(1354, englishTabs, 243))).toBe('two-rows');
    expect(headerLayout(parts(1232, englishTabs, 362))).toBe('two-rows'); // English at 1280 px
    expect(headerLayout(parts(342, chineseTabs, 200))).toBe('two-rows'); // a phone
  });

  it('does not flip on a fraction of a pixel from rounding', () => {
    expect(headerLayout(parts(1354.6, englishTabs, 243))).toBe('one-line');
    expect(headerLayout(parts(1354.4, englishTabs, 243))).toBe('two-rows');
  });
});
