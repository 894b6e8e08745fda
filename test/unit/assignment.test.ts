/** "Which model serves this task": one answer from the settings, the same one the SDK client gives. */
import { beforeEach, describe, expect, it } from 'vitest';
import { TASKS } from '../../src/core';
import { customModel, PRESETS } from '../../src/models/catalog';
import { createClient } from '../../src/sdk/client';
import { assignedModel, assignmentOf } from '../../src/state/assignment';
import { DEFAULT_SETTINGS, useSettings } from '../../src/state/settings';

describe('the model assignment', () => {
  beforeEach(() => useSettings.setState({ ...DEFAULT_SETTINGS }));

  it('follows the preset, then the user’s choice, and falls back when the chosen model is removed', () => {
    useSettings.getState().setPreset('fixtures');
    expect(assignedModel('embeddings')).toBe(PRESETS.fixtures.embeddings);

    useSettings.getState().addUserModel(customModel('me/multilingual-embedder', 'embeddings'));
    useSettings.getState().assign('embeddings', 'me/multilingual-embedder');
    expect(assignedModel('embeddings')).toBe('me/multilingual-embedder');
    expect(assignedModel('sentiment')).toBe(PRESETS.fixtures.sentiment);

    useSettings.getState().removeUserModel('me/multilingual-embedder');
    expect(assignedModel('embeddings')).toBe(PRESETS.fixtures.embeddings);
  });

  it('names what the SDK client runs for the same settings', () => {
    useSettings.getState().addUserModel(customModel('me/sentiment-zh', 'sentiment'));
    useSettings.getState().assign('sentiment', 'me/sentiment-zh');
    expect(assignedModel('sentiment')).toBe('me/sentiment-zh');
    const settings = useSettings.getState();
    const client = createClient({ preset: settings.preset, assignment: settings.assignment, userModels: settings.userModels });
    try {
      expect(assignmentOf(settings)).toEqual(client.models.assignment());
      for (const task of TASKS) expect(assignedModel(task)).toBe(client.models.assignment()[task]);
    } finally {
      client.dispose();
    }
  });
});
