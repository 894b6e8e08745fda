/**
 * The Summarize export's file name follows the text in the box (issue 15, point 9): after new
 * text is pasted over an imported file, the export is no longer named after that file.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { exportFileName, stillSameSource } from '../../../src/panels/summarize/exportSummary';
import { useSummarize } from '../../../src/panels/summarize/summarizeStore';

const IMPORTED = 'Customer: my order never arrived.\nAgent: sorry, let me check the tracking number for you.\nCustomer: thanks.';

const fileName = () => exportFileName(useSummarize.getState().sourceName ?? undefined, 'md');

beforeEach(() => useSummarize.getState().setInput(IMPORTED, 'support chat.jsonl'));

describe('the Summarize export name', () => {
  it('keeps the file name while the imported text is edited', () => {
    useSummarize.getState().setInput(`${IMPORTED}\nAgent: it ships tomorrow.`);
    expect(fileName()).toBe('support-chat-summary.md');
    useSummarize.getState().setInput(useSummarize.getState().input.replace('never arrived', 'is late'));
    expect(fileName()).toBe('support-chat-summary.md');
  });

  it('drops the file name once other text is pasted over it', () => {
    useSummarize.getState().setInput('Release notes: the new dashboard loads twice as fast and exports PDF.');
    expect(useSummarize.getState().sourceName).toBeNull();
    expect(fileName()).toBe('summary.md');
  });

  it('drops it when the box is emptied, and a new import names it again', () => {
    useSummarize.getState().setInput('');
    expect(fileName()).toBe('summary.md');
    useSummarize.getState().setInput('Meeting notes', 'weekly sync.txt');
    expect(fileName()).toBe('weekly-sync-summary.md');
  });
});

describe('stillSameSource', () => {
  it('is an edit while half of the text stays in place at its start or end', () => {
    expect(stillSameSource('abcdefghij', 'abcdefghijXYZ')).toBe(true);
    expect(stillSameSource('abcdefghij', 'XYZfghij')).toBe(true);
    expect(stillSameSource('abcdefghij', 'something else entirely')).toBe(false);
    expect(stillSameSource('', 'new')).toBe(false);
  });
});
