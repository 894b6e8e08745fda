/**
 * Folds transformers.js's per-file progress callbacks into one figure per model: bytes loaded
 * out of bytes expected, across all its files. Pure, so it is unit-tested in Node.
 */
import type { LoadProgress } from '../core';

interface ProgressInfo {
  status?: string;
  file?: string;
  loaded?: number;
  total?: number;
  /** On `progress_total`: every file transformers.js expects, with sizes known up front. */
  files?: Record<string, { loaded?: number; total?: number }>;
}

/** Progress messages cross a thread boundary; a few per second is smooth enough for a bar. */
const MIN_INTERVAL_MS = 100;

interface FileProgress {
  loaded: number;
  total: number;
  /**
   * The total is the file's real size: announced ahead of the bytes (Content-Length, or the
   * sizes listed up front), or the file is done. Without a Content-Length (a server that
   * compresses on the fly) transformers.js reports a total that grows with the bytes read, which
   * would make a file look finished after its first chunk.
   */
  sized: boolean;
  done: boolean;
}

export class LoadProgressTracker {
  private readonly files = new Map<string, FileProgress>();
  private lastEmitted = -Infinity;
  private phase: LoadProgress['phase'] = 'downloading';

  constructor(
    private readonly modelId: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records one callback; returns the combined progress when it is worth sending, else null. */
  update(raw: unknown): LoadProgress | null {
    if (typeof raw !== 'object' || raw === null) return null;
    const info = raw as ProgressInfo;
    const file = info.file;
    switch (info.status) {
      case 'initiate':
        if (file && !this.files.has(file)) this.files.set(file, { loaded: 0, total: 0, sized: false, done: false });
        // The tokenizer and config finish before the weights start: the download is not over.
        this.phase = 'downloading';
        return this.emit(true);
      case 'progress': {
        if (!file) return null;
        const loaded = finite(info.loaded);
        const total = finite(info.total);
        const known = this.files.get(file);
        this.files.set(file, { loaded, total, sized: (known?.sized ?? false) || total > loaded, done: known?.done ?? false });
        if (total === 0 || loaded < total) this.phase = 'downloading';
        return this.emit(false);
      }
      case 'progress_total':
        // Sizes of files not started yet: without them the total would grow file by file.
        for (const [name, entry] of Object.entries(info.files ?? {})) {
          const known = this.files.get(name);
          const total = Math.max(known?.total ?? 0, finite(entry.total));
          const loaded = Math.max(known?.loaded ?? 0, finite(entry.loaded));
          // These mirror the per-file reports: a total equal to the bytes read may be a growing one.
          this.files.set(name, {
            loaded,
            total,
            sized: (known?.sized ?? false) || total > loaded,
            done: known?.done ?? false,
          });
        }
        if ([...this.files.values()].some((entry) => !entry.done)) this.phase = 'downloading';
        return this.emit(false);
      case 'done': {
        if (!file) return null;
        const entry = this.files.get(file) ?? { loaded: 0, total: 0, sized: false, done: false };
        // Done, the bytes read are the size (a listed size can be the compressed one).
        entry.total = entry.sized ? Math.max(entry.total, entry.loaded) : entry.loaded;
        entry.loaded = entry.total;
        entry.sized = true;
        entry.done = true;
        this.files.set(file, entry);
        return this.emit(true);
      }
      case 'ready':
        return this.ready();
      default:
        return null;
    }
  }

  /** Files already whole on this device: nothing to download, what remains is the session. */
  stored(files: ReadonlyArray<{ file: string; bytes: number }>): LoadProgress {
    for (const { file, bytes } of files) this.files.set(file, { loaded: bytes, total: bytes, sized: true, done: true });
    return this.initializing();
  }

  /** Every file is in; what remains is building the inference session. */
  initializing(): LoadProgress {
    this.phase = 'initializing';
    return this.snapshot();
  }

  ready(): LoadProgress {
    this.phase = 'ready';
    return this.snapshot();
  }

  /**
   * The combined figure. While a file's size is unknown (started, no length yet), so is the
   * total (0): the sum of the sizes known so far would read "224 kB of 224 kB" for an 8 MB model
   * whose weights have not reported their length yet.
   */
  snapshot(): LoadProgress {
    let loadedBytes = 0;
    let totalBytes = 0;
    let sizesKnown = true;
    const files: LoadProgress['files'] = {};
    for (const [name, entry] of this.files) {
      loadedBytes += entry.loaded;
      totalBytes += Math.max(entry.total, entry.loaded);
      if (!entry.sized) sizesKnown = false;
      files[name] = { loaded: entry.loaded, total: entry.total };
    }
    return { modelId: this.modelId, phase: this.phase, loadedBytes, totalBytes: sizesKnown || this.phase !== 'downloading' ? totalBytes : 0, files };
  }

  private emit(force: boolean): LoadProgress | null {
    const now = this.now();
    if (!force && now - this.lastEmitted < MIN_INTERVAL_MS) return null;
    this.lastEmitted = now;
    const allDone = this.files.size > 0 && [...this.files.values()].every((f) => f.done);
    if (allDone && this.phase === 'downloading') this.phase = 'initializing';
    return this.snapshot();
  }
}

function finite(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
