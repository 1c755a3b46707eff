import type { QueueStats } from '@docket/contracts/admin';

/** How many finished executions the timing figures cover: recent behaviour, bounded cost. */
export const TIMING_SAMPLE = 1000;
/** How many executions `recent_executions` lists. */
export const RECENT_EXECUTIONS = 20;

export type Execution = {
  id: string;
  status: QueueStats['recent_executions'][number]['status'];
  started_at: Date | null;
  completed_at: Date | null;
  /** completed_at − started_at, null while unfinished. */
  ms: number | null;
  items_processed: number;
};

/** Outcomes and mean run time of the last TIMING_SAMPLE finished executions. */
export type TimingSample = { completed: bigint; failed: bigint; average_ms: number | null };

/**
 * One QueueStats answer from its parts, the same for a pg-boss queue and a job type: the
 * success rate is completed / (completed + failed) over the sample (1 while nothing
 * finished), the last execution is the newest finished one among the recent ones.
 */
export function presentQueueStats(input: {
  name: string;
  kind: QueueStats['kind'];
  counts: QueueStats['queue'];
  sample: TimingSample;
  recent: Execution[];
  schedule: QueueStats['schedule'];
  now: Date;
}): QueueStats {
  const completed = Number(input.sample.completed);
  const failed = Number(input.sample.failed);
  return {
    name: input.name,
    kind: input.kind,
    status: input.counts.processing > 0 ? 'active' : 'idle',
    queue: input.counts,
    performance: {
      average_execution_ms: input.sample.average_ms ?? 0,
      last_execution_ms: input.recent.find((execution) => execution.completed_at)?.ms ?? null,
      success_rate: completed + failed ? completed / (completed + failed) : 1,
    },
    schedule: input.schedule,
    recent_executions: input.recent.map((execution) => ({
      id: execution.id,
      status: execution.status,
      started_at: execution.started_at?.toISOString() ?? null,
      completed_at: execution.completed_at?.toISOString() ?? null,
      items_processed: execution.items_processed,
    })),
    generated_at: input.now.toISOString(),
  };
}
