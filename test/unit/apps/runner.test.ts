/**
 * The app runner (src/apps/runner.ts) with a scripted client: steps run in order, each one's value
 * feeds the next, progress per step, cancel between and inside steps, inputs checked, outputs
 * rendered (CSV formula cells guarded, Markdown escaped). Real models run these apps in e2e.
 */
import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_APPS, readRunInputs, runApp, validateApp, type AppClient, type AppStepProgress } from '../../../src/apps';
import { packVectors } from '../../../src/content/vectorSearch';
import { isCancelled, WorkbenchError, type Answer } from '../../../src/core';

const [triage, digest, faq] = BUILTIN_APPS as [(typeof BUILTIN_APPS)[number], (typeof BUILTIN_APPS)[number], (typeof BUILTIN_APPS)[number]];

function unexpected(name: string): never {
  throw new Error(`unexpected call: ${name}`);
}

function client(parts: Partial<AppClient>): AppClient {
  return {
    classify: () => unexpected('classify'),
    embed: () => unexpected('embed'),
    summarize: () => unexpected('summarize'),
    generate: () => unexpected('generate'),
    answer: () => unexpected('answer'),
    ...parts,
  };
}

const sentimentOf = (text: string) => (/crash|charged|never|broken/i.test(text) ? { label: 'NEGATIVE', score: 0.97 } : { label: 'POSITIVE', score: 0.91 });

describe('Support triage', () => {
  const tickets = ['The app crashes on start', 'Thanks, works great', '=HYPERLINK("http://x") I was charged twice'];

  it('classifies, keeps the negative tickets and drafts one reply each from the template', async () => {
    const prompts: string[] = [];
    const fake = client({
      classify: async (texts) => texts.map(sentimentOf),
      generate: (prompt) => {
        prompts.push(prompt);
        return { result: Promise.resolve({ text: ` Sorry about that (${prompts.length}).` }) };
      },
    });
    const progress: AppStepProgress[] = [];
    const result = await runApp(triage, { tickets }, { client: fake }, { onProgress: (p) => progress.push(p) });

    expect(prompts).toEqual([
      'Customer ticket: The app crashes on start\nA short, friendly reply from the support team:',
      'Customer ticket: =HYPERLINK("http://x") I was charged twice\nA short, friendly reply from the support team:',
    ]);
    const replies = result.steps.find((step) => step.id === 'replies')!.value;
    expect(replies).toEqual({
      kind: 'items',
      items: [
        { text: 'The app crashes on start', label: 'NEGATIVE', score: 0.97, output: ' Sorry about that (1).' },
        { text: '=HYPERLINK("http://x") I was charged twice', label: 'NEGATIVE', score: 0.97, output: ' Sorry about that (2).' },
      ],
    });
    expect(result.steps.find((step) => step.id === 'mix')!.value).toEqual({
      kind: 'counts',
      counts: [
        { key: 'NEGATIVE', count: 2 },
        { key: 'POSITIVE', count: 1 },
      ],
    });
    // Each step reports running then done, in order; the per-item step reports its items.
    expect(progress.filter((p) => p.status === 'done').map((p) => p.stepId)).toEqual(['sentiment', 'negative', 'replies', 'mix']);
    expect(progress.filter((p) => p.stepId === 'replies' && p.done !== undefined).map((p) => `${p.done}/${p.total}`)).toEqual(['0/2', '1/2', '2/2']);

    const [table, chart, csv] = result.outputs;
    expect(table).toMatchObject({ kind: 'table', columns: ['text', 'label', 'score', 'output'] });
    expect(chart).toEqual({ kind: 'chart', from: 'mix', title: triage.outputs[1]!.title, labels: ['NEGATIVE', 'POSITIVE'], values: [2, 1] });
    // The formula cell is guarded for spreadsheets.
    expect(csv).toMatchObject({ kind: 'csv' });
    expect((csv as { csv: string }).csv).toContain(`"'=HYPERLINK(""http://x"") I was charged twice"`);
  });

  it('stops when cancelled during a step: the call gets the signal, no later step runs', async () => {
    const controller = new AbortController();
    const generate = vi.fn((_prompt: string, options?: { signal?: AbortSignal }) => {
      expect(options?.signal).toBe(controller.signal);
      controller.abort();
      return { result: Promise.resolve({ text: 'late' }) };
    });
    const fake = client({ classify: async (texts) => texts.map(sentimentOf), generate });
    const progress: AppStepProgress[] = [];
    const run = runApp(triage, { tickets }, { client: fake }, { signal: controller.signal, onProgress: (p) => progress.push(p) });
    await expect(run).rejects.toSatisfy(isCancelled);
    expect(generate).toHaveBeenCalledTimes(1);
    expect(progress.some((p) => p.stepId === 'mix')).toBe(false);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runApp(triage, { tickets }, { client: client({}) }, { signal: controller.signal })).rejects.toSatisfy(isCancelled);
  });
});

describe('Weekly review digest', () => {
  it('groups the reviews into themes, summarizes each and writes an escaped Markdown report', async () => {
    // Themes need at least ten rows (two themes of five): fewer are one theme.
    const reviews = [
      'battery dies fast',
      'battery drains',
      'battery weak',
      'battery gone by noon',
      'battery swells',
      'great sound',
      'sound is great',
      'superb sound <b>bass</b>',
      'sound is rich',
      'clear sound',
    ];
    const fake = client({
      // Two clean directions: battery reviews and sound reviews.
      embed: async (texts) => texts.map((text) => (text.includes('battery') ? [1, 0.05] : [0.05, 1])),
      summarize: async (text) => `Summary of ${text.split('\n').length} reviews`,
    });
    const result = await runApp(digest, { reviews }, { client: fake });
    const groups = result.steps.find((step) => step.id === 'summaries')!.value;
    expect(groups.kind).toBe('groups');
    if (groups.kind !== 'groups') return;
    expect(groups.groups.map((group) => group.items.length).sort()).toEqual([5, 5]);
    expect(groups.groups.every((group) => group.summary === 'Summary of 5 reviews')).toBe(true);
    const battery = groups.groups.find((group) => group.items.every((item) => item.text.includes('battery')));
    expect(battery?.name).toMatch(/battery/);

    const markdown = result.outputs.find((output) => output.kind === 'markdown') as { markdown: string };
    expect(markdown.markdown.startsWith('# Weekly review digest\n')).toBe(true);
    expect(markdown.markdown).toContain('Summary of 5 reviews');
    expect(markdown.markdown).toContain('&lt;b&gt;bass&lt;/b&gt;');
    expect(markdown.markdown).not.toContain('<b>');
  });
});

describe('FAQ bot', () => {
  const index = {
    name: 'COVID FAQ',
    passages: [
      { id: 'p1', text: 'The virus spreads through respiratory droplets.', title: 'How does it spread?' },
      { id: 'p2', text: 'Common symptoms are fever and cough.', title: 'Symptoms' },
    ],
    matrix: packVectors([
      [1, 0],
      [0, 1],
    ]),
  };
  const embed = async (texts: string[]) => texts.map((text) => (text.includes('spread') ? [1, 0] : text.includes('symptom') ? [0, 1] : [-1, -1]));

  it('answers each question from the knowledge base with its source, or says it has none', async () => {
    const answer = vi.fn(async (_question: string, context: string): Promise<Answer> => {
      const start = context.indexOf('respiratory droplets');
      return start >= 0 ? { answer: 'respiratory droplets', score: 0.9, start, end: start + 20 } : { answer: 'fever', score: 0.1, start: 0, end: 5 };
    });
    const result = await runApp(
      faq,
      { questions: 'How does it spread?\nWhat are the symptoms?\nWho won the cup?' },
      { client: client({ embed, answer }), knowledgeBase: async () => index },
    );
    const answers = result.steps[0]!.value;
    expect(answers.kind === 'items' && answers.items).toEqual([
      { text: 'How does it spread?', label: 'answer', score: 0.9, output: 'respiratory droplets', source: 'How does it spread?' },
      // Weak span, but the passage matches the question exactly: the passage is the answer.
      { text: 'What are the symptoms?', label: 'passage', score: 1, output: 'Common symptoms are fever and cough.', source: 'Symptoms' },
      { text: 'Who won the cup?', label: 'no-answer', output: '' },
    ]);
  });

  it('refuses to run without a knowledge base, naming what is missing', async () => {
    const run = runApp(faq, { questions: ['How?'] }, { client: client({}) });
    await expect(run).rejects.toMatchObject({ code: 'bad-input', message: 'There is no knowledge base to answer from: build one in Ask first.' });
  });
});

describe('inputs', () => {
  it('a list input takes an array or lines; blank lines are dropped', () => {
    expect(readRunInputs(triage, { tickets: ' a \n\n b ' }).get('tickets')).toEqual({ kind: 'items', items: [{ text: 'a' }, { text: 'b' }] });
  });

  it('refuses a missing required input and a wrong type', () => {
    expect(() => readRunInputs(triage, {})).toThrow(WorkbenchError);
    expect(() => readRunInputs(triage, { tickets: [] })).toThrow('The app needs the input "tickets".');
    expect(() => readRunInputs(triage, { tickets: { a: 'b' } as unknown as string[] })).toThrow('The input "tickets" must be a list of texts.');
  });

  it('reads fields by their own keys only: an inherited "constructor" is no field value', () => {
    const app = validateApp({
      ...triage,
      id: 'fields-app',
      inputs: [{ id: 'product', kind: 'fields', label: { en: 'Product' }, fields: [{ id: 'constructor', label: { en: 'C' } }] }],
      steps: [{ id: 'draft', op: 'generate', template: 'About {{product.constructor}}' }],
      outputs: [{ kind: 'text', from: 'draft' }],
    });
    expect(readRunInputs(app, { product: {} }).get('product')).toEqual({ kind: 'fields', fields: [['constructor', '']] });
  });
});
