import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { anySignal, createModelFetch, isUnderLocalPath, modelIdFromUrl } from '../../src/workers/modelFetch';
import { WorkbenchError } from '../../src/core';

const LOCAL = '/models/';
const LOCAL_URL = '/models/Xenova/distilgpt2/onnx/model_quantized.onnx';
const REMOTE_URL = 'https://huggingface.co/Xenova/distilgpt2/resolve/main/onnx/model_quantized.onnx';
const SPA_PAGE = '<!doctype html><html><head><title>LLMaOS Workbench</title></head><body></body></html>';

function htmlResponse(status = 200): Response {
  return new Response(SPA_PAGE, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

function binaryResponse(): Response {
  return new Response(new Uint8Array([0x08, 0x07, 0x12, 0x00]), {
    headers: { 'content-type': 'application/octet-stream', 'content-length': '4' },
  });
}

/** A stand-in for fetch that answers every request with `make()` and records its calls. */
function fakeFetch(make: () => Response) {
  return vi.fn<typeof fetch>(async () => make());
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('web pages instead of model files', () => {
  it('turns the SPA fallback for a missing self-hosted file into a 404, so the Hub is tried', async () => {
    const modelFetch = createModelFetch({ baseFetch: fakeFetch(() => htmlResponse()), localModelPath: LOCAL });

    const response = await modelFetch(LOCAL_URL);
    expect(response.status).toBe(404);
    expect(response.ok).toBe(false);
    expect(await response.text()).toBe('');
  });

  it('passes a self-hosted binary file through untouched', async () => {
    const original = binaryResponse();
    const modelFetch = createModelFetch({ baseFetch: fakeFetch(() => original), localModelPath: LOCAL });

    const response = await modelFetch(LOCAL_URL);
    expect(response).toBe(original);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0x08, 0x07, 0x12, 0x00]));
  });

  it('throws load-failed naming the URL when the Hub download is a web page', async () => {
    const modelFetch = createModelFetch({ baseFetch: fakeFetch(() => htmlResponse()), localModelPath: LOCAL });

    const error = await modelFetch(REMOTE_URL).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'load-failed' });
    expect((error as Error).message).toContain(`Expected a model file from ${REMOTE_URL} but got a web page`);
    expect((error as WorkbenchError).detail).toContain('text/html');
  });

  it('leaves remote error statuses to transformers.js (a 404 page means "file does not exist")', async () => {
    const modelFetch = createModelFetch({ baseFetch: fakeFetch(() => htmlResponse(404)), localModelPath: LOCAL });
    expect((await modelFetch(REMOTE_URL)).status).toBe(404);
  });

  it('passes remote binary files and JSON through', async () => {
    const json = new Response('{"model_type":"gpt2"}', { headers: { 'content-type': 'application/json' } });
    const modelFetch = createModelFetch({ baseFetch: fakeFetch(() => json), localModelPath: LOCAL });
    expect(await (await modelFetch(REMOTE_URL.replace('onnx/model_quantized.onnx', 'config.json'))).json()).toEqual({
      model_type: 'gpt2',
    });
  });

  it('treats same-origin absolute URLs under the model path as self-hosted', async () => {
    vi.stubGlobal('location', { href: 'http://127.0.0.1:5173/workers/inference.js' });
    expect(isUnderLocalPath('http://127.0.0.1:5173/models/org/name/config.json', LOCAL)).toBe(true);
    expect(isUnderLocalPath('http://127.0.0.1:5173/assets/index.js', LOCAL)).toBe(false);
    expect(isUnderLocalPath('https://cdn.example/models/org/name/config.json', LOCAL)).toBe(false);

    const modelFetch = createModelFetch({ baseFetch: fakeFetch(() => htmlResponse()), localModelPath: LOCAL });
    expect((await modelFetch(new Request('http://127.0.0.1:5173/models/org/name/config.json'))).status).toBe(404);
  });

  it('cannot resolve relative URLs without a page, so only the literal prefix counts', () => {
    expect(isUnderLocalPath('/models/org/name/config.json', '/models')).toBe(true);
    expect(isUnderLocalPath('/modelsX/org/name/config.json', '/models')).toBe(false);
  });
});

describe('request pass-through', () => {
  it('forwards the init and adds the download signal of the model the URL belongs to', async () => {
    const baseFetch = fakeFetch(() => binaryResponse());
    const controller = new AbortController();
    const abortSignalFor = vi.fn((url: string) => (modelIdFromUrl(url, LOCAL) === 'Xenova/distilgpt2' ? controller.signal : undefined));
    const modelFetch = createModelFetch({ baseFetch, localModelPath: LOCAL, abortSignalFor });

    await modelFetch(REMOTE_URL, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });

    expect(abortSignalFor).toHaveBeenCalledWith(REMOTE_URL);
    const [input, init] = baseFetch.mock.calls[0] ?? [];
    expect(input).toBe(REMOTE_URL);
    expect(init).toMatchObject({ headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    expect(init?.signal).toBe(controller.signal);
  });

  it('adds no signal when nothing can abort the request, and always bypasses the HTTP cache', async () => {
    const baseFetch = fakeFetch(() => binaryResponse());
    await createModelFetch({ baseFetch, localModelPath: LOCAL, abortSignalFor: () => undefined })(LOCAL_URL);
    expect(baseFetch.mock.calls[0]?.[1]).toEqual({ cache: 'no-store' });
  });
});

describe('network failures', () => {
  /** A port nothing listens on: connecting fails below HTTP, as it does offline. */
  async function closedOrigin(): Promise<string> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return `http://127.0.0.1:${port}`;
  }

  it('types a remote request that fails below HTTP as load-failed with reason hub-unreachable', async () => {
    const remote = await closedOrigin();
    const modelFetch = createModelFetch({ baseFetch: fetch, localModelPath: LOCAL, remoteHost: `${remote}/` });
    const url = `${remote}/Xenova/distilgpt2/resolve/main/config.json`;

    const error = await modelFetch(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'load-failed', reason: 'hub-unreachable' });
    expect((error as WorkbenchError).detail).toContain(url);
    // The typed reason survives the worker boundary.
    expect(WorkbenchError.from((error as WorkbenchError).toJSON()).reason).toBe('hub-unreachable');
  });

  it('leaves a failing self-hosted request untyped (transformers.js then tries the Hub) and a cancel a cancel', async () => {
    const local = await closedOrigin();
    const failure = new TypeError('fetch failed');
    const modelFetch = createModelFetch({ baseFetch: vi.fn<typeof fetch>(async () => Promise.reject(failure)), localModelPath: `${local}/models/` });
    await expect(modelFetch(`${local}/models/org/name/config.json`)).rejects.toBe(failure);

    const abort = new DOMException('The operation was aborted.', 'AbortError');
    const aborting = createModelFetch({ baseFetch: vi.fn<typeof fetch>(async () => Promise.reject(abort)), localModelPath: LOCAL });
    await expect(aborting(REMOTE_URL)).rejects.toBe(abort);
  });

  it('does not type an HTTP error status as unreachable: the Hub answered', async () => {
    const modelFetch = createModelFetch({ baseFetch: fakeFetch(() => new Response('nope', { status: 503 })), localModelPath: LOCAL });
    expect((await modelFetch(REMOTE_URL)).status).toBe(503);
  });
});

describe('cancellation', () => {
  let server: Server;
  let origin: string;
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    // Answers headers never: a download in flight that only an abort can end.
    server = createServer((_request, response) => void held.push(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function slowModelFetch(signal: AbortSignal | undefined) {
    return createModelFetch({
      baseFetch: fetch,
      localModelPath: `${origin}/models/`,
      abortSignalFor: () => signal,
    });
  }

  it('rejects with AbortError when the model download is aborted', async () => {
    const controller = new AbortController();
    const pending = slowModelFetch(controller.signal)(`${origin}/models/org/name/onnx/model.onnx`);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('still honours the caller’s own signal alongside the model’s', async () => {
    const modelController = new AbortController();
    const callerController = new AbortController();
    const pending = slowModelFetch(modelController.signal)(`${origin}/models/org/name/config.json`, {
      signal: callerController.signal,
    });
    setTimeout(() => callerController.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(modelController.signal.aborted).toBe(false);
  });

  it('merges signals by hand where AbortSignal.any is missing', async () => {
    const original = Object.getOwnPropertyDescriptor(AbortSignal, 'any');
    Object.defineProperty(AbortSignal, 'any', { value: undefined, configurable: true, writable: true });
    try {
      const modelController = new AbortController();
      const pending = slowModelFetch(modelController.signal)(`${origin}/models/org/name/config.json`, {
        signal: new AbortController().signal,
      });
      setTimeout(() => modelController.abort(), 20);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      if (original) Object.defineProperty(AbortSignal, 'any', original);
    }
  });
});

describe('anySignal', () => {
  it('returns nothing for no signals and the signal itself for one', () => {
    const only = new AbortController().signal;
    expect(anySignal([undefined, null])).toBeUndefined();
    expect(anySignal([only, undefined, only])).toBe(only);
  });

  it.each([
    ['AbortSignal.any', false],
    ['the manual merge', true],
  ])('aborts with the reason of whichever input aborts first (%s)', (_label, manual) => {
    const original = Object.getOwnPropertyDescriptor(AbortSignal, 'any');
    if (manual) Object.defineProperty(AbortSignal, 'any', { value: undefined, configurable: true, writable: true });
    try {
      for (const which of [0, 1, 2]) {
        const controllers = [new AbortController(), new AbortController(), new AbortController()];
        const merged = anySignal(controllers.map((controller) => controller.signal));
        expect(merged?.aborted).toBe(false);
        controllers[which]?.abort(`cancelled by ${which}`);
        expect(merged?.aborted).toBe(true);
        expect(merged?.reason).toBe(`cancelled by ${which}`);
      }

      const already = new AbortController();
      already.abort('gone');
      expect(anySignal([new AbortController().signal, already.signal])?.reason).toBe('gone');
    } finally {
      if (original) Object.defineProperty(AbortSignal, 'any', original);
    }
  });
});

describe('modelIdFromUrl', () => {
  it('knows both URL shapes and nothing else', () => {
    expect(modelIdFromUrl(LOCAL_URL, LOCAL)).toBe('Xenova/distilgpt2');
    expect(modelIdFromUrl(REMOTE_URL, LOCAL)).toBe('Xenova/distilgpt2');
    expect(modelIdFromUrl('https://mirror.example/org/name/resolve/main/config.json', LOCAL, 'https://mirror.example')).toBe('org/name');
    expect(modelIdFromUrl('/ort/ort-wasm-simd-threaded.asyncify.wasm', LOCAL)).toBeNull();
  });
});

describe('imported (local/*) models never reach the Hub', () => {
  it.each([
    ['a config on the Hub', 'https://huggingface.co/local/my-folder/resolve/main/config.json', 'config.json'],
    ['weights on the Hub', 'https://huggingface.co/local/my-folder/resolve/main/onnx/model_quantized.onnx', 'onnx/model_quantized.onnx'],
    ['the Hub API', 'https://huggingface.co/api/models/local/my-folder/revision/main', null],
  ])('refuses %s without fetching, naming the model', async (_label, url, file) => {
    const base = fakeFetch(binaryResponse);
    const modelFetch = createModelFetch({ baseFetch: base, localModelPath: LOCAL });
    const error = await modelFetch(url).catch((caught: unknown) => caught);
    expect(base).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'model-not-found', message: expect.stringContaining('local/my-folder') });
    expect((error as Error).message).toMatch(/never downloaded/);
    if (file) expect((error as Error).message).toContain(`"${file}"`);
  });

  it('still fetches the self-hosted folder and Hub models', async () => {
    const base = fakeFetch(binaryResponse);
    const modelFetch = createModelFetch({ baseFetch: base, localModelPath: LOCAL });
    await modelFetch('/models/local/my-folder/config.json');
    await modelFetch(REMOTE_URL);
    expect(base).toHaveBeenCalledTimes(2);
  });
});
