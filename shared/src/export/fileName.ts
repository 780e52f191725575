/**
 * The file name an export of a board downloads as: its title with characters that file
 * systems or headers reject replaced, cut to 80 characters, "board" when nothing is left.
 */
export function exportFileName(title: string, extension: string): string {
  const base = title
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${base || 'board'}.${extension}`;
}
