// SARIF 2.1.0 from @microsoft/eslint-formatter-sarif, adjusted for GitHub code scanning: the formatter writes absolute
// file:// URIs, which only resolve on the machine that ran the scan; code scanning maps results to repository files
// by URIs relative to the source root (`uriBaseId: "%SRCROOT%"`). Files outside the root keep their absolute URI.
import { createRequire } from 'node:module';
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ESLint } from 'eslint';

type SarifFormatter = (results: ESLint.LintResult[], data: ESLint.LintResultData) => string;

const require = createRequire(import.meta.url);
const formatSarif = require('@microsoft/eslint-formatter-sarif') as SarifFormatter;

interface ArtifactLocation {
  uri?: string;
  uriBaseId?: string;
  index?: number;
}

interface SarifLog {
  runs: {
    tool: { driver: Record<string, unknown> };
    originalUriBaseIds?: Record<string, { uri: string }>;
    artifacts?: { location: ArtifactLocation }[];
    results?: { locations?: { physicalLocation?: { artifactLocation?: ArtifactLocation } }[] }[];
    invocations?: { toolConfigurationNotifications?: { locations?: { physicalLocation?: { artifactLocation?: ArtifactLocation } }[] }[] }[];
  }[];
}

function relativeToRoot(location: ArtifactLocation | undefined, root: string): void {
  if (!location?.uri?.startsWith('file:')) return;
  const path = fileURLToPath(location.uri);
  const fromRoot = relative(root, path);
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) return;
  location.uri = fromRoot.split(sep).map(encodeURIComponent).join('/');
  location.uriBaseId = '%SRCROOT%';
}

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
}

/** The SARIF log for `results`, with locations relative to `root` and the tool named after this package. */
export function sarifLog(results: ESLint.LintResult[], data: ESLint.LintResultData, root: string, tool: SarifTool): string {
  const log = JSON.parse(formatSarif(results, data)) as SarifLog;
  for (const run of log.runs) {
    run.tool.driver = { ...run.tool.driver, ...tool, semanticVersion: tool.version };
    run.originalUriBaseIds = { '%SRCROOT%': { uri: pathToFileURL(root.endsWith(sep) ? root : root + sep).href } };
    for (const artifact of run.artifacts ?? []) relativeToRoot(artifact.location, root);
    for (const result of run.results ?? []) {
      for (const location of result.locations ?? []) relativeToRoot(location.physicalLocation?.artifactLocation, root);
    }
    for (const invocation of run.invocations ?? []) {
      for (const notification of invocation.toolConfigurationNotifications ?? []) {
        for (const location of notification.locations ?? []) relativeToRoot(location.physicalLocation?.artifactLocation, root);
      }
    }
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}
