import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../graphql/context';
import { clientError, httpStatus, type ErrorCode } from '../graphql/errors';
import { checkLimits } from '../graphql/limits';

/** What one server allows at run time, per request and at once (README "Limits"); tests pass smaller ones. */
export interface ServerLimits {
  /** A query still running after this long is stopped: TIMEOUT (HTTP 503). Mutations have no such ceiling. */
  maxExecutionMs: number;
  /** Fields one response may resolve: RESULT_TOO_LARGE beyond. */
  maxResultFields: number;
  /** Bytes of one response's JSON: RESULT_TOO_LARGE beyond. */
  maxResultBytes: number;
  /**
   * GraphQL requests the server holds at once, from arrival to answer; one more gets OVERLOADED (HTTP 503 +
   * Retry-After) before its body is read. Ranking and extraction run on the event loop, so requests that arrive
   * while one runs wait in the process: this bounds that wait.
   */
  maxInFlight: number;
  /** Operations with a ranking field that run at once; the others wait in a queue. */
  rankingConcurrency: number;
  /** Operations waiting for a ranking slot; one more gets OVERLOADED (HTTP 503 + Retry-After). */
  rankingQueue: number;
  /**
   * Longest wait of an operation with a ranking field, from the request's arrival to the start of its execution
   * (in the process, then for a ranking slot): past it, OVERLOADED before execution. A ranking request that would
   * answer after its client has given up is shed instead, so latency stays bounded under overload.
   */
  queueWaitMs: number;
  /** Mutations (ingestPapers, removePapers) that run at once (in the ingest worker); one more gets OVERLOADED at once. */
  mutationConcurrency: number;
  /** Failed API-key checks a client may make per `authWindowMs`; then RATE_LIMITED (HTTP 429 + Retry-After). */
  authFailures: number;
  authWindowMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxExecutionMs: 10_000,
  maxResultFields: 50_000,
  maxResultBytes: 5 * 1024 * 1024,
  maxInFlight: 64,
  rankingConcurrency: 2,
  rankingQueue: 64,
  queueWaitMs: 5_000,
  mutationConcurrency: 1,
  authFailures: 10,
  authWindowMs: 60_000,
};

/** Seconds an OVERLOADED client is told to wait: a ranking slot frees within a second, an ingest takes longer. */
const RETRY_RANKING_SECONDS = 1;
const RETRY_MUTATION_SECONDS = 10;
/** Longest a stopping server waits for the operations still running (an ingest may take a while). */
const STOP_WAIT_MS = 120_000;

/**
 * A counting semaphore with a bounded queue: `acquire` gives a release function once a slot is free, or null at
 * once when the queue is full, or null after `maxWaitMs` in the queue. Nothing queues without bound.
 */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxActive: number,
    private readonly maxQueued: number,
    private readonly maxWaitMs: number,
  ) {}

  /** A slot, waiting `maxWaitMs` at most (and never longer than the gate's own limit). */
  acquire(maxWaitMs = this.maxWaitMs): Promise<(() => void) | null> {
    if (this.active < this.maxActive) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxQueued) return Promise.resolve(null);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.active++;
        resolve(this.releaser());
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(wake), 1);
        resolve(null);
      }, Math.min(maxWaitMs, this.maxWaitMs));
      this.waiting.push(wake);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

/** Failed attempts per client in a sliding window; the map forgets clients whose failures have all expired. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds the client must wait before its next attempt; 0 when it may try now. */
  retryAfter(client: string, now = Date.now()): number {
    const times = this.recent(client, now);
    return times.length < this.maxFailures ? 0 : Math.max(1, Math.ceil((times[0] + this.windowMs - now) / 1000));
  }

  fail(client: string, now = Date.now()): void {
    this.failures.set(client, [...this.recent(client, now), now]);
    for (const [other, times] of this.failures) {
      if (times[times.length - 1] <= now - this.windowMs) this.failures.delete(other);
    }
  }

  private recent(client: string, now: number): number[] {
    return (this.failures.get(client) ?? []).filter((t) => t > now - this.windowMs);
  }
}

/**
 * Express middleware shedding GraphQL requests beyond `limits.maxInFlight` (README "Limits"); it notes when each
 * request arrived (`res.locals.arrived`, performance.now()) for the wait limit of ranking operations, and gives it
 * a signal (`res.locals.gone`) aborted when the client closes the connection before the answer: a client that gave
 * up (a timeout) costs no more work, so a request counts in flight until its answer or its client's departure.
 */
export function admission(limits: ServerLimits): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    res.locals.arrived = performance.now();
    const gone = new AbortController();
    res.locals.gone = gone.signal;
    if (inFlight >= limits.maxInFlight) {
      res
        .status(httpStatus('OVERLOADED'))
        .set('retry-after', String(RETRY_RANKING_SECONDS))
        .json({ errors: [{ message: 'the server is busy: retry shortly', extensions: { code: 'OVERLOADED' } }] });
      return;
    }
    inFlight++;
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      inFlight--;
    };
    res.on('finish', end);
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
      end();
    });
    next();
  };
}

/** The mutation fields an operation calls, for messages: "ingestPapers", "removePapers". */
function mutationNames(operation: OperationDefinitionNode): string {
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
  return fields.length ? [...new Set(fields)].join(' and ') : 'a mutation';
}

/** The error a mutation (`name`) gets without a valid key; null when the key is valid. */
function authError(ctx: Context, name: string): GraphQLError | null {
  switch (ctx.auth) {
    case 'ok':
      return null;
    case 'disabled':
      return clientError('FORBIDDEN', `${name} is disabled: the server has no LITGRAPH_API_KEY configured`, true);
    case 'missing':
      return clientError('UNAUTHENTICATED', `${name} needs the header "Authorization: Bearer <API key>"`, true);
    case 'invalid':
      return clientError('UNAUTHENTICATED', 'the API key sent is not valid', true);
  }
}

/**
 * Everything checked around an operation, before and while it runs:
 *
 * - before execution: the static limits (`checkLimits`: depth, `first`, cost, text caps); for a mutation, the
 *   client's failed-key count (RATE_LIMITED), the key itself (every failure logged on standard error with the
 *   client's address and the time, never the key), then a mutation slot (OVERLOADED when taken); for an operation
 *   with a ranking field, a ranking slot (queued, OVERLOADED when the queue is full or the request has waited
 *   `queueWaitMs` since it arrived);
 * - during execution of a query: the execution-time and resolved-field ceilings and the client's presence,
 *   checked at every field;
 * - before sending: the result-size ceiling. A request stopped by a ceiling answers with that one error.
 */
export function guardsPlugin(limits: ServerLimits): ApolloServerPlugin<Context> {
  const ranking = new Gate(limits.rankingConcurrency, limits.rankingQueue, limits.queueWaitMs);
  const mutations = new Gate(limits.mutationConcurrency, 0, 0);
  const failures = new FailureLimiter(limits.authFailures, limits.authWindowMs);
  /** Operations between their start and their answer, and what to call when the last one ends. */
  let active = 0;
  let idle: (() => void) | null = null;
  return {
    // A stopping server closes its store after this: every operation still running (even one whose client left)
    // ends first.
    async serverWillStart() {
      return {
        async serverWillStop() {
          if (active === 0) return;
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((resolve) => (idle = resolve)),
            new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS))),
          ]);
          clearTimeout(timer);
        },
      };
    },
    async requestDidStart() {
      active++;
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        if (--active === 0) idle?.();
      };
      let release: (() => void) | null = null;
      let stopped: { code: ErrorCode; message: string } | null = null;
      let isQuery = false;
      let ranks = false;
      return {
        async didResolveOperation({ schema, document, request, operationName, operation, contextValue }) {
          const profile = checkLimits(schema, document, request.variables ?? {}, operationName ?? undefined);
          if (profile instanceof GraphQLError) throw profile;
          if (contextValue.gone.aborted && operation?.operation !== 'mutation') {
            throw clientError('OVERLOADED', 'the client closed the connection before its answer', true, RETRY_RANKING_SECONDS);
          }
          if (operation?.operation === 'mutation') {
            const wait = failures.retryAfter(contextValue.client);
            if (wait > 0) {
              throw clientError('RATE_LIMITED', `too many failed API-key checks from this client: retry in ${wait} s`, true, wait);
            }
            const name = mutationNames(operation);
            const refused = authError(contextValue, name);
            if (refused) {
              if (contextValue.auth !== 'disabled') {
                failures.fail(contextValue.client);
                process.stderr.write(
                  `litgraph: failed API-key check (${contextValue.auth} key) from ${contextValue.client} at ` +
                    `${new Date().toISOString()}\n`,
                );
              }
              throw refused;
            }
            release = await mutations.acquire();
            if (!release) {
              throw clientError(
                'OVERLOADED',
                `another mutation (ingestPapers or removePapers) is running: retry ${name} in ${RETRY_MUTATION_SECONDS} s`,
                true,
                RETRY_MUTATION_SECONDS,
              );
            }
            return;
          }
          isQuery = true;
          ranks = profile.ranks;
          if (profile.ranks) {
            const waited = performance.now() - contextValue.arrived;
            release = waited < limits.queueWaitMs ? await ranking.acquire(limits.queueWaitMs - waited) : null;
            if (!release) {
              throw clientError(
                'OVERLOADED',
                'too many ranking requests at once (search, relatedPapers, relatedToText, related): retry shortly',
                true,
                RETRY_RANKING_SECONDS,
              );
            }
          }
        },
        async executionDidStart({ contextValue }) {
          if (!isQuery) return;
          // A ranking computes on this thread for a while: first let the event loop read the requests waiting in
          // their sockets (so their wait is timed from their real arrival) and answer /healthz and cheap queries.
          if (ranks) await nextTurn();
          const deadline = performance.now() + limits.maxExecutionMs;
          let fields = 0;
          return {
            willResolveField() {
              if (!stopped && contextValue.gone.aborted) {
                stopped = { code: 'OVERLOADED', message: 'the client closed the connection before its answer' };
              }
              if (!stopped && ++fields > limits.maxResultFields) {
                stopped = {
                  code: 'RESULT_TOO_LARGE',
                  message: `the answer would resolve more than ${limits.maxResultFields} fields: ask for fewer items`,
                };
              }
              if (!stopped && performance.now() > deadline) {
                stopped = { code: 'TIMEOUT', message: `the query ran longer than ${limits.maxExecutionMs} ms and was stopped` };
              }
              if (stopped) throw clientError(stopped.code, stopped.message);
            },
          };
        },
        async willSendResponse({ response }) {
          release?.();
          release = null;
          end();
          if (response.body.kind !== 'single') return;
          if (!stopped && JSON.stringify(response.body.singleResult).length > limits.maxResultBytes) {
            stopped = {
              code: 'RESULT_TOO_LARGE',
              message: `the answer is larger than ${limits.maxResultBytes} bytes: ask for fewer items or fields`,
            };
          }
          if (!stopped) return;
          response.body.singleResult = { errors: [{ message: stopped.message, extensions: { code: stopped.code } }] };
          response.http.status = httpStatus(stopped.code);
          if (stopped.code === 'TIMEOUT') response.http.headers.set('retry-after', String(RETRY_RANKING_SECONDS));
        },
      };
    },
  };
}
