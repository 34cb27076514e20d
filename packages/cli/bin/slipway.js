#!/usr/bin/env node
// The published entry point: the compiled CLI in dist/ (in a checkout: npx nx build slipway).
import '../dist/main.js';
