import createDebug from 'debug';

// Debug namespaces (enable with DEBUG=harness:*): harness, harness:docker, harness:image, harness:net,
// harness:probe, harness:step. Terminal progress for users goes through progress.ts instead.
export const log = {
  run: createDebug('harness'),
  docker: createDebug('harness:docker'),
  image: createDebug('harness:image'),
  net: createDebug('harness:net'),
  probe: createDebug('harness:probe'),
  step: createDebug('harness:step'),
};
