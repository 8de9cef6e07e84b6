'use strict';
/**
 * Lets plain Node scripts require the TypeScript sources directly, compiled on load by @swc/core
 * with the project's decorator settings. `sourceMaps: true` inlines maps (readable stack traces);
 * benchmarks leave them out so the timed code is what production runs.
 */
const fs = require('node:fs');

function installTsHook({ sourceMaps = false } = {}) {
  if (require.extensions['.ts']) return;
  const swc = require('@swc/core');
  require.extensions['.ts'] = function (module, filename) {
    const out = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
      filename,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        target: 'es2022',
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      ...(sourceMaps ? { sourceMaps: 'inline' } : {}),
    });
    module._compile(out.code, filename);
  };
}

module.exports = { installTsHook };
