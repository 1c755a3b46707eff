/** Every query key of the webhook endpoints page, per organisation. */
export const webhookKeys = {
  all: (organizationId: string) => ['webhook-endpoints', organizationId] as const,
  list: (organizationId: string) => [...webhookKeys.all(organizationId), 'list'] as const,
};
