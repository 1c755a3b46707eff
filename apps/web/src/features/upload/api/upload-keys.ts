/** Every query key of the upload page. */
export const uploadKeys = {
  all: ['upload'] as const,
  limits: () => [...uploadKeys.all, 'limits'] as const,
};
