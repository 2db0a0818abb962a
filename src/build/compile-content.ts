/**
 * The build's last step (`npm run build`, and `npm ci` through "prepare"): parses the bundled
 * content once and writes its model to `dist/content-model.json`, which runs then load instead of
 * parsing (see `load/content-model.ts`).
 */
import { writeContentModel } from '../write/content-model.js';

await writeContentModel();
