// Writes docs/json.md from the schema table in src/cli/json-schemas.ts (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { renderJsonDocs } from '../dist/cli/json-schemas.js';

writeFileSync(new URL('../docs/json.md', import.meta.url), renderJsonDocs());
