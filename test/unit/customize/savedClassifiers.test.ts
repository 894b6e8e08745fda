/** Saved classifiers in the workspace database (fake IndexedDB), as `custom:<name>` finds them. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { trainSoftmaxSync } from '../../../src/customize/softmax';
import { buildRecord, metricsOf } from '../../../src/customize/classifierRecord';
import { deleteClassifier, findClassifier, listClassifiers, lookupCustomClassifier, saveClassifier } from '../../../src/app/savedClassifiers';
import { createRepositories, type ClassifiersRepository } from '../../../src/storage/repositories';
import { Workspace } from '../../../src/storage/workspace';
import { separableSet } from '../evaluate/customize/fixtures';

const classes = ['bug report', 'pricing'];
const { X, y } = separableSet(2, 6, 3);
const model = trainSoftmaxSync(X, y, { classes, epochs: 5 });

function record(id: string, name: string, now: number) {
  return buildRecord({
    id,
    name,
    model,
    embeddingModel: 'tiny/minilm-embeddings',
    metrics: metricsOf(null, model),
    trainingData: { examples: 12, classCounts: { ...model.metadata.classCounts } },
    now,
  });
}

let workspace: Workspace;
let classifiers: ClassifiersRepository;
beforeEach(() => {
  workspace = new Workspace({ idbFactory: new IDBFactory(), locks: null });
  classifiers = createRepositories(workspace).classifiers;
});

describe('saved classifiers', () => {
  it('saves, lists newest first, finds by name ignoring case, and deletes', async () => {
    await saveClassifier(record('a', 'Triage', 1), classifiers);
    await saveClassifier(record('b', 'Pricing only', 2), classifiers);
    expect((await listClassifiers(classifiers)).map((c) => c.name)).toEqual(['Pricing only', 'Triage']);
    expect((await findClassifier(' triage ', classifiers))?.id).toBe('a');
    await deleteClassifier('a', classifiers);
    expect(await findClassifier('Triage', classifiers)).toBeNull();
  });

  it('saving under a taken name replaces that classifier, keeping its id and creation time', async () => {
    await saveClassifier(record('a', 'Triage', 1), classifiers);
    const { saved, replaced } = await saveClassifier(record('new-id', 'TRIAGE', 5), classifiers);
    expect(replaced).toBe(true);
    expect(saved.id).toBe('a');
    expect(saved.createdAt).toBe(1);
    const all = await listClassifiers(classifiers);
    expect(all).toHaveLength(1);
    expect(all[0]!.name).toBe('TRIAGE');
  });

  it('gives the SDK the head and embedding model for custom:<name>, null for an unknown name', async () => {
    await saveClassifier(record('a', 'Triage', 1), classifiers);
    const found = await lookupCustomClassifier('Triage', classifiers);
    expect(found?.embeddingModel).toBe('tiny/minilm-embeddings');
    expect(found?.head.classes).toEqual(classes);
    expect(found?.head.dims).toBe(3);
    expect(await lookupCustomClassifier('nope', classifiers)).toBeNull();
  });

  it('refuses to run a classifier whose embedding model is not in the library (no download)', async () => {
    await saveClassifier({ ...record('a', 'Tracker', 1), embeddingModel: 'attacker-org/tracking-embedder' }, classifiers);
    await expect(lookupCustomClassifier('Tracker', classifiers, ['tiny/minilm-embeddings'])).rejects.toMatchObject({
      code: 'model-not-found',
      message: expect.stringMatching(/"attacker-org\/tracking-embedder", which is not in your model library.*nothing was downloaded/),
    });
    // Once the user added it to the library, it runs.
    expect((await lookupCustomClassifier('Tracker', classifiers, ['attacker-org/tracking-embedder']))?.embeddingModel).toBe('attacker-org/tracking-embedder');
  });

  it('lists and runs a classifier with a category named __proto__, constructor or toString', async () => {
    const odd = trainSoftmaxSync(X, y, { classes: ['__proto__', 'constructor'], epochs: 2 });
    await saveClassifier(
      buildRecord({
        id: 'p',
        name: 'Proto',
        model: odd,
        embeddingModel: 'tiny/minilm-embeddings',
        metrics: metricsOf(null, odd),
        trainingData: { examples: 12, classCounts: odd.metadata.classCounts },
        now: 5,
      }),
      classifiers,
    );
    const listed = await listClassifiers(classifiers);
    expect(listed.map((c) => c.name)).toContain('Proto');
    const proto = listed.find((c) => c.name === 'Proto')!;
    expect(proto.labels).toEqual(['__proto__', 'constructor']);
    expect(Object.keys(proto.model.metadata.classCounts).sort()).toEqual(['__proto__', 'constructor']);
    expect((await lookupCustomClassifier('Proto', classifiers))?.head.classes).toEqual(['__proto__', 'constructor']);
  });

  it('skips a damaged record instead of failing the list', async () => {
    await saveClassifier(record('a', 'Triage', 1), classifiers);
    await workspace.put('classifiers', { id: 'bad', name: 'Broken', labels: [], model: { classes: ['x'] }, createdAt: 3, updatedAt: 3 });
    expect((await listClassifiers(classifiers)).map((c) => c.name)).toEqual(['Triage']);
  });
});
