#!/usr/bin/env node
// The CLI is TypeScript run by Node 24's type stripping; this shim only starts it.
import { enableCompileCache } from 'node:module';

process.removeAllListeners('warning');
// Each command is a new process that loads the whole application: Node's on-disk compile cache
// (in the system's temporary folder) spares it compiling the same modules again: about a second
// of each command (`directory category-words list`: 4.2-4.6 s against 5.2-5.8 s).
enableCompileCache?.();
await import('../src/cli/main.ts');
