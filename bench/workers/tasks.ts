import { Json } from '../lib/child';

export interface TaskContext {
  /** Tells the parent the task is ready (a server listening, say), with what it needs to know. */
  ready(info: Json): void;
  /** Resolves when the parent asks a long-running task to finish. */
  readonly stopped: Promise<void>;
}

export type Task = (input: Json, context: TaskContext) => Promise<Json>;

// Each task module is loaded only in the worker that runs it, so a worker's peak RSS holds only
// what its task needs (a raw consumer does not load Nest or the ClickHouse engine).
export const TASKS: Record<string, Task | undefined> = {
  'kafkajs-consume': async (input) => (await import('./raw-consume.task')).kafkajsConsume(input),
  'platformatic-consume': async (input) => (await import('./raw-consume.task')).platformaticConsume(input),
  'raw-insert': async (input) => (await import('./raw-insert.task')).rawInsert(input),
  projector: async (input) => (await import('./projector.task')).projector(input),
  'command-api': async (input, context) => (await import('./command-api.task')).commandApi(input, context),
  rebuild: async (input) => (await import('./rebuild.task')).rebuild(input),
  'query-data': async (input) => (await import('./query-data.task')).queryData(input),
  'reporting-api': async (input, context) => (await import('./reporting-api.task')).reportingApi(input, context),
};
