import type { ThreadPolicy } from '../core';

/** onnxruntime-web gains little past four threads, and each one holds a copy of its stack. */
const MAX_THREADS = 4;

/**
 * onnxruntime-web's thread count for a policy on this machine. Threads need SharedArrayBuffer,
 * which only a cross-origin isolated page has. With every core busy on inference the page's own
 * tasks wait for a core (a 40 ms task took 119 ms on 2 cores: bench realsize, insights), so
 * `auto` leaves one core free wherever that still leaves two threads.
 */
export function wasmThreadCount(policy: ThreadPolicy, cores: number, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated) return 1;
  const available = Math.max(1, Math.floor(cores) || 1);
  const leaveOne = policy === 'leave-a-core' || available > 2;
  return Math.max(1, Math.min(MAX_THREADS, leaveOne ? available - 1 : available));
}
