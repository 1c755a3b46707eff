/** Every query key of the API tokens page: the user's tokens and their callback secret. */
export const tokenKeys = {
  all: ['tokens'] as const,
  list: () => [...tokenKeys.all, 'list'] as const,
  callbackSecret: () => [...tokenKeys.all, 'callback-secret'] as const,
};
