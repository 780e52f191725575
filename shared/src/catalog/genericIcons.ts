/**
 * Our own icons (the catalogue's `generic/<name>.svg`), as data: the server serves them at
 * `/icons/generic/<name>.svg` and the exports embed them, from this one copy.
 */
export const GENERIC_ICONS: Readonly<Record<string, string>> = {
  'az.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Availability Zone</title><path fill="#147eba" d="M0 0h48v48H0z"/><g fill="none" stroke="#fff" stroke-width="2"><rect x="9" y="9" width="30" height="30" rx="2" stroke-dasharray="4 3"/><path d="M16.5 31 21 17h1.2l4.5 14M18 26.5h7.6M29 17h6.5L29 31h6.5" stroke-linejoin="round" stroke-linecap="round"/></g></svg>',
  'cache.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Generic cache</title><path fill="#dd344c" d="M0 0h48v48H0z"/><g fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round"><rect x="12" y="12" width="24" height="24" rx="2"/><path d="M17 12V8M24 12V8M31 12V8M17 40v-4M24 40v-4M31 40v-4M12 17H8M12 24H8M12 31H8M40 17h-4M40 24h-4M40 31h-4"/><path fill="#fff" stroke="none" d="m25.5 15-7 10.5h5L22.5 33l7-10.5h-5z"/></g></svg>',
  'cylinder.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Cylinder</title><path fill="#475569" d="M0 0h48v48H0z"/><g fill="none" stroke="#fff" stroke-width="2"><ellipse cx="24" cy="14" rx="12" ry="4.5"/><path d="M12 14v20c0 2.5 5.4 4.5 12 4.5s12-2 12-4.5V14"/></g></svg>',
  'database.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Generic database</title><path fill="#c925d1" d="M0 0h48v48H0z"/><g fill="none" stroke="#fff" stroke-width="2"><ellipse cx="24" cy="13.5" rx="11" ry="4"/><path d="M13 13.5v21c0 2.2 4.9 4 11 4s11-1.8 11-4v-21M13 20.5c0 2.2 4.9 4 11 4s11-1.8 11-4M13 27.5c0 2.2 4.9 4 11 4s11-1.8 11-4"/></g></svg>',
  'ellipse.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Ellipse</title><path fill="#475569" d="M0 0h48v48H0z"/><ellipse cx="24" cy="24" rx="15" ry="10" fill="none" stroke="#fff" stroke-width="2"/></svg>',
  'note.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Note</title><path fill="#f5b800" d="M0 0h48v48H0z"/><g fill="none" stroke="#3d2e00" stroke-width="2" stroke-linejoin="round"><path d="M11 10h26v19l-9 9H11z" fill="#fff3c4"/><path d="M37 29h-9v9"/><path d="M16 17h16M16 22h16M16 27h8" stroke-linecap="round"/></g></svg>',
  'queue.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Generic queue</title><path fill="#e7157b" d="M0 0h48v48H0z"/><g fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round"><rect x="7" y="16" width="30" height="16" rx="3"/><path d="M13 20v8M19 20v8M25 20v8M31 20v8" stroke-linecap="round"/><path d="M37 24h5m-2.5-3 3 3-3 3" stroke-linecap="round"/></g></svg>',
  'rectangle.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Rectangle</title><path fill="#475569" d="M0 0h48v48H0z"/><rect x="9" y="14" width="30" height="20" rx="3" fill="none" stroke="#fff" stroke-width="2"/></svg>',
  'service.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Generic service</title><path fill="#ed7100" d="M0 0h48v48H0z"/><g fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round"><path d="M24 9.5 36.5 16.75v14.5L24 38.5 11.5 31.25v-14.5z"/><path d="M11.5 16.75 24 24l12.5-7.25M24 24v14.5"/></g></svg>',
  'text.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><title>Text</title><path fill="#475569" d="M0 0h48v48H0z"/><path d="M14 15v-2h20v2M24 13v22M19.5 35h9" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/></svg>',
};
