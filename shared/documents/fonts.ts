import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The font embedded in every generated PDF: Noto Sans CJK SC ("Noto Sans S Chinese") Regular, an
 * OpenType/CFF font under the SIL Open Font License 1.1, from the npm package @embedpdf/fonts-sc
 * (8.4 MB; 30,888 glyphs: all of GB2312 and far beyond, e.g. 镕, plus Latin, so English letters
 * need no second font). The PDF carries only the glyphs it uses (a subset of a few tens of KB).
 * One weight only: headings are set larger, not bold, to keep the Lambda bundle to one font file.
 */
export const CJK_FONT_FILE = 'NotoSansHans-Regular.otf';

let found: string | undefined;

/**
 * Where the font file is. Looked for next to the running code first (a bundled Lambda: the
 * deployment copies the file beside the handler's bundle), then in the installed package (tests,
 * the local cloud). Both are "where the file is", not a switch between modes.
 *
 * A path, not the bytes, on purpose: PDFKit caches a font by its source only when the source is a
 * string; given a Buffer, every table cell re-parses the 8 MB font (seconds per table).
 */
export function cjkFontPath(): string {
  if (found) return found;
  const candidates = [path.join(path.dirname(fileURLToPath(import.meta.url)), CJK_FONT_FILE)];
  try {
    // The package exports only its JS entry; the fonts folder sits beside its dist/ folder.
    const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    candidates.push(path.join(path.dirname(entry), '..', 'fonts', CJK_FONT_FILE));
  } catch { /* not installed here: only the bundled copy can serve */ }
  found = candidates.find((file) => existsSync(file));
  if (found) return found;
  throw new Error(`The PDF font ${CJK_FONT_FILE} is missing (looked in ${candidates.join(', ')})`);
}
