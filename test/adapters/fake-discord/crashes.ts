// Go crash output used by the Discord adapter tests, as a real Go 1.22 program printed it.

export const NIL_MAP_PANIC = [
  'panic: assignment to entry in nil map',
  '',
  'goroutine 1 [running]:',
  'main.(*Registry).Register(...)',
  '\t/home/dev/app/registry.go:12',
  'main.main()',
  '\t/home/dev/app/main.go:9 +0x34',
  'exit status 2',
].join('\n');

/** A paste that is chat, not a crash. */
export const CHAT = 'has anyone tried the new release? the build got faster for us';
