#!/usr/bin/env node
// Tiny shim: all the code lives in dist/, built by `npm install` (prepare) or `npm run build`.
import "../dist/cli.js";
