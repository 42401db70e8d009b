#!/usr/bin/env node
// The CLI is TypeScript run by Node 24's type stripping; this shim only starts it.
process.removeAllListeners('warning');
await import('../src/cli/main.ts');
