import { z } from 'zod';

/** `GET /healthz`: the process runs. */
export const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

/** `GET /readyz` when it can take work: the database answers and DATA_DIR's disk has room. */
export const ReadinessSchema = z.object({ status: z.literal('ready') }).meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof ReadinessSchema>;
