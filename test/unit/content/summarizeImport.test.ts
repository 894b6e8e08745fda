import { describe, expect, it } from 'vitest';
import { csvColumnText, joinConversations, normalizeConversation, readImport, splitReferences } from '../../../src/panels/summarize/importText';
import { WorkbenchError } from '../../../src/core';

const TWEETSUMM_LINE = JSON.stringify({
  data_split: 'train',
  dialog_id: 'b065',
  text: '\tCustomer:\tMy watch stopped counting steps.\n\tAgent:\t@1 Have you tried restarting?\n',
  abstractive_summaries: ['Customer says the watch stopped counting steps.', 'Agent suggests a restart.'],
});

describe('readImport', () => {
  it('keeps text and Markdown as written, normalising line breaks and dropping a BOM', () => {
    expect(readImport('notes.txt', '\uFEFFLine one\r\nLine two')).toEqual({ kind: 'text', fileName: 'notes.txt', text: 'Line one\nLine two' });
    expect(readImport('README.md', '# Title\n\nBody').kind).toBe('text');
  });

  it('reads TweetSumm JSONL: speaker turns one per line, reference summaries kept', () => {
    const source = readImport('support.jsonl', `${TWEETSUMM_LINE}\n\n${TWEETSUMM_LINE}\n`);
    expect(source.kind).toBe('conversations');
    if (source.kind !== 'conversations') return;
    expect(source.conversations).toHaveLength(2);
    expect(source.conversations[0]).toEqual({
      id: 'b065',
      text: 'Customer: My watch stopped counting steps.\nAgent: @1 Have you tried restarting?',
      summaries: ['Customer says the watch stopped counting steps.', 'Agent suggests a restart.'],
    });
  });

  it('reads a JSON array or a single object with a text field', () => {
    const array = readImport('chats.json', JSON.stringify([{ text: 'Hello there' }, { text: '  ' }, { id: 7, text: 'Bye', summary: 'A goodbye' }]));
    expect(array.kind === 'conversations' && array.conversations).toEqual([
      { id: '1', text: 'Hello there', summaries: [] },
      { id: '7', text: 'Bye', summaries: ['A goodbye'] },
    ]);
    const single = readImport('one.json', JSON.stringify({ text: 'Only one' }));
    expect(single.kind === 'conversations' && single.conversations.length).toBe(1);
  });

  it('rejects broken JSON naming the line, and files without text records', () => {
    expect(() => readImport('bad.jsonl', `${TWEETSUMM_LINE}\n{oops`)).toThrow(/Line 2/);
    expect(() => readImport('empty.jsonl', '{"title":"x"}')).toThrow(WorkbenchError);
    expect(() => readImport('blank.txt', '  \n ')).toThrow(/empty/);
  });

  it('reads a CSV and suggests the column with the longest texts', () => {
    const source = readImport('reviews.csv', 'id,review,stars\n1,"Great app, love the new timeline view",5\n2,"Crashes on start",1\n');
    expect(source.kind).toBe('csv');
    if (source.kind !== 'csv') return;
    expect(source.columns).toEqual(['id', 'review', 'stars']);
    expect(source.suggestedColumn).toBe('review');
    expect(csvColumnText(source.rows, 'review')).toBe('Great app, love the new timeline view\n\nCrashes on start');
  });

  it('reads columns named __proto__, constructor and toString as ordinary columns (issue 11 point 3)', () => {
    const csv = '__proto__,constructor,toString,id\n"The longest texts of the file, by far",ctor one,ts one,1\n"Another long review text here",ctor two,,2\n';
    const source = readImport('odd.csv', csv);
    expect(source.kind).toBe('csv');
    if (source.kind !== 'csv') return;
    expect(source.columns).toEqual(['__proto__', 'constructor', 'toString', 'id']);
    expect(source.suggestedColumn).toBe('__proto__');
    expect(csvColumnText(source.rows, '__proto__')).toBe('The longest texts of the file, by far\n\nAnother long review text here');
    expect(csvColumnText(source.rows, 'constructor')).toBe('ctor one\n\nctor two');
    // The second row's toString cell is empty: an empty cell, not Object.prototype.toString.
    expect(csvColumnText(source.rows, 'toString')).toBe('ts one');
    expect(({} as Record<string, unknown>).id).toBeUndefined();
  });

  it('reads TSV by its extension', () => {
    const source = readImport('data.tsv', 'a\tb\nx y z\tshort\n');
    expect(source.kind === 'csv' && source.suggestedColumn).toBe('a');
  });
});

describe('conversation helpers', () => {
  it('normalises tabs and blank lines of a dialog', () => {
    expect(normalizeConversation('\tCustomer:\t  Hi\n\n\tAgent:\tHello  there\n')).toBe('Customer: Hi\nAgent: Hello there');
  });

  it('joins conversations with a paragraph break so chunking can cut between them', () => {
    expect(
      joinConversations([
        { id: '1', text: 'A: x', summaries: [] },
        { id: '2', text: 'B: y', summaries: [] },
      ]),
    ).toBe('A: x\n\nB: y');
  });

  it('splits references at blank lines only', () => {
    expect(splitReferences('First line\nstill first\n\n  \nSecond\n')).toEqual(['First line\nstill first', 'Second']);
    expect(splitReferences('   ')).toEqual([]);
  });
});
