#!/usr/bin/env node
// Launcher: the CLI is written in TypeScript; tsx compiles it on the fly (cached on disk).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv.slice(2));
