import { describe, expect, it } from 'vitest';
import { isHubUnreachable, toWorkbenchError } from '../../src/ui/errors';
import { WorkbenchError } from '../../src/core';

describe('isHubUnreachable', () => {
  it('is true for a load error typed hub-unreachable, as a WorkbenchError or as it crosses a worker boundary', () => {
    const error = new WorkbenchError('load-failed', 'huggingface.co cannot be reached.', undefined, { reason: 'hub-unreachable' });
    expect(isHubUnreachable(error)).toBe(true);
    expect(isHubUnreachable(structuredClone(error.toJSON()))).toBe(true);
    expect(toWorkbenchError(structuredClone(error.toJSON())).reason).toBe('hub-unreachable');
  });

  it('does not read the error text: a browser network message without the typed reason is not "unreachable"', () => {
    expect(isHubUnreachable(new WorkbenchError('load-failed', 'The model could not be loaded.', 'TypeError: Failed to fetch'))).toBe(false);
    expect(isHubUnreachable(new TypeError('Failed to fetch'))).toBe(false);
    expect(isHubUnreachable({ code: 'load-failed', message: 'x', reason: 'something-else' })).toBe(false);
  });

  it('is false for a model the Hub answered does not exist', () => {
    expect(isHubUnreachable(new WorkbenchError('model-not-found', 'The model files could not be found locally or on the Hub.', 'HTTP 404'))).toBe(false);
  });
});
