/** The paper sizes a runbook is printed on: its own module, so that the command line can check the flag without loading the renderer. */
export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];

/** Each paper's width as a CSS length, as puppeteer prints it (its A4 is 8.2677 in: 210 mm). */
export const PAPER_WIDTH: Record<Paper, string> = { a4: '210mm', letter: '8.5in' };
