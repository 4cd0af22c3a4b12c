// Trunk post-build hook (Trunk.toml): writes gzip (.gz) and brotli (.br) copies beside every
// text and wasm asset of the bundle, at the strongest settings, for hosts that serve
// precompressed files. Runs on $TRUNK_STAGING_DIR (or the directory given as argument).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants } from 'node:zlib';

const COMPRESSIBLE = new Set(['.wasm', '.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt']);
/** Smaller files gain too little to be worth a request-time choice. */
const MIN_BYTES = 1024;

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('precompress: no directory (pass one, or run as a trunk hook)');
  process.exit(2);
}

async function* files(root) {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.has(extname(entry.name))) yield path;
  }
}

const br = promisify(brotliCompress);
const gz = promisify(gzip);
const jobs = [];
for await (const path of files(dir)) {
  jobs.push((async () => {
    const body = await readFile(path);
    if (body.length < MIN_BYTES) return;
    await writeFile(`${path}.gz`, await gz(body, { level: 9 }));
    await writeFile(`${path}.br`, await br(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }));
  })());
}
await Promise.all(jobs);
console.log(`precompress: ${jobs.length} files in ${dir}`);
