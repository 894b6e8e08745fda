/**
 * The themes card's count line (issue 15, point 6): "Chosen automatically: 5" stayed after two
 * themes were merged into 4. The line says the automatic choice only while the themes are it.
 */
import { describe, expect, it } from 'vitest';
import { themeCountNote } from '../../../../src/panels/insights/themes';

const clusters = (k: number) => ({ k }) as Parameters<typeof themeCountNote>[0]['clusters'];

describe('themeCountNote', () => {
  it('names the automatic choice while the themes are that choice', () => {
    expect(themeCountNote({ autoK: 5, clusters: clusters(5) })).toEqual({ kind: 'auto', count: 5 });
  });

  it('after a merge, gives the count now, with the automatic choice only as the reference', () => {
    expect(themeCountNote({ autoK: 5, clusters: clusters(4) })).toEqual({ kind: 'changed', count: 4, auto: 5 });
  });

  it('after a split or a chosen number, the same', () => {
    expect(themeCountNote({ autoK: 5, clusters: clusters(6) })).toEqual({ kind: 'changed', count: 6, auto: 5 });
  });
});
