/**
 * The Nu HTML checker (npm vnu-jar, the W3C validator's engine) over HTML files: one Java start
 * for all of them. Errors fail the judge; warnings are printed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type VnuMessage = { type: string; subType?: string; url?: string; lastLine?: number; message: string; extract?: string };
export type VnuResult = { name: string; errors: VnuMessage[]; warnings: VnuMessage[] };

const vnuJar: string = createRequire(import.meta.url)('vnu-jar');

export async function checkHtml(documents: { name: string; html: string }[]): Promise<VnuResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kreis-vnu-'));
  try {
    const files = documents.map((doc, i) => {
      const file = join(dir, `page-${String(i).padStart(2, '0')}.html`);
      writeFileSync(file, doc.html);
      return file;
    });
    const output = await new Promise<string>((resolve, reject) => {
      execFile('java', ['-Xss8m', '-jar', vnuJar, '--format', 'json', '--exit-zero-always', ...files], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
        if (error) reject(new Error(`vnu: ${error.message}\n${stderr}`));
        else resolve(stderr);
      });
    });
    const { messages } = JSON.parse(output) as { messages: VnuMessage[] };
    return documents.map((doc, i) => {
      const mine = messages.filter((m) => m.url?.endsWith(files[i]!));
      return {
        name: doc.name,
        errors: mine.filter((m) => m.type === 'error' || m.type === 'non-document-error'),
        warnings: mine.filter((m) => m.type === 'info' && m.subType === 'warning'),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printVnu(results: VnuResult[]): number {
  let errors = 0;
  console.log('\nNu HTML checker (vnu)');
  for (const result of results) {
    errors += result.errors.length;
    console.log(`  ${result.errors.length === 0 ? 'ok  ' : 'FAIL'} ${result.name}: ${result.errors.length} errors, ${result.warnings.length} warnings`);
    for (const m of [...result.errors, ...result.warnings]) {
      const kind = m.type === 'error' ? 'error' : 'warning';
      console.log(`       ${kind} (line ${m.lastLine ?? '?'}): ${m.message}${m.extract ? `\n         ${m.extract.replace(/\s+/g, ' ').trim().slice(0, 160)}` : ''}`);
    }
  }
  return errors;
}
