/** Every query key of the admin section. */
export const adminKeys = {
  all: ['admin'] as const,
  stats: () => [...adminKeys.all, 'stats'] as const,
  queues: () => [...adminKeys.all, 'queues'] as const,
  queue: (name: string) => [...adminKeys.queues(), name] as const,
  workers: () => [...adminKeys.all, 'workers'] as const,
};
