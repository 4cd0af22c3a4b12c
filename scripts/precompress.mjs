// Trunk post-build hook (Trunk.toml): writes gzip (.gz) and brotli (.br) copies beside every
// text and wasm asset of the bundle, at the strongest settings, for hosts that serve
// precompressed files. Runs on $TRUNK_STAGING_DIR (or the directory given as argument).
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants } from 'node:zlib';
import { bundleDir, files } from './bundle-files.mjs';

const COMPRESSIBLE = new Set(['.wasm', '.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt']);
/** Smaller files gain too little to be worth a request-time choice. */
const MIN_BYTES = 1024;

const dir = bundleDir('precompress');

const br = promisify(brotliCompress);
const gz = promisify(gzip);
const jobs = [];
for await (const path of files(dir)) {
  if (!COMPRESSIBLE.has(extname(path))) continue;
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
