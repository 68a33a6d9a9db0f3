# litgraph: Node 20 slim, dependencies installed with the same allowScripts policy as development.
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles its addon (python3, make, g++); npm 11 enforces package.json's allowScripts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/* \
 && npm install -g npm@11
COPY package.json package-lock.json ./
RUN npm ci --strict-allow-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production \
    LITGRAPH_HOST=0.0.0.0 \
    LITGRAPH_PORT=4000 \
    LITGRAPH_MODEL_CACHE=/models
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
COPY --from=build /app/data/sample ./data/sample
# The bundled model (models/use-lite): what litgraph falls back to when the configured one cannot be downloaded.
COPY --from=build /app/models ./models
EXPOSE 4000
# Ingests the bundled sample corpus when the store is empty, then serves GraphQL on port 4000.
CMD ["node", "dist/src/cli.js", "start"]
