/**
 * Content hashes for knowledge-base passages, so only changed passages are re-embedded when a
 * document is re-imported. FNV-1a 64 is synchronous (no crypto.subtle round trip per passage),
 * fast on thousands of passages and stable across browsers and Node; it is not a security hash,
 * which is fine for detecting edits to the user's own text.
 */
import { WorkbenchError } from '../core';

const encoder = new TextEncoder();

/** FNV-1a 64 of the UTF-8 bytes of `text`, as 16 lowercase hex digits. */
export function contentHash(text: string): string {
  // 64-bit arithmetic in two 32-bit halves: the FNV prime is 2^40 + 0x1b3, so
  // h * prime = h * 0x1b3 + (h << 40), and of (h << 40) only lo << 8 lands in the high half.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of encoder.encode(text)) {
    lo = (lo ^ byte) >>> 0; // ^ gives a signed int32; keep lo unsigned for the multiply
    const low = lo * 0x1b3; // < 2^41, exact in a double
    const carry = Math.floor(low / 0x1_0000_0000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

export interface StoredPassage {
  id: string;
  hash: string;
}

export interface PassageDiff<P extends StoredPassage> {
  /** New or edited passages: embed these. */
  toEmbed: P[];
  /** Passages whose text was embedded before: copy the vector stored under `reuseFrom`. */
  unchanged: Array<{ passage: P; reuseFrom: string }>;
  /** Old ids that no longer exist: delete their vectors (after copying the reused ones). */
  removed: string[];
}

/**
 * What to (re-)embed after a re-import. Vectors are reused by content, not only by id: inserting a
 * paragraph shifts the ids of every passage after it, but their text, and so their vectors, are
 * the same. The caller should read every `reuseFrom` vector before deleting `removed` ones.
 */
export function diffPassages<P extends StoredPassage>(oldPassages: readonly StoredPassage[], newPassages: readonly P[]): PassageDiff<P> {
  const oldById = new Map(oldPassages.map((p) => [p.id, p.hash]));
  const oldIdByHash = new Map<string, string>();
  for (const p of oldPassages) if (!oldIdByHash.has(p.hash)) oldIdByHash.set(p.hash, p.id);

  const newIds = new Set<string>();
  const toEmbed: P[] = [];
  const unchanged: Array<{ passage: P; reuseFrom: string }> = [];
  for (const passage of newPassages) {
    if (newIds.has(passage.id)) throw new WorkbenchError('bad-input', `Passage id "${passage.id}" appears twice.`);
    newIds.add(passage.id);
    if (oldById.get(passage.id) === passage.hash) {
      unchanged.push({ passage, reuseFrom: passage.id });
      continue;
    }
    const moved = oldIdByHash.get(passage.hash);
    if (moved !== undefined) unchanged.push({ passage, reuseFrom: moved });
    else toEmbed.push(passage);
  }
  const removed = [...oldById.keys()].filter((id) => !newIds.has(id));
  return { toEmbed, unchanged, removed };
}
