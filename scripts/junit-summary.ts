// Sums JUnit reports (node:test and Playwright) into one plain closing line:
// "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) continue;
  const xml = readFileSync(file, 'utf8');
  for (const m of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[2] ?? '';
    if (/<(failure|error)\b/.test(body)) failed += 1;
    else if (/<skipped\b/.test(body)) skipped += 1;
    else passed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
