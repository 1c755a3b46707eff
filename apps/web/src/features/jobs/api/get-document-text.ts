import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { jobKeys } from './job-keys.ts';

export const documentTextQueryOptions = (organizationId: string, jobId: string, documentId: string) =>
  queryOptions({
    queryKey: jobKeys.documentText(organizationId, jobId, documentId),
    queryFn: () => api<string>(`/api/jobs/${jobId}/documents/${documentId}/text`, { raw: true, organizationId }),
    staleTime: Infinity,
  });

export const useDocumentText = (jobId: string, documentId: string | null) =>
  useQuery({ ...documentTextQueryOptions(useActiveOrganization().id, jobId, documentId ?? ''), enabled: documentId !== null });
