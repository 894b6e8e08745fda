/**
 * Where the workbench's `client.apps` keeps things: installed apps and run records in the
 * workspace (stores `apps` and `appRuns`, in backups like every record), saved classifiers for the
 * install check, and the Ask app's knowledge bases for `answer` steps.
 */
import { packVectors } from '../content/vectorSearch';
import type { KnowledgeIndex } from '../content/knowledgeAnswer';
import type { AppsHost } from '../sdk';
import { createRepositories, type AppRunStoredRecord, type KnowledgeBaseRecord, type PassageRecord } from '../storage/repositories';
import { getWorkspace } from '../storage/workspace';

const repositories = () => createRepositories(getWorkspace());

/** The passages with vectors of the size most of them have (a half-finished re-embed leaves some without). */
function knowledgeIndex(kb: KnowledgeBaseRecord, records: readonly PassageRecord[]): KnowledgeIndex {
  const withVectors = records.filter(
    (record): record is PassageRecord & { vector: Float32Array | number[] } => record.vector !== undefined && record.vector.length > 0,
  );
  const sizes = new Map<number, number>();
  for (const record of withVectors) sizes.set(record.vector.length, (sizes.get(record.vector.length) ?? 0) + 1);
  const size = [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const usable = withVectors.filter((record) => record.vector.length === size);
  return {
    name: kb.name,
    passages: usable.map((record) => ({
      id: record.id,
      text: record.text,
      ...(record.title === undefined ? {} : { title: record.title }),
      ...(record.source === undefined ? {} : { source: record.source }),
    })),
    matrix: packVectors(usable.map((record) => record.vector)),
    ...(kb.embeddingModel === undefined ? {} : { embeddingModel: kb.embeddingModel }),
  };
}

export const workspaceAppsHost: AppsHost = {
  library: {
    list: async () => (await repositories().apps.list()).apps,
    save: (definition) => repositories().apps.put(definition),
  },
  context: async () => ({ classifiers: (await repositories().classifiers.list()).map((classifier) => classifier.name) }),
  saveRun: (record) => repositories().apps.putRun(record as AppRunStoredRecord),
  async knowledgeBase(name) {
    const { knowledgeBase } = repositories();
    const bases = (await knowledgeBase.list()).sort((a, b) => b.updatedAt - a.updatedAt);
    const kb = name === undefined ? bases[0] : bases.find((base) => base.name === name || base.id === name);
    if (!kb) return null;
    return knowledgeIndex(kb, await knowledgeBase.passages(kb.id));
  },
};
