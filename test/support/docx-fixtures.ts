import PizZip from 'pizzip';
import { FIELD_NAMES, LOOP_NAMES, LOOPS } from '../../shared/documents/placeholders.ts';

/** DOCX fixtures built in code (no opaque binaries in the repository). */

/** A minimal DOCX (content types, package relationship, the main part) around `body`'s paragraphs and tables. */
export function makeDocx(body: string, extra: Record<string, string> = {}): Buffer {
  const zip = new PizZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    + '</Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    + '</Relationships>');
  zip.file('word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    + body
    + '<w:sectPr/></w:body></w:document>');
  for (const [name, content] of Object.entries(extra)) zip.file(name, content);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
export const p = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
export const row = (...cells: string[]) => `<w:tr>${cells.map((c) => `<w:tc>${p(c)}</w:tc>`).join('')}</w:tr>`;

/**
 * A customer's form that uses every placeholder of the vocabulary: each field on its own line as
 * "name=«{name}»", the preventive actions as table rows, the tasks as repeated paragraphs, the team
 * inline. Built from the vocabulary, so a placeholder added later is in the test too.
 */
export function everyPlaceholderTemplate(): Buffer {
  const loopFields = (loop: (typeof LOOP_NAMES)[number]) => Object.keys(LOOPS[loop].fields);
  return makeDocx([
    ...FIELD_NAMES.map((name) => p(`${name}=«{${name}}»`)),
    '<w:tbl>',
    row(...loopFields('preventiveActions').map((f) => f)),
    row(...loopFields('preventiveActions').map((f, i, all) => `${i === 0 ? '{#preventiveActions}' : ''}pa.${f}=«{${f}}»${i === all.length - 1 ? '{/preventiveActions}' : ''}`)),
    '</w:tbl>',
    p('{#tasks}'),
    ...loopFields('tasks').map((f) => p(`task.${f}=«{${f}}»`)),
    p('{/tasks}'),
    p('team: {#team}«{name}» {/team}'),
  ].join(''));
}

