/** Turns pasted text into classification items: one per line. */

export interface ParsedItems {
  /** Non-empty lines, trimmed, in order. */
  items: string[];
  /** Lines that were empty or only whitespace and were left out. */
  dropped: number;
}

/**
 * Splits on any line break (\n, \r\n, \r), trims each line and drops the empty ones, counting
 * them. A single line break at the very end ends the last line and is not an empty line of its
 * own, the way text editors count lines ("a\n" is one line; "a\n\n" is a line and an empty one).
 */
export function splitLines(text: string): ParsedItems {
  if (text === '') return { items: [], dropped: 0 };
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const items: string[] = [];
  let dropped = 0;
  for (const line of lines) {
    const item = line.trim();
    if (item) items.push(item);
    else dropped += 1;
  }
  return { items, dropped };
}
