#!/usr/bin/env node
// The `trainbench` command: runs the TypeScript CLI through tsx, so a checkout works without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli/main.ts');
