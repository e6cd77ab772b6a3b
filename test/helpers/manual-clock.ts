import type { Clock } from '../../services/clock';

/** A clock that stands still until the test moves it. */
export class ManualClock implements Clock {
  private time: number;

  constructor(start: string) {
    this.time = Date.parse(start);
  }

  now(): Date {
    return new Date(this.time);
  }

  advanceMinutes(minutes: number): void {
    this.time += minutes * 60_000;
  }
}
