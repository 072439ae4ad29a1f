import { vmCommand } from '../../vm/index.js';

/** `kcapi vm ...`: see src/vm/vm-command.ts. */
export async function run(argv: readonly string[]): Promise<number> {
  return vmCommand([...argv]);
}
