import type { CodegenConfig } from '@graphql-codegen/cli';

/** Resolver types generated from the schema: `npm run codegen`. test/api/codegen.test.ts fails when they are stale. */
const config: CodegenConfig = {
  overwrite: true,
  schema: 'schema/*.graphql',
  generates: {
    'src/graphql/generated.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: './context#Context',
        mapperTypeSuffix: 'Model',
        mappers: {
          Paper: '../domain#Paper',
          SearchHit: '../services/ranking#RankedPaper',
          RelatedPaper: '../services/related#RelatedPaper',
          Concept: '../domain#ConceptNode',
          ConceptEdge: '../domain#ConceptNeighbour',
          ConceptNeighbourhood: '../services/knowledge#Neighbourhood',
          ConceptLink: '../services/knowledge#NeighbourhoodLink',
          PaperConcept: '../services/knowledge#WeightedConcept',
          PaperMethod: '../domain#PaperMethodRole',
          Method: '../domain#MethodNode',
          LineageEdge: '../domain#LineageEdge',
          MethodLineage: '../services/knowledge#Lineage',
        },
        scalars: { ID: 'string' },
      },
    },
  },
};

export default config;
