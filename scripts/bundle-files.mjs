// What the post-build hooks share: the directory they work on and its files.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The bundle's directory: the first argument, else trunk's $TRUNK_STAGING_DIR; exits without. */
export function bundleDir(hook) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error(`${hook}: no directory (pass one, or run as a trunk hook)`);
    process.exit(2);
  }
  return dir;
}

/** Every file under `root`, recursively, as paths. */
export async function* files(root) {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}
