import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { PROJECT_ROOT } from '../paths';
import { knowledgeResolvers } from './knowledge';
import { resolvers } from './resolvers';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

/** The SDL of schema/*.graphql, in file name order. */
export function typeDefs(): string[] {
  return fs
    .readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
}

/** The executable schema: the contract in schema/ with litgraph's resolvers. */
export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: typeDefs(), resolvers: [resolvers, knowledgeResolvers] });
}
