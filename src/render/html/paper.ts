/** The paper sizes a runbook is printed on: its own module, so that the command line can check the flag without loading the renderer. */
export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];
