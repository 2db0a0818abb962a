/**
 * The training edition: every branch side by side with why it applies, the decision diagram,
 * troubleshooting and review questions, in `<out>/training/`, swapped in whole.
 */
import { resolve as resolvePath } from 'node:path';
import { failureDiagnostic, hasErrors, sortDiagnostics } from '../diagnostics.js';
import { BUNDLED_CONTENT, readContent } from '../load/files.js';
import { parseQuestions, readQuestions, readQuestionsSchema } from '../load/training.js';
import { compileSchema } from '../load/yaml.js';
import type { Lang } from '../model/types.js';
import { contentModel } from '../load/content-model.js';
import type { Result } from '../pipeline.js';
import { decisionGraph, renderDiagram } from '../render/diagram/index.js';
import type { DocumentMeta } from '../render/html/document.js';
import { decisionDiagramFile } from '../render/markdown/runbook.js';
import { renderTrainingMarkdown, trainingEdition } from '../render/training/index.js';
import { TOOL } from '../version.js';
import { SUMS_FILE } from '../verify/sha256sums.js';
import type { OutputFile } from '../write/atomic.js';
import { cleanStaging, removeEmptyStaging, stageFolder } from '../write/staging.js';
import { checksums, hashed, summary, type ProfileFile } from './outputs.js';
import type { PdfBackend } from './pdf-backend.js';

export interface TrainingOptions {
  cwd: string;
  content?: string;
  out: string;
  langs: readonly Lang[];
  /** Prints the training edition as PDF; without it only Markdown and SVG are written. */
  pdf?: PdfBackend;
}

const TRAINING_DIR = 'training';
const TRAINING_TITLE: Record<Lang, string> = { fr: 'édition de formation', en: 'training edition' };

export async function training(options: TrainingOptions): Promise<Result> {
  const contentDir = options.content ?? BUNDLED_CONTENT;
  const [contentFiles, questionsFile, questionsSchema] = await Promise.all([readContent(contentDir, options.cwd), readQuestions(contentDir, options.cwd), readQuestionsSchema()]);
  const { procedure, diagnostics } = await contentModel(contentFiles);
  const questions = questionsFile ? parseQuestions(questionsFile, compileSchema(questionsSchema), procedure, diagnostics) : undefined;
  const result: Result = { ok: false, diagnostics: sortDiagnostics(diagnostics), profiles: [], outputs: [], built: [], skipped: [], failed: [] };
  if (hasErrors(diagnostics) || !procedure) return result;

  const outDir = resolvePath(options.cwd, options.out);
  const dir = resolvePath(outDir, TRAINING_DIR);
  const view = trainingEdition(procedure, questions?.questions ?? [], decisionGraph(procedure).order);
  const files: ProfileFile[] = [];
  for (const lang of options.langs) {
    const diagram = renderDiagram(decisionGraph(procedure), procedure, { lang });
    const diagramName = decisionDiagramFile(lang);
    const markdown = renderTrainingMarkdown(view, lang, { diagram: diagramName });
    files.push({ format: 'md', lang, path: resolvePath(dir, diagramName), content: diagram });
    files.push({ format: 'md', lang, path: resolvePath(dir, `training.${lang}.md`), content: markdown });
    if (options.pdf) {
      const meta: DocumentMeta = {
        kind: 'training',
        lang,
        title: `${procedure.text[lang].title} — ${TRAINING_TITLE[lang]}`,
        author: TOOL.name,
        subject: procedure.source,
        keywords: [procedure.id, 'training'],
        documentId: procedure.id,
        contentHash: procedure.contentHash,
        versionDate: procedure.version,
      };
      let pdf: Uint8Array;
      try {
        pdf = await options.pdf.document(markdown, meta, `${TRAINING_DIR}/training.${lang}.md`, { [diagramName]: diagram });
      } catch (error) {
        // A document the browser could not print, or printed shrunk: said like any other mistake.
        const at = procedure.text[lang].position;
        result.diagnostics = sortDiagnostics([...result.diagnostics, failureDiagnostic('training/build-failed', at, error, `The ${lang} training edition could not be built`, 'nothing was written; fix the cause and build again')]);
        return result;
      }
      files.push({ format: 'pdf', lang, path: resolvePath(dir, `training.${lang}.pdf`), content: pdf });
    }
  }
  const artefacts = files.map(hashed);
  const all: OutputFile[] = [...artefacts, { path: resolvePath(dir, SUMS_FILE), content: checksums(dir, artefacts) }];
  await cleanStaging(outDir);
  await (await stageFolder(outDir, dir, all)).commit();
  await removeEmptyStaging(outDir);
  result.outputs = artefacts.map((f) => summary(f, TRAINING_DIR, options.cwd));
  result.built = [TRAINING_DIR];
  result.ok = true;
  return result;
}
