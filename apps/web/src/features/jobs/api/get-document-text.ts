import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { jobKeys } from './job-keys.ts';

export const documentTextQueryOptions = (jobId: string, documentId: string) =>
  queryOptions({
    queryKey: jobKeys.documentText(jobId, documentId),
    queryFn: () => api<string>(`/api/jobs/${jobId}/documents/${documentId}/text`, { raw: true }),
    staleTime: Infinity,
  });

export const useDocumentText = (jobId: string, documentId: string | null) =>
  useQuery({ ...documentTextQueryOptions(jobId, documentId ?? ''), enabled: documentId !== null });
