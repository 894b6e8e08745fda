/**
 * The Write store without React or a browser: templates and drafts live in a workspace on
 * fake-indexeddb (through the repositories) and the client streams a scripted draft. Two stores
 * over one workspace stand for two tabs.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelledError } from '../../../src/core';
import { setDeps } from '../../../src/services/deps';
import type { GenerationStream, WorkbenchClient } from '../../../src/sdk/types';
import { createWriteStore, currentTemplate } from '../../../src/panels/write/writeStore';
import { exportTemplates, type Template } from '../../../src/content/templates';
import type { Workspace } from '../../../src/storage/workspace';
import { fakeClient, freshWorkspace, storeDeps } from '../support/storeDeps';

/** A stream that yields `pieces` and then settles with their text. */
function stream(pieces: string[]): GenerationStream {
  const text = pieces.join('');
  return {
    async *[Symbol.asyncIterator]() {
      yield* pieces;
    },
    result: Promise.resolve({ text, tokenCount: pieces.length, firstTokenMs: 1, totalMs: 2 }),
  };
}

let workspace: Workspace;
let prompts: string[];

function client(positions = 1024): WorkbenchClient {
  return fakeClient({
    countTokens: async (texts) => ({ counts: texts.map((t) => t.split(/\s+/).length), maxInputTokens: positions }),
    generate: (prompt) => {
      prompts.push(prompt);
      return stream(['Acme ', 'Buds ', 'are ', 'small.']);
    },
  });
}

beforeEach(() => {
  workspace = freshWorkspace();
  prompts = [];
  setDeps(storeDeps(workspace, client()));
});

afterEach(() => setDeps(null));

describe('the Write store', () => {
  it('treats empty required fields as the form to complete: listed by name, not an error; filled fields leave the list; leaving clears it', async () => {
    const write = createWriteStore();
    await write.getState().init();
    write.getState().select('builtin:release-notes');
    write.getState().generate();
    const missing = write.getState().missingFields;
    expect(missing).toContain('product');
    expect(write.getState().status).toBe('idle');
    expect(write.getState().error).toBeNull();
    expect(prompts).toEqual([]); // the model is not asked

    write.getState().setValue('product', 'Acme Notes');
    expect(write.getState().missingFields).toEqual(missing.filter((name) => name !== 'product'));
    write.getState().setValue('product', '');
    expect(write.getState().missingFields).not.toContain('product'); // said again only by the next Generate

    write.getState().generate();
    expect(write.getState().missingFields).toContain('product');
    write.getState().clearValidation();
    expect(write.getState().missingFields).toEqual([]);
  });

  it('writes from the built-ins in the UI’s language: a Chinese UI gets a Chinese prompt, and the values typed carry over', async () => {
    const write = createWriteStore();
    await write.getState().init();
    write.getState().setLanguage('zh-CN');
    write.getState().select('builtin:product-description');
    expect(currentTemplate(write.getState()).name).toBe('产品描述');
    write.getState().generate();
    expect(
      currentTemplate(write.getState())
        .variables.filter((v) => write.getState().missingFields.includes(v.name))
        .map((v) => v.label),
    ).toEqual(['产品', '主要功能']);
    write.getState().setValue('product', '小度音箱');
    write.getState().setValue('features', '降噪');
    write.getState().setLanguage('en');
    expect(currentTemplate(write.getState()).name).toBe('Product description');
    write.getState().setLanguage('zh-CN');
    write.getState().generate();
    await expect.poll(() => write.getState().status).not.toBe('running');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('产品：小度音箱');
    expect(prompts[0]).toContain('主要功能：\n- 降噪');
    expect(prompts[0]).toMatch(/产品描述：\n$/);
  });

  it('writes a draft from the filled-in template and keeps it in the workspace', async () => {
    const write = createWriteStore();
    await write.getState().init();
    write.getState().select('builtin:product-description');
    write.getState().setValue('product', 'Acme Buds');
    write.getState().setValue('features', 'noise cancelling');
    write.getState().generate();
    await expect.poll(() => write.getState().status).not.toBe('running');
    expect(write.getState().status, String(write.getState().error)).toBe('done');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('Acme Buds');
    expect(write.getState().output).toBe('Acme Buds are small.');

    const saved = await workspace.getAll('drafts');
    expect(saved.map((d) => d.text)).toEqual(['Acme Buds are small.']);
    // A reload (a new store) shows the draft from the workspace.
    const reloaded = createWriteStore();
    await reloaded.getState().init();
    expect(reloaded.getState().drafts.map((d) => d.text)).toEqual(['Acme Buds are small.']);
  });

  it('refuses a prompt that does not fit the model, before generating', async () => {
    setDeps(storeDeps(workspace, client(4)));
    const write = createWriteStore();
    await write.getState().init();
    write.getState().setValue('product', 'Acme Buds');
    write.getState().setValue('features', 'noise cancelling');
    write.getState().generate();
    await expect.poll(() => write.getState().status).toBe('error');
    expect(write.getState().promptTooLong).toMatchObject({ positions: 4 });
    expect(prompts).toEqual([]);
    expect(await workspace.getAll('drafts')).toEqual([]);
  });

  it('sets aside a stored draft with no usable date or id and says so, showing the others (issue 11.2: never a blank panel)', async () => {
    const T0 = 1_700_000_000_000;
    await workspace.put('drafts', { id: 'good', title: 'Launch post', text: 'We are excited', createdAt: T0, updatedAt: T0 });
    // As devtools or another tool could write them, past the restore checks.
    await workspace.put('drafts', { id: 'bad-date', title: null, text: 5, createdAt: 'yesterday', updatedAt: null } as never);
    await workspace.put('drafts', { id: 'bad-huge', title: 'x', text: 'y', createdAt: 1e300, updatedAt: T0 } as never);
    const write = createWriteStore();
    await write.getState().init();
    expect(write.getState().drafts.map((d) => d.id)).toEqual(['good']);
    expect(String(write.getState().libraryError)).toMatch(/2 saved drafts are damaged/);
    // Nothing is deleted: the records stay for a backup.
    expect(await workspace.count('drafts')).toBe(3);
  });

  it('a selection kept over a reload that names a template deleted since falls back to the first built-in when the library loads', async () => {
    const write = createWriteStore();
    write.setState({ selectedId: 'user:deleted-in-another-tab', values: { 'user:deleted-in-another-tab': { product: 'Acme' } } });
    await write.getState().init();
    expect(write.getState().selectedId).toBe('builtin:product-description');
    expect(currentTemplate(write.getState()).id).toBe('builtin:product-description');

    const kept = createWriteStore();
    kept.setState({ selectedId: 'builtin:release-notes' });
    await kept.getState().init();
    expect(kept.getState().selectedId).toBe('builtin:release-notes');
  });

  it('a template edited in another tab meanwhile is not overwritten', async () => {
    const tabA = createWriteStore();
    const tabB = createWriteStore();
    await tabA.getState().init();
    tabA.getState().startNew();
    const editor = tabA.getState().editor!;
    tabA.getState().updateEditor({ ...editor.template, name: 'Launch', body: 'Announce {{topic}}.' });
    await tabA.getState().saveEditor(false);
    expect(tabA.getState().libraryError).toBeNull();
    const id = tabA.getState().selectedId;

    await tabB.getState().init();
    tabB.getState().select(id);
    tabA.getState().select(id);
    // Both tabs open the saved template; B saves first, then A's older edit must be refused.
    tabA.getState().startEdit();
    tabB.getState().startEdit();
    tabB.getState().updateEditor({ ...tabB.getState().editor!.template, body: 'Tab B: {{topic}}.' });
    await new Promise((resolve) => setTimeout(resolve, 2)); // a later updatedAt than A's version
    await tabB.getState().saveEditor(false);
    expect(tabB.getState().libraryError).toBeNull();
    tabA.getState().updateEditor({ ...tabA.getState().editor!.template, body: 'Tab A: {{topic}}.' });
    await tabA.getState().saveEditor(false);
    expect(tabA.getState().libraryError).toMatchObject({ code: 'bad-input' });

    const stored = await workspace.getAll('templates');
    expect(stored.map((t) => t.body)).toEqual(['Tab B: {{topic}}.']);
  });

  it('imports a picked templates file through the import worker, which saves it; the library shows it and survives a reload', async () => {
    const write = createWriteStore();
    await write.getState().init();
    const templates = [1, 2].map((n): Template => ({
      id: `user:reply-${n}`,
      name: `Reply ${n}`,
      kind: 'support-reply',
      body: `Dear {{name}}, ${n}.`,
      variables: [{ name: 'name', label: 'Name', kind: 'text', required: true }],
    }));
    const file = new Blob([exportTemplates(templates)], { type: 'application/json' });
    await write.getState().importTemplateFile(file);
    expect(write.getState().libraryError).toBeNull();
    expect(write.getState().importResult).toEqual({ count: 2, notes: [] });
    expect(write.getState().selectedId).toBe('user:reply-1');
    expect(currentTemplate(write.getState()).body).toBe('Dear {{name}}, 1.');

    const reloaded = createWriteStore();
    await reloaded.getState().init();
    expect(
      reloaded
        .getState()
        .userTemplates.map((t) => t.name)
        .sort(),
    ).toEqual(['Reply 1', 'Reply 2']);

    // A file it refuses says why and leaves the library as it was.
    await write.getState().importTemplateFile(new Blob(['not json']));
    expect(write.getState().libraryError).toMatchObject({ code: 'bad-input' });
    expect((await workspace.getAll('templates')).length).toBe(2);
  });
});

describe('the Write store: the writing model, got ready when the panel opens', () => {
  /** A client whose models.prepare waits until the test settles it, recording each call. */
  function preparingClient() {
    const calls: Array<{ target: string; signal?: AbortSignal; settle: (error?: unknown) => void }> = [];
    const prepare = (target: string, options: { signal?: AbortSignal } = {}) =>
      new Promise<null>((resolve, reject) => {
        calls.push({ target, signal: options.signal, settle: (error) => (error ? reject(error) : resolve(null)) });
      });
    setDeps(storeDeps(workspace, fakeClient({ models: { prepare } })));
    return calls;
  }
  const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('asks the SDK to prepare the generation model once, says it is preparing until it is done, and a second call meanwhile asks nothing', async () => {
    const calls = preparingClient();
    const write = createWriteStore();
    write.getState().prepareModel();
    write.getState().prepareModel();
    expect(calls.map((c) => c.target)).toEqual(['generation']);
    expect(write.getState().preparing).toBe(true);
    calls[0]!.settle();
    await settled();
    expect(write.getState().preparing).toBe(false);
  });

  it('stops the preparation when the user leaves the panel: its signal aborts, and a later visit asks again', async () => {
    const calls = preparingClient();
    const write = createWriteStore();
    write.getState().prepareModel();
    write.getState().stopPreparing();
    expect(calls[0]!.signal?.aborted).toBe(true);
    expect(write.getState().preparing).toBe(false);
    write.getState().prepareModel();
    expect(calls).toHaveLength(2);
    expect(write.getState().preparing).toBe(true);
    // The first one's late end does not clear the second's state.
    calls[0]!.settle(cancelledError());
    await settled();
    expect(write.getState().preparing).toBe(true);
  });

  it('shows no error for a preparation that failed (Generate loads the model and shows its error then) but logs it', async () => {
    const calls = preparingClient();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const write = createWriteStore();
      write.getState().prepareModel();
      calls[0]!.settle(new Error('the stored files could not be read'));
      await settled();
      expect(write.getState()).toMatchObject({ preparing: false, status: 'idle', error: null });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('the writing model could not be loaded ahead of its first run'), expect.any(Error));
    } finally {
      warn.mockRestore();
    }
  });
});
