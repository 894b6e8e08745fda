/**
 * Which models stay loaded in the inference worker. Each loaded model holds its weights (and the
 * inference session's buffers, a multiple of them) in the page's memory, and five default-size
 * models together approach what a browser tab may use. So the client keeps the weights of the
 * loaded models under a budget, unloading the least recently used idle model first when a load
 * would pass it, and unloads a model nobody has used for a while. A model in use is never chosen;
 * an unloaded model loads again at its next call, as on first use.
 *
 * Pure bookkeeping (no timers, no worker): the client asks it what to unload and does it.
 */

export interface ResidencyOptions {
  /** Weight bytes the loaded models may hold together. */
  budgetBytes: number;
  /** A model unused this long is unloaded. */
  idleMs: number;
}

/** The defaults: all five default models (about 330 MB of q8 weights) fit; seven large ones do not. */
export const DEFAULT_RESIDENCY: ResidencyOptions = { budgetBytes: 640 * 1024 * 1024, idleMs: 15 * 60 * 1000 };

interface Resident {
  loaded: boolean;
  bytes: number;
  lastUsed: number;
  inUse: number;
}

export class ModelResidency {
  private readonly residents = new Map<string, Resident>();

  constructor(private options: ResidencyOptions = DEFAULT_RESIDENCY) {}

  /** New limits; they apply to the next load and the next expiry check. */
  setOptions(options: ResidencyOptions): void {
    this.options = options;
  }

  /** A model finished loading with `bytes` of weights. */
  loaded(modelId: string, bytes: number, now: number): void {
    const previous = this.residents.get(modelId);
    this.residents.set(modelId, { loaded: true, bytes: Math.max(0, bytes), lastUsed: now, inUse: previous?.inUse ?? 0 });
  }

  unloaded(modelId: string): void {
    const resident = this.residents.get(modelId);
    // A call still running keeps its count, so a reload during it is not treated as idle.
    if (resident && resident.inUse > 0) this.residents.set(modelId, { ...resident, loaded: false, bytes: 0 });
    else this.residents.delete(modelId);
  }

  clear(): void {
    this.residents.clear();
  }

  /** A call on the model starts; it is not unloaded until `release`. */
  use(modelId: string, now: number): void {
    const resident = this.residents.get(modelId) ?? { loaded: false, bytes: 0, lastUsed: now, inUse: 0 };
    this.residents.set(modelId, { ...resident, lastUsed: now, inUse: resident.inUse + 1 });
  }

  release(modelId: string, now: number): void {
    const resident = this.residents.get(modelId);
    if (!resident) return;
    this.residents.set(modelId, { ...resident, lastUsed: now, inUse: Math.max(0, resident.inUse - 1) });
  }

  /** Weight bytes of the loaded models. */
  totalBytes(): number {
    let total = 0;
    for (const resident of this.residents.values()) total += resident.bytes;
    return total;
  }

  /**
   * The idle models to unload, least recently used first, so that `incomingBytes` more fit the
   * budget. When the models in use alone pass it, the load goes ahead anyway: refusing a call
   * would be worse than a tab that uses more memory for a while.
   */
  toMakeRoom(incomingId: string, incomingBytes: number): string[] {
    let total = this.totalBytes() - (this.residents.get(incomingId)?.bytes ?? 0) + incomingBytes;
    const unload: string[] = [];
    for (const [modelId, resident] of this.byLeastRecentUse()) {
      if (total <= this.options.budgetBytes) break;
      if (modelId === incomingId || resident.inUse > 0 || !resident.loaded) continue;
      unload.push(modelId);
      total -= resident.bytes;
    }
    return unload;
  }

  /** Idle models unused for `idleMs` or longer. */
  expired(now: number): string[] {
    return this.byLeastRecentUse()
      .filter(([, resident]) => resident.inUse === 0 && resident.loaded && now - resident.lastUsed >= this.options.idleMs)
      .map(([modelId]) => modelId);
  }

  /** When the next idle model expires, or null when none is loaded and idle. */
  nextExpiry(): number | null {
    let next: number | null = null;
    for (const resident of this.residents.values()) {
      if (resident.inUse > 0 || !resident.loaded) continue;
      const at = resident.lastUsed + this.options.idleMs;
      next = next === null ? at : Math.min(next, at);
    }
    return next;
  }

  private byLeastRecentUse(): Array<[string, Resident]> {
    return [...this.residents.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
  }
}
