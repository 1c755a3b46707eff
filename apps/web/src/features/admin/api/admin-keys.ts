/**
 * Every query key of the admin section. Each view's key names the organisation it is narrowed
 * to (`all` for the whole system) right after its own name, so two narrowings never share a
 * cache entry.
 */
const scope = (organizationId: string | undefined) => organizationId ?? 'all';

export const adminKeys = {
  all: ['admin'] as const,
  stats: (organizationId?: string) => [...adminKeys.all, 'stats', scope(organizationId)] as const,
  queues: (organizationId?: string) => [...adminKeys.all, 'queues', scope(organizationId)] as const,
  queue: (name: string, organizationId?: string) => [...adminKeys.queues(organizationId), name] as const,
  workers: (organizationId?: string) => [...adminKeys.all, 'workers', scope(organizationId)] as const,
  organizations: (query: string) => [...adminKeys.all, 'organizations', query] as const,
};
