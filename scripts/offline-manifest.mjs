// Trunk post-build hook (Trunk.toml): writes the bundle's file list and a version derived from
// the files' contents into the service worker (sw.js, from www/sw.js), so it caches exactly this
// build and a new deploy replaces the old cache. Runs on $TRUNK_STAGING_DIR (or the directory
// given as argument), before scripts/precompress.mjs.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { bundleDir, files } from './bundle-files.mjs';

const WORKER = 'sw.js';
/** Precompressed copies are the host's business, not the cache's. */
const SKIP = /\.(br|gz)$/;
const PLACEHOLDER = "const BUNDLE = { version: 'unbuilt', files: [] };";

const dir = bundleDir('offline-manifest');

const names = [];
for await (const path of files(dir)) {
  const name = relative(dir, path).split(sep).join('/');
  if (name !== WORKER && !SKIP.test(name)) names.push(name);
}
names.sort();
const hash = createHash('sha256');
for (const name of names) hash.update(name).update('\0').update(await readFile(join(dir, name)));
const version = hash.digest('hex').slice(0, 16);

const workerPath = join(dir, WORKER);
const source = await readFile(workerPath, 'utf8');
if (!source.includes(PLACEHOLDER)) {
  console.error(`offline-manifest: ${workerPath} lacks the line ${PLACEHOLDER}`);
  process.exit(1);
}
const bundle = `const BUNDLE = ${JSON.stringify({ version, files: names })};`;
await writeFile(workerPath, source.replace(PLACEHOLDER, bundle));
console.log(`offline-manifest: ${names.length} files, version ${version}`);
