// The two web-platform globals shared uses; both exist in browsers and in Node 20.
// Declared here instead of pulling in the whole DOM lib, so nothing else sneaks in.
declare function atob(data: string): string;
// eslint-disable-next-line no-var -- a global must be declared with var
declare var crypto: { getRandomValues<T extends ArrayBufferView>(array: T): T };
