/**
 * House rules that no linter checks for us: no file in server/ or public/js/ over 300 lines, and
 * no time-zone name outside server/shared/ (a group's time zone comes from the group). Run in CI
 * by `npm run check`; prints every breach and exits 1 when there is one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAX_LINES = 300;
/** IANA names such as Europe/Berlin or America/New_York, as a string literal. */
const TIME_ZONE_LITERAL = /['"`](Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z_+-]+['"`]/;

function filesUnder(dir: string, endings: readonly string[]): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && endings.some((ending) => entry.name.endsWith(ending)))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const breaches: string[] = [];
for (const file of [...filesUnder('server', ['.ts']), ...filesUnder('public/js', ['.js'])]) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const count = lines.at(-1) === '' ? lines.length - 1 : lines.length;
  if (count > MAX_LINES) breaches.push(`${file}: ${count} lines (at most ${MAX_LINES}; split it by responsibility)`);
  if (!file.startsWith('server/shared/')) {
    lines.forEach((line, index) => {
      if (TIME_ZONE_LITERAL.test(line)) breaches.push(`${file}:${index + 1}: a time-zone name outside server/shared/ (use the group's time zone)`);
    });
  }
}

if (breaches.length > 0) {
  console.error(breaches.join('\n'));
  process.exit(1);
}
console.log('house rules: no file over 300 lines, no time-zone name outside server/shared/');
