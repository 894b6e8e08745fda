/**
 * Where the workbench's `client.apps` keeps things: installed apps and run records in the
 * workspace (stores `apps` and `appRuns`, in backups like every record), saved classifiers for the
 * install check, and the Ask app's knowledge bases for `answer` steps.
 */
import { buildIndex, type NamedKbIndex } from '../content/asking';
import type { AppsHost } from '../sdk';
import { createRepositories, type AppRunStoredRecord, type KnowledgeBaseRecord, type PassageRecord } from '../storage/repositories';
import { getWorkspace } from '../storage/workspace';

const repositories = () => createRepositories(getWorkspace());

/** The knowledge base's passages with vectors, indexed as the Ask app indexes them. */
function knowledgeIndex(kb: KnowledgeBaseRecord, records: readonly PassageRecord[]): NamedKbIndex {
  return { ...buildIndex(records), name: kb.name, ...(kb.embeddingModel === undefined ? {} : { embeddingModel: kb.embeddingModel }) };
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
