// What a provider sees of the job engine: it registers the state machines of its jobs, and wakes
// the engine when it has made a job due. The engine itself (jobs/job-engine.ts) runs due jobs.
import type { StepDurations, Timing } from '../clock.js';
import type { Cloud, Job, Server } from '../model/types.js';

export interface StepContext {
  now: number;
  durations: StepDurations;
  /** a failure injected for this server through the control API, consumed by the step that reports it */
  injectedFault: string | null;
}

export interface StepResult {
  job: Job;
  server: Server | null;
}

/**
 * One kind of job's state machine, as a pure function: given a job, its server and the time, the
 * next state of both. The engine commits each result in one transaction, so a crash between steps
 * resumes at the last committed phase and a step is never applied twice.
 */
export interface JobStepper {
  /** whether an injected fault for the job's server lands on the step the job is about to take */
  faultLandsOn(job: Job): boolean;
  /**
   * The job's error code when it fails at a step a fault rule chose (core/faults `job-fail` with
   * `step`) that is not the one its own failures land on: the engine then ends the job itself.
   */
  readonly failureCode?: string;
  step(job: Job, server: Server | null, ctx: StepContext): StepResult;
}

export interface JobRunner {
  readonly mode: Timing;
  setTiming(t: Timing): void;
  /** the state machine for jobs of this cloud whose plan has this kind */
  register(cloud: Cloud, planKind: string, stepper: JobStepper): void;
  /** something became due (a job was accepted, an order paid): run what is due now */
  poke(): void;
  /** a job was committed due at `dueAt` (null: it waits for a payment): wakes the runner only if that is sooner than it would wake */
  pokeAt(dueAt: number | null): void;
  /** waits until every job due at the current clock time has been stepped */
  settle(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}
