import { GraphQLError } from 'graphql';

/** The `extensions.code` values litgraph sets (Apollo adds GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, …). */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};

/**
 * An error meant for the client, with its code. `beforeExecution`: raised before anything ran, so the whole
 * response gets the code's HTTP status (inside execution, GraphQL answers 200 with the error in `errors`).
 */
export function clientError(code: ErrorCode, message: string, beforeExecution = false): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...(beforeExecution ? { http: { status: HTTP_STATUS[code] } } : {}) },
  });
}
