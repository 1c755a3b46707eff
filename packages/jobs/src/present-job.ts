import type { Document, DocumentMetadata, Job, JobSummary } from '@docket/contracts/jobs';
import type { Document as DocumentRow, Job as JobRow } from '@docket/db/generated/prisma/client';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function presentJobSummary(job: Pick<JobRow, 'id' | 'organizationId' | 'userId' | 'jobType' | 'status' | 'totalDocuments' | 'processedCount' | 'failedCount' | 'startedAt' | 'completedAt' | 'createdAt'>): JobSummary {
  return {
    id: job.id,
    organization_id: job.organizationId,
    user_id: job.userId,
    job_type: job.jobType,
    status: job.status,
    total_documents: job.totalDocuments,
    processed_count: job.processedCount,
    failed_count: job.failedCount,
    started_at: iso(job.startedAt),
    completed_at: iso(job.completedAt),
    created_at: job.createdAt.toISOString(),
  };
}

export function presentDocument(document: DocumentRow): Document {
  return {
    id: document.id,
    filename: document.filename,
    mime_type: document.mimeType,
    size_bytes: Number(document.sizeBytes),
    sha256: document.sha256,
    status: document.status,
    page_count: document.pageCount,
    word_count: document.wordCount,
    language: document.language,
    error: document.error,
    // Written only from a DocumentMetadataSchema-parsed value (recordDocumentOutcome).
    metadata: document.metadata as DocumentMetadata,
    started_at: iso(document.startedAt),
    completed_at: iso(document.completedAt),
  };
}

export function presentJob(job: JobRow & { documents: DocumentRow[] }): Job {
  return { ...presentJobSummary(job), error: job.error, documents: job.documents.map(presentDocument), callback_url: job.callbackUrl };
}
