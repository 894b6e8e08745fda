/**
 * How the e2e tests and the browser benchmark launch Chromium. One place, so both measure the
 * same browser the same way.
 *
 * Playwright's own browser download does not work here: we always use the system Chromium
 * (`scripts/ensure-chromium.sh` installs it with apt-get).
 */
import type { LaunchOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for every launch. */
export const BASE_FLAGS: readonly string[] = [
  // CI runs as root, where Chromium refuses to start with its sandbox.
  '--no-sandbox',
  // The network is closed: without these Chromium keeps retrying Google services (updates,
  // sync, field trials, QUIC probes), flooding logs and wasting the 2 CPUs.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * WebGPU in headless Chromium 156 here. Measured: with this one flag
 * `navigator.gpu.requestAdapter()` returns the SwiftShader adapter (vendor "google",
 * architecture "swiftshader") in pages and workers served from http://127.0.0.1, and compute
 * shaders run. Without it the adapter is null. `--enable-features=Vulkan` and
 * `--use-angle=swiftshader` changed nothing (the latter only added ~0.6 s to startup).
 */
export const WEBGPU_FLAGS: readonly string[] = ['--enable-unsafe-webgpu'];

export interface ChromiumOptions {
  webgpu?: boolean;
  /** Extra flags, e.g. for a one-off experiment. */
  args?: string[];
}

export function chromiumFlags({ webgpu = false, args = [] }: ChromiumOptions = {}): string[] {
  return [...BASE_FLAGS, ...(webgpu ? WEBGPU_FLAGS : []), ...args];
}

/** Options for `chromium.launch()` (playwright-core) or a Playwright project's `use.launchOptions`. */
export function chromiumLaunchOptions(options: ChromiumOptions = {}): LaunchOptions {
  return { executablePath: CHROMIUM_PATH, headless: true, args: chromiumFlags(options) };
}
