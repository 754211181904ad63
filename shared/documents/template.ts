import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { DomainError, invalidField } from '../domain/errors.ts';
import { FIELDS, isFieldName, isLoopName, LOOPS, type LoopName } from './placeholders.ts';
import type { ResponseContent } from './response-content.ts';
import { declaredSize, rezipDeterministic } from './zip.ts';

import { MAX_TEMPLATE_BYTES } from '../domain/response-revision.ts';

export { MAX_TEMPLATE_BYTES };
/** What its parts may add up to once unzipped; a 2 MiB zip that inflates to gigabytes is refused unread. */
export const MAX_TEMPLATE_UNZIPPED_BYTES = 32 * 1024 * 1024;

/** The placeholders a template uses: `{x}` fields, and loops with the fields used inside them. */
export interface TemplateUse {
  fields: string[];
  loops: { name: LoopName; fields: string[] }[];
}

/**
 * A docxtemplater module that keeps each templated file's parsed tags (docxtemplater hands every
 * module `set({ inspect: { filePath, postparsed } })` after parsing a file). docxtemplater's own
 * InspectModule does this too but needs lodash, which the package does not declare.
 */
function newInspector() {
  const byFile = new Map<string, Part[]>();
  return {
    name: 'PlaceholderInspector',
    set(options: { inspect?: { filePath?: string; postparsed?: Part[] } }) {
      if (options.inspect?.postparsed) byFile.set(options.inspect.filePath ?? '', options.inspect.postparsed);
    },
    getAllStructuredTags: () => [...byFile.values()].flat(),
  };
}

interface Part {
  type: string;
  value: string;
  module?: string;
  inverted?: boolean;
  subparsed?: Part[];
}

/**
 * Is `bytes` a DOCX template this system can fill? Returns the placeholders it uses, or throws a
 * DomainError (400, or 413 for size) naming `field` and saying what is wrong: too large, not a
 * DOCX, a syntax error (an unclosed or unopened tag, an unbalanced loop), or the placeholders it
 * does not know — each named, so the customer's form can be fixed. Never reads more than the
 * limits above.
 */
export function checkTemplate(bytes: Uint8Array, field = 'template'): TemplateUse {
  const inspector = newInspector();
  compile(bytes, field, [inspector]);
  const use: TemplateUse = { fields: [], loops: [] };
  const problems: string[] = [];
  walk(inspector.getAllStructuredTags(), undefined, use, problems);
  if (problems.length) throw invalidField(field, `the template has placeholders this system does not fill: ${[...new Set(problems)].join('; ')}`);
  return {
    fields: [...new Set(use.fields)],
    loops: [...new Map(use.loops.map((l) => [l.name, l])).values()].map((l) => ({ name: l.name, fields: [...new Set(l.fields)] })),
  };
}

/**
 * The customer's template with every placeholder filled from the response's content, as DOCX
 * bytes; the same template and content give the same bytes (entries dated the document's date).
 */
export function fillTemplate(bytes: Uint8Array, content: ResponseContent, field = 'template'): Buffer {
  checkTemplate(bytes, field);
  const doc = compile(bytes, field);
  const { locale: _locale, documentDate, ...data } = content;
  doc.render(data);
  return rezipDeterministic(doc.getZip() as PizZip, new Date(documentDate));
}

function compile(bytes: Uint8Array, field: string, modules: Docxtemplater.DXT.Module[] = []): Docxtemplater<PizZip> {
  if (bytes.byteLength > MAX_TEMPLATE_BYTES) {
    throw new DomainError('TooLarge', `the template is ${bytes.byteLength} bytes; the limit is ${MAX_TEMPLATE_BYTES} (2 MiB)`, 413, field);
  }
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch {
    throw invalidField(field, 'the template is not a DOCX file (it is not a zip archive, or the archive is damaged)');
  }
  if (!zip.file('word/document.xml')) throw invalidField(field, 'the template is not a DOCX file (the archive has no word/document.xml)');
  const unzipped = Object.values(zip.files).reduce((sum, entry) => sum + declaredSize(entry), 0);
  if (unzipped > MAX_TEMPLATE_UNZIPPED_BYTES) {
    throw new DomainError('TooLarge', `the template unzips to ${unzipped} bytes; the limit is ${MAX_TEMPLATE_UNZIPPED_BYTES}`, 413, field);
  }
  try {
    return new Docxtemplater(zip, {
      modules,
      paragraphLoop: true, // a loop alone in its paragraph repeats the paragraph, not an empty line
      linebreaks: true, // the letter's line breaks stay line breaks
      nullGetter: () => '', // never "undefined" in a customer's document
      errorLogging: false,
    });
  } catch (error) {
    throw invalidField(field, `the template cannot be read: ${explain(error)}`);
  }
}

/** docxtemplater's errors as a sentence: each syntax error's own explanation, e.g. "The tag beginning with "{name" is unclosed". */
function explain(error: unknown): string {
  const e = error as { message?: string; properties?: { explanation?: string; errors?: { properties?: { explanation?: string }; message?: string }[] } };
  const each = e.properties?.errors?.map((x) => x.properties?.explanation ?? x.message).filter(Boolean);
  if (each?.length) return [...new Set(each)].join('; ');
  return e.properties?.explanation ?? e.message ?? 'unknown error';
}

/**
 * Check each placeholder against the vocabulary. At the top: fields and loops. Inside a loop: its
 * own fields, and the top-level fields (docxtemplater looks outward). A section `{#x}` is a loop
 * when x is a loop name (only at the top), else a condition on a field. `{@x}` (raw XML) is never
 * allowed: it would let a value write Word markup.
 */
function walk(parts: readonly Part[], loop: LoopName | undefined, use: TemplateUse, problems: string[]): void {
  const where = loop ? ` (inside {#${loop}})` : '';
  const known = (name: string) => isFieldName(name) || (loop !== undefined && Object.hasOwn(LOOPS[loop].fields, name));
  const note = (name: string) => (loop ? use.loops.find((l) => l.name === loop)!.fields.push(name) : use.fields.push(name));
  for (const part of parts) {
    if (part.type !== 'placeholder') continue;
    const name = part.value.trim();
    if (part.module === 'loop') {
      if (!loop && isLoopName(name)) {
        use.loops.push({ name, fields: [] });
        // {^list}…{/list} prints once when the list is empty: its inside sees the top-level fields.
        walk(part.subparsed ?? [], part.inverted ? undefined : name, use, problems);
        continue;
      }
      if (known(name)) note(name);
      else problems.push(`{#${name}}${where} is neither a list${loop ? ' (lists do not nest)' : ''} nor a field`);
      walk(part.subparsed ?? [], loop, use, problems);
    } else if (part.module) {
      problems.push(`{${part.module === 'rawxml' ? '@' : ''}${name}}${where}: only plain {field} placeholders and {#list}…{/list} loops are allowed`);
    } else if (known(name)) {
      note(name);
    } else if (isLoopName(name)) {
      problems.push(`{${name}}${where} is a list: write {#${name}}…{/${name}}`);
    } else {
      problems.push(`{${name}}${where} is unknown${suggestion(name, loop)}`);
    }
  }
}

/** "did you mean {rootCause}?" for a near miss in case or spelling. */
function suggestion(name: string, loop: LoopName | undefined): string {
  const names = [...Object.keys(FIELDS), ...(loop ? Object.keys(LOOPS[loop].fields) : Object.keys(LOOPS))];
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const near = names.find((n) => plain(n) === plain(name));
  return near ? ` (did you mean {${near}}?)` : '';
}
