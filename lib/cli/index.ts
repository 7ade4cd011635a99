// The `mcp-secrets` command: `scan` audits with the plugin's recommended config, `migrate` runs the codemods.
import { packageInfo } from '../util/package-info.js';

const USAGE = `Usage: mcp-secrets <command> [options] [paths...]

Commands:
  scan [paths...]      lint code, YAML manifests and MCP client configs for static credentials
  migrate [paths...]   rewrite code to mcp-secrets-runtime (AppRole, dynamic DB credentials, SecretCache)

Run "mcp-secrets <command> --help" for the options of a command.`;

/** Runs the command line and resolves to the exit code (0 ok, 1 findings or failures, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'scan':
      return (await import('./scan.js')).scan(rest);
    case 'migrate':
      return (await import('./migrate.js')).migrate(rest);
    case '--version':
    case '-v':
      process.stdout.write(`${packageInfo.version}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`mcp-secrets: unknown command "${command}" (expected scan or migrate)\n`);
      return 2;
  }
}
