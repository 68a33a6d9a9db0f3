import path from 'node:path';

// Tests embed with the real model from ../shared/models (no hub here); a test may override these per process.
process.env.LITGRAPH_MODEL_DIR ??= path.resolve(__dirname, '../../../shared/models');
process.env.LITGRAPH_EMBEDDING_MODEL ??= 'use-lite';
