import createClient, { type Client } from 'openapi-fetch';
import { DocketConnectionError, DocketError } from './docket-error.ts';
import type { paths } from './generated/openapi.ts';
import { paginate } from './paginate.ts';
import type { AuthResult, CallbackDelivery, CreatedInvitation, IdentityLink, IdentityLinkList, Job, JobFilters, JobSummary, Member, Organization, OrganizationRole, UsageExportQuery, WebhookEndpoint } from './schemas.ts';
import { sessionTokens, type Session, type SessionTokens } from './session-tokens.ts';

export { DocketConnectionError, DocketError } from './docket-error.ts';
export type { Session } from './session-tokens.ts';
export type * from './schemas.ts';

/** The operations of docs/openapi.json, typed (openapi-fetch): `api.GET('/api/history/stats')`. */
export type DocketApi = Client<paths>;

type Connection = {
  /** Where Docket answers, e.g. `https://docket.example.com`. */
  baseUrl: string;
  /** Another fetch (a test double, a proxy agent); the global one by default. */
  fetch?: typeof fetch;
  /** How often an answer 429 or 503 is retried after its `Retry-After` (requests that are safe to repeat only). Default 2. */
  maxRetries?: number;
  /** The longest `Retry-After` waited out; a longer one is thrown at once. Default 60 s. */
  maxRetryDelayMs?: number;
  /**
   * The organisation every call acts in, sent as `x-tenantid` (without it: the personal
   * organisation). An API token always acts in the organisation it was created in and ignores it.
   */
  organizationId?: string;
};

export type DocketClientOptions = Connection &
  (
    | {
        /** An API token (`dkt_…`) or an access token you keep fresh yourself: sent as is. */
        token: string;
        session?: never;
      }
    | {
        /** A signed-in session: renewed a minute before its access token expires, and once more after a 401. */
        session: Session;
        /** Hears each renewed session: keep its refresh token, as the one before stops working. */
        onSession?: (session: Session) => void | Promise<void>;
        token?: never;
      }
  );

/** A file to upload: a File (it carries its name), or bytes with a name. */
export type Upload = File | { name: string; content: Blob | Uint8Array | string; type?: string };

type Outcome = { data?: unknown; error?: unknown; response: Response };
type SendOptions = { retryable?: boolean };

/** The header that selects the organisation a call acts in. */
const TENANT_HEADER = 'x-tenantid';

/** What every client of one set of credentials shares, whichever organisation it acts in. */
type Credentials = { token?: string; tokens?: SessionTokens; bare: DocketApi };

/** The session an `/api/auth/*` answer starts. */
export function sessionOf(result: Pick<AuthResult, 'access_token' | 'refresh_token' | 'expires_in'>, now = Date.now()): Session {
  return { accessToken: result.access_token, refreshToken: result.refresh_token, expiresAt: new Date(now + result.expires_in * 1000) };
}

/**
 * A typed client of Docket's API. Requests carry the API token, or the session's access token,
 * renewed before it expires and once more after a 401 `token_expired`/`invalid_token`. Every
 * answer other than a success throws a `DocketError` (status, code, message, request id); no
 * answer at all throws a `DocketConnectionError`. Answers 429 and 503 are retried after their
 * `Retry-After` when repeating the request is safe: reads, and submissions, which always carry
 * an `Idempotency-Key`.
 */
export function createDocketClient(options: DocketClientOptions) {
  const bare = bareClient(options);
  // Refreshed through the bare client: renewing must not wait for a fresh access token.
  const tokens = options.session ? sessionTokens(options.session, (refreshToken) => refreshSession(bare, refreshToken), options.onSession) : undefined;
  return inOrganization(options, { token: options.token, tokens, bare }, options.organizationId);
}

/** The client of `credentials` acting in `organizationId` (undefined: the personal organisation). */
function inOrganization(connection: Connection, credentials: Credentials, organizationId: string | undefined): DocketClient {
  return {
    ...clientOf(connection, credentials, organizationId),
    inOrganization: (id) => inOrganization(connection, credentials, id),
  };
}

function clientOf(connection: Connection, credentials: Credentials, organizationId: string | undefined) {
  const { tokens, bare } = credentials;
  const baseUrl = connection.baseUrl.replace(/\/+$/, '');
  const api: DocketApi = bareClient(connection);
  const maxRetries = connection.maxRetries ?? 2;
  const maxRetryDelayMs = connection.maxRetryDelayMs ?? 60_000;

  // Which access token each request went with: a 401 renews the session only if nobody has since.
  const sentWith = new WeakMap<Request | Response, string>();
  api.use({
    async onRequest({ request }) {
      const token = tokens ? await tokens.accessToken() : credentials.token!;
      sentWith.set(request, token);
      request.headers.set('authorization', `Bearer ${token}`);
      if (organizationId !== undefined) request.headers.set(TENANT_HEADER, organizationId);
      return request;
    },
    onResponse({ request, response }) {
      const token = sentWith.get(request);
      if (token !== undefined) sentWith.set(response, token);
      return response;
    },
  });

  /**
   * Sends one request (`issue` may be called again: for a retry, after a renewal) and returns
   * its data, or throws what went wrong.
   */
  async function send<R extends Outcome>(issue: (api: DocketApi) => Promise<R>, { retryable = false }: SendOptions = {}): Promise<NonNullable<R['data']>> {
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      let outcome: R;
      try {
        outcome = await issue(api);
      } catch (error) {
        if (error instanceof DocketError) throw error;
        throw new DocketConnectionError(baseUrl, error);
      }
      const { response } = outcome;
      if (response.ok) return outcome.data as NonNullable<R['data']>;
      const error = DocketError.from(response, outcome.error);
      if (tokens && response.status === 401 && !renewed && (error.code === 'token_expired' || error.code === 'invalid_token')) {
        renewed = true;
        await tokens.renew(sentWith.get(response) ?? tokens.current().accessToken);
        continue;
      }
      const delayMs = (error.retryAfterSeconds ?? 1) * 1000;
      if (retryable && (response.status === 429 || response.status === 503) && attempt < maxRetries && delayMs <= maxRetryDelayMs) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        continue;
      }
      throw error;
    }
  }

  const getJob = (id: string) => send((api) => api.GET('/api/jobs/{id}', { params: { path: { id } } }), { retryable: true });

  return {
    /** Every operation of the API, typed; pass a call to `send` for errors, renewals and retries. */
    api,
    send,

    /** The session as it is now (renewed ones replace the one given), or undefined with an API token. */
    session: (): Session | undefined => tokens?.current(),

    /** The organisation this client acts in (`x-tenantid`), or undefined for the personal one. */
    organizationId,

    /** Every organisation the signed-in user belongs to, with their role, the personal one first (`GET /api/organizations`: one page). */
    organizations: async (): Promise<Organization[]> => (await send((api) => api.GET('/api/organizations'), { retryable: true })).items,

    /** The members of an organisation, owners first (`GET /api/organizations/{id}/members`: one page). */
    members: async (organization: string): Promise<Member[]> =>
      (await send((api) => api.GET('/api/organizations/{id}/members', { params: { path: { id: organization } } }), { retryable: true })).items,

    /**
     * Invites someone to an organisation (`POST /api/organizations/{id}/invitations`; owners and
     * admins): the `code` and its dashboard `url` are shown only in this answer — pass one on.
     */
    createInvitation: (organization: string, invitation: { role?: 'admin' | 'member'; expiresInDays?: number } = {}): Promise<CreatedInvitation> =>
      send((api) =>
        api.POST('/api/organizations/{id}/invitations', {
          params: { path: { id: organization } },
          body: { ...(invitation.role !== undefined && { role: invitation.role }), ...(invitation.expiresInDays !== undefined && { expires_in_days: invitation.expiresInDays }) },
        }),
      ),

    /**
     * The organisation's identity-provider links, and the issuers a new one may name
     * (`GET /api/organizations/{id}/identity-links`; owners and admins).
     */
    identityLinks: (organization: string): Promise<Pick<IdentityLinkList, 'items' | 'linkable_issuers'>> =>
      send((api) => api.GET('/api/organizations/{id}/identity-links', { params: { path: { id: organization } } }), { retryable: true }),

    /**
     * Links a value of an identity provider's organisations claim to an organisation
     * (`POST /api/organizations/{id}/identity-links`; owners and admins, the owner role owners
     * only): from their next sign-in with that provider, its holders are members with `role`
     * (default `member`). Not repeated after a 429 or 503: a second try would be a 409.
     */
    createIdentityLink: (organization: string, link: { issuer: string; claimValue: string; role?: OrganizationRole }): Promise<IdentityLink> =>
      send((api) =>
        api.POST('/api/organizations/{id}/identity-links', {
          params: { path: { id: organization } },
          body: { issuer: link.issuer, claim_value: link.claimValue, ...(link.role !== undefined && { role: link.role }) },
        }),
      ),

    /**
     * Deletes an identity-provider link (`DELETE /api/organizations/{id}/identity-links/{linkId}`):
     * the members it brought in go at their next sign-in with that provider, unless another link holds.
     */
    async deleteIdentityLink(organization: string, linkId: string): Promise<void> {
      await send((api) => api.DELETE('/api/organizations/{id}/identity-links/{linkId}', { params: { path: { id: organization, linkId } } }));
    },

    /**
     * Joins the organisation an invitation code invites to (`POST /api/invitations/accept`) and
     * returns it, with the role the invitation gives. The code works once (a member already in
     * gets the organisation back without spending it), so it is not repeated after a 429 or 503.
     */
    acceptInvitation: (code: string): Promise<Organization> => send((api) => api.POST('/api/invitations/accept', { body: { code } })),

    /** `GET /api/auth/me`. */
    me: () => send((api) => api.GET('/api/auth/me'), { retryable: true }),

    /**
     * `POST /api/jobs`: uploads files as one job (one file: `single`, several: `batch`). The
     * `Idempotency-Key` (a random UUID unless given) makes the upload safe to repeat: a retry
     * after a lost answer returns the same job, never a second one.
     */
    submit(files: Upload[], submission: { idempotencyKey?: string; callbackUrl?: string } = {}): Promise<Job> {
      const idempotencyKey = submission.idempotencyKey ?? crypto.randomUUID();
      const body = { files: files.map(toFile), ...(submission.callbackUrl !== undefined && { callback_url: submission.callbackUrl }) };
      return send(
        (api) =>
          api.POST('/api/jobs', {
            params: { header: { 'Idempotency-Key': idempotencyKey } },
            body,
            bodySerializer: (form) => {
              const data = new FormData();
              for (const file of form.files) data.append('files', file);
              if (form.callback_url !== undefined) data.append('callback_url', form.callback_url);
              return data;
            },
          }),
        { retryable: true },
      );
    },

    /** `GET /api/jobs/{id}`. */
    getJob,

    /** Every job that matches `filters`, newest first, across all pages (`GET /api/jobs`). */
    jobs(filters: JobFilters = {}): AsyncGenerator<JobSummary, void, undefined> {
      return paginate((cursor) => send((api) => api.GET('/api/jobs', { params: { query: { ...filters, cursor } } }), { retryable: true }));
    },

    /** Every delivery attempt of a job's completion callback, newest first, across all pages. */
    deliveries(jobId: string): AsyncGenerator<CallbackDelivery, void, undefined> {
      return paginate((cursor) => send((api) => api.GET('/api/jobs/{id}/deliveries', { params: { path: { id: jobId }, query: { cursor, limit: 100 } } }), { retryable: true }));
    },

    /** Every webhook endpoint of the signed-in user, across all pages. */
    webhookEndpoints(): AsyncGenerator<WebhookEndpoint, void, undefined> {
      return paginate((cursor) => send((api) => api.GET('/api/webhook-endpoints', { params: { query: { cursor, limit: 100 } } }), { retryable: true }));
    },

    /**
     * Polls a job until it is `completed`, `failed` or `cancelled`, telling `onUpdate` about
     * each state it sees; `signal` stops waiting.
     */
    async waitForJob(id: string, wait: { intervalMs?: number; signal?: AbortSignal; onUpdate?: (job: Job) => void } = {}): Promise<Job> {
      for (;;) {
        wait.signal?.throwIfAborted();
        const job = await getJob(id);
        wait.onUpdate?.(job);
        if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') return job;
        await new Promise((resolve) => setTimeout(resolve, wait.intervalMs ?? 500));
      }
    },

    /** A document's extracted text as it streams in (`GET /api/jobs/{id}/documents/{documentId}/text`). */
    documentText: (jobId: string, documentId: string): Promise<ReadableStream<Uint8Array>> =>
      send((api) => api.GET('/api/jobs/{id}/documents/{documentId}/text', { params: { path: { id: jobId, documentId } }, parseAs: 'stream' }), { retryable: true }),

    /**
     * Every user's usage for billing, streamed as Docket writes it (`GET /api/admin/usage/export`;
     * an admin's session or API token with `usage:read`). `through` is where the exported range
     * really ends: the end of the last closed period.
     */
    async exportUsage(query: UsageExportQuery): Promise<{ body: ReadableStream<Uint8Array>; through: string | null }> {
      let through: string | null = null;
      const body = await send(
        async (api) => {
          const outcome = await api.GET('/api/admin/usage/export', { params: { query }, parseAs: 'stream' });
          through = outcome.response.headers.get('docket-usage-through');
          return outcome;
        },
        { retryable: true },
      );
      return { body, through };
    },

    /** Ends a signed-in session (`POST /api/auth/logout`): its refresh token stops working. */
    async signOut(): Promise<void> {
      if (!tokens) throw new Error('signOut ends a signed-in session; an API token is revoked with DELETE /api/tokens/{id}');
      // Bare: the refresh token is the credential, and renewing first would spend the one sent.
      await send(() => bare.POST('/api/auth/logout', { body: { refresh_token: tokens.current().refreshToken } }));
    },
  };
}

export type DocketClient = ReturnType<typeof clientOf> & {
  /**
   * The same credentials acting in another organisation (undefined: the personal one). A
   * session is shared, not copied: both clients renew it together, so neither ever presents a
   * refresh token the other has spent.
   */
  inOrganization(organizationId: string | undefined): DocketClient;
};

/**
 * Signs in with an email and password (`POST /api/auth/login`) and returns a client of that
 * session, which renews itself; `onSession` hears each renewal.
 */
export async function signIn(options: Connection & { email: string; password: string; onSession?: (session: Session) => void | Promise<void> }): Promise<DocketClient> {
  const { email, password, onSession, ...connection } = options;
  const outcome = await bareClient(connection)
    .POST('/api/auth/login', { body: { email, password } })
    .catch((error: unknown) => {
      throw new DocketConnectionError(connection.baseUrl, error);
    });
  return createDocketClient({ ...connection, session: sessionFrom(outcome), onSession });
}

/** An openapi-fetch client of Docket with no credentials. */
function bareClient(connection: Connection): DocketApi {
  const send = connection.fetch ?? fetch;
  return createClient<paths>({ baseUrl: connection.baseUrl.replace(/\/+$/, ''), fetch: (request) => send(request) });
}

async function refreshSession(api: DocketApi, refreshToken: string): Promise<Session> {
  return sessionFrom(await api.POST('/api/auth/refresh', { body: { refresh_token: refreshToken } }));
}

/** The session a sign-in or refresh started, or its error. Without `x-docket-session: cookie`, the answer always holds both tokens. */
function sessionFrom(outcome: { data?: AuthResult | Omit<AuthResult, 'refresh_token'>; error?: unknown; response: Response }): Session {
  if (!outcome.response.ok || !outcome.data) throw DocketError.from(outcome.response, outcome.error);
  if (!('refresh_token' in outcome.data)) throw new Error('Docket answered a cookie session, which this client does not ask for');
  return sessionOf(outcome.data);
}

function toFile(upload: Upload): File {
  if (upload instanceof File) return upload;
  return new File([upload.content as ConstructorParameters<typeof File>[0][number]], upload.name, { type: upload.type ?? 'application/octet-stream' });
}
