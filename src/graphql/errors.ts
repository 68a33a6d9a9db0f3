import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** The `extensions.code` values litgraph sets (Apollo adds GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, …). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  /** The answer would exceed the result-size ceiling (README "Limits"). */
  | 'RESULT_TOO_LARGE'
  /** Too many failed API-key checks from this client: wait `Retry-After` seconds. */
  | 'RATE_LIMITED'
  /** Too many heavy requests at once (load shedding): retry after `Retry-After` seconds. */
  | 'OVERLOADED'
  /** The request ran past the execution-time ceiling and was stopped. */
  | 'TIMEOUT'
  /** The graph store cannot answer (a StoreError other than a bad cursor; src/server/app.ts). */
  | 'STORE_UNAVAILABLE';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RESULT_TOO_LARGE: 400,
  RATE_LIMITED: 429,
  OVERLOADED: 503,
  TIMEOUT: 503,
  STORE_UNAVAILABLE: 503,
};

/**
 * An error meant for the client, with its code. `beforeExecution`: raised before anything ran, so the whole
 * response gets the code's HTTP status (inside execution, GraphQL answers 200 with the error in `errors`).
 * `retryAfter` (seconds) sets the Retry-After header of such a response.
 */
export function clientError(
  code: ErrorCode,
  message: string,
  beforeExecution = false,
  retryAfter?: number,
): GraphQLError {
  // Apollo merges `http.headers` as a HeaderMap (graphql-yoga's type declarations say a record: a cast).
  const headers = retryAfter === undefined ? {} : { headers: new HeaderMap([['retry-after', String(retryAfter)]]) };
  const http = { status: HTTP_STATUS[code], ...headers } as unknown as { status: number };
  return new GraphQLError(message, { extensions: { code, ...(beforeExecution ? { http } : {}) } });
}

/** The HTTP status of a client error code (used when a response is replaced after execution). */
export function httpStatus(code: ErrorCode): number {
  return HTTP_STATUS[code];
}
