/** Every query key of the API tokens page, per organisation: its tokens and its callback secret. */
export const tokenKeys = {
  all: (organizationId: string) => ['tokens', organizationId] as const,
  list: (organizationId: string) => [...tokenKeys.all(organizationId), 'list'] as const,
  callbackSecret: (organizationId: string) => [...tokenKeys.all(organizationId), 'callback-secret'] as const,
};
