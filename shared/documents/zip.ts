import PizZip from 'pizzip';

/**
 * A DOCX (a zip) written again with every entry dated `date`, in the same order, so that the same
 * document gives the same bytes: a retried workflow step re-creates exactly the file the
 * salesperson confirmed (its content hash). Zip stamps carry local time without a zone; the stamp
 * is built so its fields are `date`'s UTC fields whatever the process's time zone.
 */
export function rezipDeterministic(zip: PizZip, date: Date, replace: Record<string, string> = {}): Buffer {
  const stamp = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds());
  const out = new PizZip();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue; // a DOCX needs no directory entries
    const text = replace[name];
    if (text !== undefined) out.file(name, text, { date: stamp, createFolders: false }); // written as UTF-8
    else out.file(name, entry.asUint8Array(), { date: stamp, createFolders: false, binary: true });
  }
  return out.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The uncompressed size an entry declares, read from the zip's directory without inflating it. */
export function declaredSize(entry: PizZip.ZipObject): number {
  return (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
}
