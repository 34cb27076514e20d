/** A clock tests move by hand: expiry and rate limits without sleeping. */
export class SteppableClock {
  constructor(private current: number = Date.parse('2026-11-24T12:00:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }

  async sleep(milliseconds: number): Promise<void> {
    this.current += milliseconds;
  }
}
