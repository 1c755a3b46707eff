import { isUuid } from '@docket/contracts/common';
import { AppError } from '@docket/contracts/app-error';
import type { OrganizationCaller } from '@docket/contracts/organizations';
import type { Db } from '@docket/db/create-prisma';
import type { BlobStore } from '@docket/storage/blob-store';

/**
 * The extracted text of a document of the caller's organisation.
 * @throws AppError not_found, not_ready (409) while the document has not succeeded.
 */
export async function getDocumentText(deps: { db: Db; blobs: BlobStore }, caller: OrganizationCaller, jobId: string, documentId: string): Promise<Buffer> {
  if (!isUuid(jobId) || !isUuid(documentId)) throw new AppError('not_found', 'document not found');
  const document = await deps.db.document.findFirst({
    where: { id: documentId, jobId, job: { organizationId: caller.organizationId } },
    select: { status: true, textBlobKey: true },
  });
  if (!document) throw new AppError('not_found', 'document not found');
  if (document.status !== 'succeeded' || !document.textBlobKey) {
    throw new AppError('not_ready', `the document is ${document.status}; its text is available once it has succeeded`, { status: document.status });
  }
  return deps.blobs.read(document.textBlobKey);
}
