// Pastes the Slack tests send: real Go output (go1.19 linux/amd64), plus hostile variants.

/** `panic: assignment to entry in nil map`, as the runtime prints it. */
export const NIL_MAP_PANIC = [
  'panic: assignment to entry in nil map',
  '',
  'goroutine 1 [running]:',
  'main.(*Registry).Register(...)',
  '\t/home/gopher/src/nil-map-assignment/main.go:14',
  'main.main()',
  '\t/home/gopher/src/nil-map-assignment/main.go:19 +0x45',
  'exit status 2',
].join('\n');

/**
 * The same crash with Slack markup in the panic value, as a message event carries it:
 * `<!channel>` and `<@U999>` are live mentions, `&lt;b&gt;` is a typed `<b>`.
 */
export const HOSTILE_PANIC = [
  'panic: assignment to entry in nil map <!channel> <@U999> &lt;b&gt; &amp; co',
  '',
  'goroutine 1 [running]:',
  'main.main()',
  '\t/home/gopher/src/app/main.go:19 +0x45',
  'exit status 2',
].join('\n');

/** Chat that merely mentions a panic: the bot must stay quiet. */
export const NOT_A_CRASH = 'does anyone know why my service panics on startup since the upgrade?';
