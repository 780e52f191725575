import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { GENERIC_ICONS, type IconSource } from '@archboard/shared';

/**
 * The icons an export embeds, read once each: `aws/…` from the aws-icons package's folder
 * (the same files the server serves under /icons/aws/), `generic/…` from shared.
 */
export function iconFiles(awsIconsDir: string): IconSource {
  const cache = new Map<string, string | undefined>();
  return (path) => {
    if (cache.has(path)) return cache.get(path);
    let markup: string | undefined;
    if (path.startsWith('generic/')) markup = GENERIC_ICONS[path.slice('generic/'.length)];
    else if (path.startsWith('aws/')) {
      const file = normalize(join(awsIconsDir, path.slice('aws/'.length)));
      // catalogue paths only, but never let one climb out of the icons folder
      if (file.startsWith(awsIconsDir)) {
        try {
          markup = readFileSync(file, 'utf8');
        } catch {
          markup = undefined; // drawn without its icon; the catalogue test checks every path exists
        }
      }
    }
    cache.set(path, markup);
    return markup;
  };
}
