import type { z } from 'zod';
import { AppError } from '@docket/contracts/app-error';

/** Validates input against its contract schema; failures are 400 with every problem listed. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what = 'request'): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const summary = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
  throw new AppError('validation_failed', `invalid ${what}: ${summary}`, problems);
}
