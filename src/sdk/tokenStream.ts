/**
 * An async iterable of streamed tokens with a final result: the producer pushes tokens and then
 * ends or fails; the consumer iterates with `for await` and/or awaits `result`. Tokens pushed
 * before anyone iterates are buffered, so none is lost.
 */
export class TokenStream<Result> implements AsyncIterable<string> {
  readonly result: Promise<Result>;
  private readonly buffered: string[] = [];
  private waiting: (() => void) | null = null;
  private finished = false;
  private failure: { error: unknown } | null = null;
  private resolveResult!: (value: Result) => void;
  private rejectResult!: (error: unknown) => void;

  constructor() {
    this.result = new Promise<Result>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    // A caller that only iterates still sees the error; do not also report it as unhandled.
    this.result.catch(() => undefined);
  }

  push(token: string): void {
    if (this.finished) return;
    this.buffered.push(token);
    this.wake();
  }

  end(result: Result): void {
    if (this.finished) return;
    this.finished = true;
    this.resolveResult(result);
    this.wake();
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = { error };
    this.rejectResult(error);
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      const token = this.buffered.shift();
      if (token !== undefined) {
        yield token;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.finished) return;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}
