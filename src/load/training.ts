/**
 * The review questions of the training edition: `<content>/training/questions.yaml`, validated
 * against content/training/questions.schema.json (the tool's), every problem a diagnostic at its
 * line and column. Reading is the I/O edge; parseQuestions is pure.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { diagnostic, didYouMean, type Diagnostic } from '../diagnostics.js';
import { conditionFromData } from '../model/condition.js';
import { LANGS, type Condition, type Lang, type Position, type Procedure } from '../model/types.js';
import { BUNDLED_CONTENT, displayPath, readSchema } from './files.js';
import type { SourceFile } from './profile.js';
import { parseYaml, validateAgainstSchema } from './yaml.js';

export interface ReviewQuestion {
  id: string;
  /** The branches the question is about; empty: every branch. */
  when: Condition;
  /** Steps the answer refers to. */
  steps: string[];
  text: Record<Lang, { question: string; answer: string }>;
  position: Position;
}

export interface ReviewQuestions {
  file: string;
  /** sha256 of the file's bytes (the questions are not part of the content hash). */
  sha256: string;
  questions: ReviewQuestion[];
}

/** Relative to a content folder. */
export const QUESTIONS_FILE = join('training', 'questions.yaml');
/** The schema is the tool's, whatever content folder is used. */
export const QUESTIONS_SCHEMA = join(BUNDLED_CONTENT, 'training', 'questions.schema.json');

/** The questions file of a content folder, or undefined when it has none. */
export async function readQuestions(contentDir: string, cwd: string): Promise<SourceFile | undefined> {
  const path = resolve(cwd, contentDir, QUESTIONS_FILE);
  try {
    return { file: displayPath(cwd, path), text: await readFile(path, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export const readQuestionsSchema = (): Promise<object> => readSchema(QUESTIONS_SCHEMA);

/** The spans between backticks, in order: the locked part of a text. */
export function inlineCode(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

interface Raw {
  questions: {
    id: string;
    when?: unknown;
    steps?: string[];
    fr: { question: string; answer: string };
    en: { question: string; answer: string };
  }[];
}

/**
 * Parses and checks the questions: schema, unique ids, known steps (when `procedure` is given),
 * and the same inline code in every language.
 */
export function parseQuestions(source: SourceFile, validate: ValidateFunction, procedure: Procedure | undefined, diagnostics: Diagnostic[]): ReviewQuestions | undefined {
  const parsed = parseYaml(source, diagnostics, 'training');
  if (!parsed.ok) return undefined;
  if (!validateAgainstSchema(validate, parsed, diagnostics, 'training')) return undefined;
  const raw = parsed.data as Raw;
  const stepIds = procedure?.steps.map((s) => s.id);
  const seen = new Map<string, Position>();
  const questions: ReviewQuestion[] = [];

  raw.questions.forEach((q, i) => {
    const at = parsed.positionOf(['questions', i]);
    const first = seen.get(q.id);
    if (first) {
      diagnostics.push(
        diagnostic('training/duplicate-id', parsed.positionOf(['questions', i, 'id']), `Question id \`${q.id}\` is already used.`, {
          hint: 'give each question its own id',
          related: first,
        }),
      );
      return;
    }
    seen.set(q.id, parsed.positionOf(['questions', i, 'id']));
    const when = conditionFromData(q.when, (key) => parsed.positionOf(key ? ['questions', i, 'when', key] : ['questions', i, 'when'], key ? 'key' : 'value'), diagnostics);
    const steps = q.steps ?? [];
    if (stepIds) {
      steps.forEach((id, k) => {
        if (stepIds.includes(id)) return;
        diagnostics.push(
          diagnostic('training/unknown-step', parsed.positionOf(['questions', i, 'steps', k]), `Question \`${q.id}\` refers to an unknown step \`${id}\`.`, {
            hint: didYouMean(id, stepIds) ?? 'use the id of a step in content/steps/',
          }),
        );
      });
    }
    for (const part of ['question', 'answer'] as const) {
      const [reference, ...others] = LANGS.map((lang) => ({ lang, code: [...inlineCode(q[lang][part])].sort() }));
      for (const other of others) {
        if (JSON.stringify(other.code) === JSON.stringify(reference!.code)) continue;
        diagnostics.push(
          diagnostic('training/code-mismatch', parsed.positionOf(['questions', i, other.lang, part]), `The ${part} of \`${q.id}\` does not carry the same inline code in \`${other.lang}\` as in \`${reference!.lang}\`.`, {
            hint: 'commands and values between backticks are never translated: use the same ones in every language',
          }),
        );
      }
    }
    questions.push({ id: q.id, when, steps: [...steps], text: { fr: { ...q.fr }, en: { ...q.en } }, position: at });
  });
  return { file: source.file, sha256: createHash('sha256').update(source.text).digest('hex'), questions };
}
