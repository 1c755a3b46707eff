import { z } from 'zod';

const CliConfigSchema = z.object({
  /** Unset: the embedded database in DATA_DIR (Docket itself must be stopped then). */
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgresql:// URL' }).optional(),
  DATA_DIR: z.string().min(1).default('./.docket'),
});

export type CliConfig = z.infer<typeof CliConfigSchema>;

/** Database settings of the admin commands; parsed only when a command needs them. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const parsed = CliConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
}
