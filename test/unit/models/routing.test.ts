import { describe, expect, it } from 'vitest';
import { buildCatalog, HUB_MODELS, LANGUAGE_ROUTES, PRESETS, type CatalogModel } from '../../../src/models/catalog';
import { routeModel, summaryMethodFor, uncoveredShare } from '../../../src/models/routing';
import { detectLanguageMix, type LanguageMix } from '../../../src/insights/language';

const catalog = buildCatalog();
const mix = (zh: number, en: number, other = 0): LanguageMix => ({ zh, en, other, counted: 100 });
const chinese = ['送餐太慢了，等了两个小时', '味道很好，分量也足', '饭菜都凉了，再也不点了'];
const english = ['Delivery was late again', 'The food was great and hot', 'I love this place'];

describe('catalog languages', () => {
  it('states the model cards: nlptown has no Chinese, the multilingual student has it', () => {
    const byId = (id: string) => HUB_MODELS.find((m) => m.id === id)!;
    expect(byId('Xenova/bert-base-multilingual-uncased-sentiment').languages).toEqual(['en', 'nl', 'de', 'fr', 'es', 'it']);
    expect(byId('Xenova/distilbert-base-multilingual-cased-sentiments-student').languages).toEqual(
      expect.arrayContaining(['en', 'zh', 'ja', 'ar', 'de', 'es', 'fr', 'hi', 'id', 'it', 'ms', 'pt']),
    );
    expect(byId('Xenova/bge-small-zh-v1.5')).toMatchObject({ task: 'embeddings', languages: ['zh'] });
  });

  it('routes every preset to models of the right task that know the language', () => {
    for (const [preset, routes] of Object.entries(LANGUAGE_ROUTES)) {
      for (const [task, byLanguage] of Object.entries(routes)) {
        for (const [language, id] of Object.entries(byLanguage ?? {})) {
          const model = catalog.find((m) => m.id === id);
          expect(model?.task, `${preset}/${task}/${language}`).toBe(task);
          expect(uncoveredShare(model!.languages, mix(language === 'zh' ? 1 : 0, language === 'en' ? 1 : 0))).toBe(0);
        }
      }
    }
    expect(LANGUAGE_ROUTES.fixtures.sentiment?.zh).toBe('tiny/zh-sentiment');
  });
});

describe('routeModel', () => {
  it('keeps the assigned model when it knows the text', () => {
    const route = routeModel({
      task: 'sentiment',
      mix: detectLanguageMix(english),
      catalog,
      assigned: PRESETS.fixtures.sentiment,
      routes: LANGUAGE_ROUTES.fixtures,
    });
    expect(route).toMatchObject({ modelId: 'tiny/distilbert-sentiment', reason: 'assigned', mismatch: null });
  });

  it("sends Chinese text to the preset's Chinese model", () => {
    const fixtures = routeModel({
      task: 'sentiment',
      mix: detectLanguageMix(chinese),
      catalog,
      assigned: PRESETS.fixtures.sentiment,
      routes: LANGUAGE_ROUTES.fixtures,
    });
    expect(fixtures).toMatchObject({ modelId: 'tiny/zh-sentiment', reason: 'routed', mismatch: null });
    expect(fixtures.assignedMismatch).toMatchObject({ dominant: 'zh', share: 1 });
    const hub = routeModel({
      task: 'sentiment',
      mix: detectLanguageMix(chinese),
      catalog,
      assigned: PRESETS.default.sentiment,
      routes: LANGUAGE_ROUTES.default,
    });
    expect(hub.modelId).toBe('Xenova/distilbert-base-multilingual-cased-sentiments-student');
    // nlptown's model is multilingual by name but not for Chinese: never a candidate.
    expect(hub.candidates).not.toContain('Xenova/bert-base-multilingual-uncased-sentiment');
  });

  it('prefers a model that covers both languages of mixed text', () => {
    const route = routeModel({ task: 'sentiment', mix: mix(0.5, 0.5), catalog, assigned: PRESETS.fixtures.sentiment, routes: LANGUAGE_ROUTES.fixtures });
    // tiny/zh-sentiment would miss the English half; the multilingual student misses nothing.
    expect(route.modelId).toBe('Xenova/distilbert-base-multilingual-cased-sentiments-student');
    expect(route.mismatch).toBeNull();
  });

  it('switches only to eligible models (the fixtures preset never to a Hub download)', () => {
    const tinyOnly = (model: CatalogModel) => model.origin !== 'hub';
    const chinese = routeModel({
      task: 'sentiment',
      mix: mix(1, 0),
      catalog,
      assigned: PRESETS.fixtures.sentiment,
      routes: LANGUAGE_ROUTES.fixtures,
      eligible: tinyOnly,
    });
    expect(chinese.modelId).toBe('tiny/zh-sentiment');
    // Chinese embeddings: no tiny model knows Chinese, so the assigned one runs, and says it misses.
    const embeddings = routeModel({
      task: 'embeddings',
      mix: mix(1, 0),
      catalog,
      assigned: PRESETS.fixtures.embeddings,
      routes: LANGUAGE_ROUTES.fixtures,
      eligible: tinyOnly,
    });
    expect(embeddings).toMatchObject({ modelId: PRESETS.fixtures.embeddings, reason: 'none' });
    // Mixed text: the Chinese stand-in misses less than the English model, so it is used.
    const mixed = routeModel({
      task: 'sentiment',
      mix: mix(0.6, 0.4),
      catalog,
      assigned: PRESETS.fixtures.sentiment,
      routes: LANGUAGE_ROUTES.fixtures,
      eligible: tinyOnly,
    });
    expect(mixed.modelId).toBe('tiny/zh-sentiment');
    expect(mixed.mismatch).toMatchObject({ dominant: 'en' });
  });

  it("applies the user's choice for the data, even when it does not know the language, and reports the mismatch", () => {
    const route = routeModel({
      task: 'sentiment',
      mix: mix(1, 0),
      catalog,
      assigned: PRESETS.fixtures.sentiment,
      routes: LANGUAGE_ROUTES.fixtures,
      chosen: 'tiny/distilbert-sentiment',
    });
    expect(route).toMatchObject({ modelId: 'tiny/distilbert-sentiment', reason: 'chosen' });
    expect(route.mismatch).toMatchObject({ dominant: 'zh' });
    expect(route.candidates[0]).toBe('tiny/zh-sentiment');
    // A choice of another task's model is ignored.
    expect(
      routeModel({ task: 'sentiment', mix: mix(1, 0), catalog, assigned: PRESETS.fixtures.sentiment, routes: LANGUAGE_ROUTES.fixtures, chosen: 'tiny/gpt2' })
        .reason,
    ).toBe('routed');
  });

  it('says so before running when the models that know the language cannot be loaded offline', () => {
    const offline = (model: CatalogModel) => model.origin === 'fixture';
    const route = routeModel({
      task: 'sentiment',
      mix: mix(1, 0),
      catalog,
      assigned: PRESETS.default.sentiment,
      routes: LANGUAGE_ROUTES.default,
      isAvailable: offline,
    });
    expect(route.reason).toBe('routed'); // the fixture stand-in is local
    const noFixture = catalog.filter((m) => m.id !== 'tiny/zh-sentiment');
    const none = routeModel({
      task: 'sentiment',
      mix: mix(1, 0),
      catalog: noFixture,
      assigned: PRESETS.default.sentiment,
      routes: LANGUAGE_ROUTES.default,
      isAvailable: offline,
    });
    expect(none).toMatchObject({ modelId: PRESETS.default.sentiment, reason: 'unavailable', candidates: [] });
    expect(none.unavailable[0]).toBe('Xenova/distilbert-base-multilingual-cased-sentiments-student');
    expect(none.mismatch).toMatchObject({ dominant: 'zh' });
  });

  it('reports none when no model in the library knows the language', () => {
    const englishOnly = catalog.filter((m) => m.task !== 'sentiment' || m.languages.every((l) => l !== 'zh'));
    const route = routeModel({ task: 'sentiment', mix: mix(1, 0), catalog: englishOnly, assigned: PRESETS.default.sentiment });
    expect(route).toMatchObject({ reason: 'none', modelId: PRESETS.default.sentiment, candidates: [], unavailable: [] });
  });

  it('routes Chinese embeddings to the multilingual MiniLM in the default preset', () => {
    const route = routeModel({ task: 'embeddings', mix: mix(1, 0), catalog, assigned: PRESETS.default.embeddings, routes: LANGUAGE_ROUTES.default });
    expect(route.modelId).toBe('Xenova/paraphrase-multilingual-MiniLM-L12-v2');
  });
});

describe('summaryMethodFor', () => {
  const english = { languages: ['en'] };
  it('summarizes with the model what it knows, extractively what it does not', () => {
    expect(summaryMethodFor(mix(0, 1), english).method).toBe('model');
    expect(summaryMethodFor(mix(1, 0), english).method).toBe('extractive');
    expect(summaryMethodFor(mix(1, 0), english, 'model').method).toBe('model');
    expect(summaryMethodFor(mix(0, 1), english, 'extractive').method).toBe('extractive');
  });
});
