import { queryOptions, useQuery } from '@tanstack/react-query';
import { UploadLimitsSchema } from '@docket/contracts/jobs';
import { api } from '../../../lib/api-client.ts';
import { uploadKeys } from './upload-keys.ts';

export const uploadLimitsQueryOptions = () =>
  queryOptions({
    queryKey: uploadKeys.limits(),
    queryFn: async () => UploadLimitsSchema.parse(await api('/api/jobs/limits')),
    staleTime: Infinity,
  });

export const useUploadLimits = () => useQuery(uploadLimitsQueryOptions());
