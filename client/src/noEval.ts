import { config } from 'zod';

// Every schema check runs without generated code. The page's Content-Security-Policy
// allows no eval, and zod's probe for it (a caught `new Function`, made when a schema is
// built) is still reported as a violation. Imported first by main.tsx, before the modules
// that build schemas; so zod is imported here directly, not through @archboard/shared.
config({ jitless: true });
