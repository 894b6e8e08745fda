/** Beside a panel's model name: whether the model is loaded (a run then starts at once) or is being loaded ahead of it. */
export function ModelReadiness({
  loaded,
  preparing,
  labels,
  testId,
}: {
  /** From the panel's `useTaskModel`, which names the model beside it. */
  loaded: boolean;
  preparing: boolean;
  labels: { preparing: string; loaded: string };
  testId: string;
}) {
  const state = preparing ? 'preparing' : loaded ? 'loaded' : 'not-loaded';
  return (
    <span className="muted" data-testid={testId} data-state={state}>
      {state === 'preparing' ? labels.preparing : state === 'loaded' ? labels.loaded : null}
    </span>
  );
}
