/** A pause that `wake()` ends early: poll loops idle on it and stop without waiting out the timer. */
export class InterruptiblePause {
  private timer: NodeJS.Timeout | undefined;
  private resolve: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.wake(), ms);
    });
  }

  wake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const resolve = this.resolve;
    this.resolve = undefined;
    resolve?.();
  }
}
