import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../src/paths';

// No Docker engine runs here: these check what `docker compose up` relies on, read from the files themselves.
const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes: object };
const { neo4j, litgraph } = compose.services;

test('Neo4j 5 LTS community edition with credentials from the environment, a health check and a named volume', () => {
  expect(neo4j.image).toMatch(/^neo4j:5\.26(\.\d+)?-community$/);
  expect(neo4j.environment?.NEO4J_AUTH).toBe('neo4j/${NEO4J_PASSWORD:?set NEO4J_PASSWORD in .env}');
  expect(neo4j.healthcheck?.test.join(' ')).toMatch(/cypher-shell .*RETURN 1/);
  expect(neo4j.volumes).toContain('neo4j-data:/data');
  expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['neo4j-data', 'model-cache']));
});

test('litgraph is built here, waits for a healthy Neo4j, uses it, serves on 4000 and caches the model in a volume', () => {
  expect(litgraph.build).toBe('.');
  expect(litgraph.depends_on).toEqual({ neo4j: { condition: 'service_healthy' } });
  expect(litgraph.environment).toMatchObject({ NEO4J_URI: 'bolt://neo4j:7687', NEO4J_PASSWORD: '${NEO4J_PASSWORD}' });
  expect(litgraph.ports).toContain('4000:4000');
  expect(litgraph.volumes).toContain('model-cache:/models');
});

test('every variable compose hands litgraph is documented in .env.example', () => {
  const documented = new Set([...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
  for (const name of Object.keys(litgraph.environment ?? {})) expect([name, documented.has(name)]).toEqual([name, true]);
});

test('the image is Node 20 slim, installs with the allowScripts policy, and starts by ingesting then serving', () => {
  const dockerfile = read('Dockerfile');
  expect(dockerfile).toMatch(/^FROM node:20-slim AS build$/m);
  expect(dockerfile).toMatch(/npm install -g npm@11/);
  expect(dockerfile).toMatch(/npm ci --strict-allow-scripts/);
  expect(dockerfile).toMatch(/ENV [^]*LITGRAPH_MODEL_CACHE=\/models/);
  expect(dockerfile).toMatch(/CMD \["node", "dist\/src\/cli\.js", "start"\]/);
  // The bundled fallback model sits where the code looks for it: models/ beside package.json.
  expect(dockerfile).toMatch(/^COPY --from=build \/app\/models \.\/models$/m);
  const pkg = JSON.parse(read('package.json')) as { allowScripts: Record<string, boolean> };
  expect(pkg.allowScripts).toMatchObject({ 'better-sqlite3': true, 'onnxruntime-node': false, sharp: false });
});
