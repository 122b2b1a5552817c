/** `npm run build` ends here: the migrated PGlite template a first start copies (db/template.ts). */
import { writeTemplate } from './template.js';

const path = await writeTemplate();
process.stdout.write(`PGlite template: ${path}\n`);
