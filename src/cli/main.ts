/** Entry point of the command line: maps argv to work and typed errors to exit statuses. */
export async function main(argv: readonly string[]): Promise<number> {
  void argv;
  process.stderr.write('kcapi: not implemented yet\n');
  return 2;
}
