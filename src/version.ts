/** The tool's name and version, printed in scripts and outputs (a test keeps it equal to package.json). */
export const TOOL = { name: 'runbook', version: '0.1.0' } as const;
