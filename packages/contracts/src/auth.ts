import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';

/**
 * A user's operator role, as the operator API names them: `user` for everyone, or one of the
 * two operator roles — `system_admin` reads every admin view; `super_admin` does too and is the
 * operator who grants and revokes `system_admin` (with the `docket users` CLI; no HTTP call
 * changes a role). Organisation roles (owner, admin, member) are another axis.
 */
export const RoleSchema = z.enum(['user', 'system_admin', 'super_admin']).meta({ id: 'Role' });
export type Role = z.infer<typeof RoleSchema>;

/** True for the operator roles (`system_admin`, `super_admin`): the one test of admin rights, on the server and in the dashboard. */
export function isOperator(role: Role): boolean {
  return role === 'system_admin' || role === 'super_admin';
}

const EmailSchema = z
  .email('must be a valid email address')
  .max(254)
  .transform((email) => email.toLowerCase());

export const RegisterRequestSchema = z.object({
  email: EmailSchema,
  password: z
    .string()
    .min(8, 'password must be at least 8 characters')
    .max(256, 'password must be at most 256 characters'),
}).meta({ id: 'RegisterRequest' });
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

export const LoginRequestSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, 'password is required').max(256),
}).meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const RefreshRequestSchema = z.object({ refresh_token: z.string().min(1).max(512) }).meta({ id: 'RefreshRequest' });
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

export const LogoutRequestSchema = RefreshRequestSchema;
export type LogoutRequest = RefreshRequest;

export const UserSchema = z.object({
  id: UuidSchema,
  email: z.string(),
  role: RoleSchema,
  created_at: TimestampSchema,
}).meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const AuthResultSchema = z.object({
  user: UserSchema,
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expires_in: z.number().int(),
}).meta({ id: 'AuthResult' });
export type AuthResult = z.infer<typeof AuthResultSchema>;

/**
 * A client that sends this header with the value `cookie` on register, login, refresh and
 * logout (the dashboard does) keeps its refresh token in an HttpOnly cookie instead of in
 * JSON: the server sets the cookie, reads it back on refresh and logout, and leaves
 * `refresh_token` out of the answer, so script on the page never sees it.
 */
export const SESSION_TRANSPORT_HEADER = 'x-docket-session';
export const COOKIE_SESSION = 'cookie';

/** What register, login and refresh answer a cookie-session client: AuthResult without the refresh token. */
export const SessionResultSchema = AuthResultSchema.omit({ refresh_token: true }).meta({ id: 'SessionResult' });
export type SessionResult = z.infer<typeof SessionResultSchema>;
