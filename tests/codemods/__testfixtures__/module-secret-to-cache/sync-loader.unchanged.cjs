'use strict';
// Near miss: readSecrets() is a synchronous loader (its result is indexed and reassigned, never awaited).
const { readSecrets } = require('./agent-files');

let secrets = readSecrets('/vault/secrets/app');
process.on('SIGHUP', () => {
  secrets = readSecrets('/vault/secrets/app');
});

module.exports = { get: (name) => secrets[name] };
