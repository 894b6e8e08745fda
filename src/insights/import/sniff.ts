/**
 * Format detection from the file name and the first bytes. The extension is a hint; the
 * content decides when they disagree in a way we can recognise (an .xlsx renamed .csv, JSON
 * Lines saved as .json), because users rename files and tools pick odd extensions.
 */

export type ContainerKind = 'zip' | 'ole2' | 'pdf' | 'gzip' | 'image';

/** Recognises binary containers by their magic number. */
export function sniffContainer(bytes: Uint8Array): ContainerKind | null {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return 'zip';
  if (b(0) === 0xd0 && b(1) === 0xcf && b(2) === 0x11 && b(3) === 0xe0) return 'ole2';
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'pdf';
  if (b(0) === 0x1f && b(1) === 0x8b) return 'gzip';
  if ((b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) || (b(0) === 0xff && b(1) === 0xd8)) return 'image';
  return null;
}

/** Lower-case extension without the dot; '' when there is none. */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export const TEXT_EXTENSIONS = ['csv', 'tsv', 'tab', 'txt', 'json', 'jsonl', 'ndjson'] as const;
export const XLSX_EXTENSIONS = ['xlsx', 'xlsm'] as const;
export const SUPPORTED_EXTENSIONS = [...TEXT_EXTENSIONS, ...XLSX_EXTENSIONS];

export type TextShape = 'json' | 'jsonl' | 'other';

/**
 * JSON or JSON Lines by content. A first line that is a complete object followed by another
 * line starting with "{" is JSON Lines; anything else starting with "[" or "{" is JSON.
 */
export function sniffTextShape(text: string): TextShape {
  const start = text.search(/\S/);
  if (start === -1) return 'other';
  const first = text[start];
  if (first === '[') return 'json';
  if (first !== '{') return 'other';
  const lineEnd = text.indexOf('\n', start);
  if (lineEnd === -1) return 'json';
  const firstLine = text.slice(start, lineEnd).trim();
  const next = text.slice(lineEnd + 1).search(/\S/);
  const nextChar = next === -1 ? '' : text[lineEnd + 1 + next];
  return firstLine.endsWith('}') && nextChar === '{' ? 'jsonl' : 'json';
}
