/** Every query key of the usage page: one report per UTC month. */
export const usageKeys = {
  all: ['usage'] as const,
  month: (monthStart: Date) => [...usageKeys.all, monthStart.toISOString()] as const,
};
