/**
 * Which uploads are accepted. The extension decides the type served back; the first bytes must
 * match it, so a renamed executable or HTML page is refused whatever the browser claimed.
 */
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // OOXML and ODF are zip containers
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // legacy Office
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

export const DOCUMENT_TYPES: Record<string, { contentType: string; magic: number[] }> = {
  pdf: { contentType: 'application/pdf', magic: PDF },
  doc: { contentType: 'application/msword', magic: OLE },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP },
  xls: { contentType: 'application/vnd.ms-excel', magic: OLE },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  ppt: { contentType: 'application/vnd.ms-powerpoint', magic: OLE },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: ZIP },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', magic: ZIP },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', magic: ZIP },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', magic: ZIP },
  png: { contentType: 'image/png', magic: PNG },
  jpg: { contentType: 'image/jpeg', magic: JPEG },
  jpeg: { contentType: 'image/jpeg', magic: JPEG },
};

export const WRONG_TYPE_MESSAGE =
  'The selected file must be a PDF, Word document, Excel spreadsheet, PowerPoint presentation, OpenDocument file, PNG or JPEG';

/** The content type to store and serve, or null when the name or the bytes are not an accepted type. */
export function detectDocumentType(filename: string, bytes: Buffer): string | null {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  const type = extension ? DOCUMENT_TYPES[extension] : undefined;
  if (!type || bytes.length < type.magic.length) return null;
  return type.magic.every((byte, i) => bytes[i] === byte) ? type.contentType : null;
}

/** A filename safe in a URL and a Content-Disposition header: letters, digits, dot, dash, underscore. */
export function safeFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const extension =
    dot > 0
      ? base
          .slice(dot + 1)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')
      : '';
  const stem = (dot > 0 ? base.slice(0, dot) : base)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${stem || 'document'}${extension ? `.${extension}` : ''}`;
}

/** Public address of a document. */
export function documentUrl(slug: string, documentId: string, filename: string): string {
  return `/consultations/${encodeURIComponent(slug)}/documents/${documentId}/${encodeURIComponent(filename)}`;
}
