/** Every query key of the webhook endpoints page. */
export const webhookKeys = {
  all: ['webhook-endpoints'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
};
