/** Every query key of the usage page: one report per organisation and UTC month. */
export const usageKeys = {
  all: (organizationId: string) => ['usage', organizationId] as const,
  month: (organizationId: string, monthStart: Date) => [...usageKeys.all(organizationId), monthStart.toISOString()] as const,
};
