// Stops `npm test` and `npm run quickstart` at once, with one sentence, on a Node.js older
// than the one Slipway supports. Plain CommonJS with no dependencies, so that it runs on any Node.
'use strict';
const path = require('node:path');
const { engines } = require(path.join(__dirname, '..', '..', 'package.json'));
const [minimumMajor, minimumMinor] = engines.node.replace(/^>=\s*/, '').split('.').map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < minimumMajor || (major === minimumMajor && minor < minimumMinor)) {
  process.stderr.write(
    `Slipway needs Node.js ${minimumMajor}.${minimumMinor} or later and found ${process.version}: ` +
      'install Node.js 24 LTS (from nodejs.org or `nvm install 24`), or prefix the command with ' +
      'tools/runtime/with-supported-node, which fetches Node.js 24 from the npm registry into a cache ' +
      '(for example `tools/runtime/with-supported-node npm test`).\n',
  );
  process.exit(1);
}
