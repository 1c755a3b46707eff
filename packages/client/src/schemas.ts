import type { components, operations } from './generated/openapi.ts';

type Schemas = components['schemas'];

/** The contracts of Docket's API by name, as docs/openapi.json defines them. */
export type AuthResult = Schemas['AuthResult'];
export type User = Schemas['User'];
export type Job = Schemas['Job'];
export type JobSummary = Schemas['JobSummary'];
export type JobStatus = Schemas['JobStatus'];
export type JobType = Schemas['JobType'];
export type Document = Schemas['Document'];
export type CallbackDelivery = Schemas['CallbackDelivery'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type HistoryStats = Schemas['HistoryStats'];
export type UsageReport = Schemas['UsageReport'];
export type UsageRecord = Schemas['UsageRecord'];
export type ErrorBody = Schemas['ErrorBody'];
export type Organization = Schemas['Organization'];
export type OrganizationRole = Schemas['OrganizationRole'];
export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];
export type CreatedInvitation = Schemas['CreatedInvitation'];
export type IdentityLink = Schemas['IdentityLink'];
export type IdentityLinkList = Schemas['IdentityLinkList'];

/** The filters of `GET /api/jobs` (without the page's `limit` and `cursor`). */
export type JobFilters = Omit<NonNullable<operations['listJobs']['parameters']['query']>, 'cursor'>;
/** The query of `GET /api/admin/usage/export`. */
export type UsageExportQuery = operations['exportUsage']['parameters']['query'];
