// Time is injected everywhere so tests can drive jobs with a virtual clock.
export type Timing = 'instant' | 'realistic' | 'manual';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: the `manual` timing mode. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
}

/** How long each step of a job takes, per timing mode (manual uses the realistic durations on its own clock). */
export interface StepDurations {
  /** from acceptance to the first step: long enough to see INIT on the realistic and manual clocks */
  dispatch: number;
  stop: number;
  start: number;
  /** an Alibaba type change, in one step */
  resize: number;
  /** a Huawei resize, step by step as Nova reports it (task_state resize_prep, resize_migrating, resize_migrated, resize_finish) */
  resizePrep: number;
  resizeMigrating: number;
  resizeMigrated: number;
  resizeFinish: number;
}

export function stepDurations(timing: Timing): StepDurations {
  return timing === 'instant'
    ? { dispatch: 0, stop: 0, start: 0, resize: 0, resizePrep: 0, resizeMigrating: 0, resizeMigrated: 0, resizeFinish: 0 }
    : { dispatch: 500, stop: 2000, start: 2000, resize: 3000, resizePrep: 1000, resizeMigrating: 4000, resizeMigrated: 1000, resizeFinish: 2000 };
}
