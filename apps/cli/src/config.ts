import { z } from 'zod';
import { CliError, type DocketApi } from './docket-api.ts';

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

/** Where the HTTP commands (submit) find Docket, with a clear error for what is missing. */
export function loadDocketApi(env: NodeJS.ProcessEnv = process.env): DocketApi {
  const url = env.DOCKET_URL?.replace(/\/+$/, '');
  if (!url) throw new CliError('set DOCKET_URL to your Docket, e.g. DOCKET_URL=http://localhost:3000');
  if (!/^https?:\/\//.test(url)) throw new CliError(`DOCKET_URL must start with http:// or https:// (got ${url})`);
  const token = env.DOCKET_TOKEN;
  if (!token) throw new CliError('set DOCKET_TOKEN to an API token (create one on the dashboard\'s "API tokens" page)');
  return { url, token };
}
