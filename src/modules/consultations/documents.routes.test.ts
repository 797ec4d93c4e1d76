import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';
import { multipartBody } from '../../../test/multipart.ts';
import { consultationBySlug, demoIds, PDF_BYTES, validForm } from './consultations.test-helpers.ts';
import { detectDocumentType, safeFilename } from './document-types.ts';

describe('consultation documents', async () => {
  const { app, deps } = await build({ now: '2027-01-15T10:00:00Z', env: { UPLOAD_MAX_BYTES: '2048' } });
  const ids = await demoIds(deps);
  const housingId = ids.user('housing@council.example');
  const housing = new Browser(app);
  await housing.signIn('housing@council.example');
  await housing.get('/staff/consultations/new');
  const created = await housing.post('/staff/consultations/new', validForm(housingId, { title: 'Documents test' }));
  const id = (created.headers.location as string).split('/').pop()!;

  function upload(
    browser: Browser,
    fields: Record<string, string>,
    file?: { filename: string; bytes: Buffer; contentType?: string },
    csrf = browser.csrfToken,
  ) {
    const body = multipartBody(
      { _csrf: csrf, ...fields },
      file && { name: 'file', contentType: file.contentType ?? 'application/pdf', ...file },
    );
    return app.inject({
      method: 'POST',
      url: `/staff/consultations/${id}/documents`,
      headers: { cookie: cookieOf(browser), 'content-type': body.contentType },
      payload: body.payload,
    });
  }
  const cookieOf = (browser: Browser) =>
    [...browser['cookies']].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  const documents = () =>
    deps.database.query<{ id: string; filename: string; content_type: string; title: string }>(
      'SELECT id, filename, content_type, title FROM consultation_documents WHERE consultation_id = $1',
      [id],
    );

  it('uploads a PDF, lists it, serves it to staff and hides it from the public while a draft', async () => {
    await housing.get(`/staff/consultations/${id}/documents`);
    const response = await upload(
      housing,
      { title: 'Full proposal' },
      { filename: 'Our proposal (final) <v2>.pdf', bytes: PDF_BYTES },
    );
    expect(response.statusCode).toBe(303);
    const [doc] = await documents();
    expect(doc).toMatchObject({
      filename: 'Our-proposal-final-v2.pdf',
      content_type: 'application/pdf',
      title: 'Full proposal',
    });
    const page = await housing.get(`/staff/consultations/${id}/documents`);
    expect(textOf(page.body)).toContain('Full proposal');
    const { slug } = (
      await deps.database.query<{ slug: string }>('SELECT slug FROM consultations WHERE id = $1', [id])
    )[0]!;
    const url = `/consultations/${slug}/documents/${doc!.id}/${doc!.filename}`;
    const asStaff = await housing.get(url);
    expect(asStaff.statusCode).toBe(200);
    expect(asStaff.headers['content-type']).toBe('application/pdf');
    expect(asStaff.headers['content-disposition']).toBe('inline; filename="Our-proposal-final-v2.pdf"');
    expect(asStaff.headers['x-content-type-options']).toBe('nosniff');
    expect(asStaff.rawPayload.equals(PDF_BYTES)).toBe(true);
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
    const nhs = new Browser(app);
    await nhs.signIn('officer@nhs.example');
    expect((await nhs.get(url)).statusCode).toBe(404);
    const audit = await deps.database.query(
      `SELECT 1 FROM audit_events WHERE action = 'consultation.document-added' AND entity_id = $1`,
      [id],
    );
    expect(audit.length).toBe(1);
  });

  it('serves a public consultation’s documents to anyone', async () => {
    const open = await consultationBySlug(deps, 'barking-town-centre-parking');
    const [doc] = await deps.database.query<{ id: string; filename: string }>(
      'SELECT id, filename FROM consultation_documents WHERE consultation_id = $1',
      [open.id],
    );
    const response = await app.inject({
      method: 'GET',
      url: `/consultations/${open.slug}/documents/${doc!.id}/${doc!.filename}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body.startsWith('%PDF-')).toBe(true);
    expect(
      (await app.inject({ method: 'GET', url: `/consultations/${open.slug}/documents/not-an-id/x.pdf` })).statusCode,
    ).toBe(404);
  });

  it('refuses a file whose bytes do not match its type, whatever it is called', async () => {
    await housing.get(`/staff/consultations/${id}/documents`);
    const before = (await documents()).length;
    const html = await upload(
      housing,
      { title: 'Sneaky' },
      { filename: 'proposal.pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
    );
    expect(html.statusCode).toBe(422);
    expect(textOf(html.body)).toContain('The selected file must be a PDF, Word document');
    expect(html.body).toContain('href="#file"');
    expect(html.body).toContain('value="Sneaky"');
    const exe = await upload(
      housing,
      { title: 'Program' },
      { filename: 'setup.exe', bytes: Buffer.from('MZ\x90\x00') },
    );
    expect(exe.statusCode).toBe(422);
    expect((await documents()).length).toBe(before);
  });

  it('refuses a file that is too big, a missing file and a missing title', async () => {
    await housing.get(`/staff/consultations/${id}/documents`);
    const before = (await documents()).length;
    const big = await upload(
      housing,
      { title: 'Huge' },
      { filename: 'big.pdf', bytes: Buffer.concat([PDF_BYTES, Buffer.alloc(4096, 0x20)]) },
    );
    expect(big.statusCode).toBe(422);
    expect(textOf(big.body)).toContain('The selected file must be smaller than 2 KB');
    const none = await upload(housing, { title: 'Nothing' });
    expect(none.statusCode).toBe(422);
    expect(textOf(none.body)).toContain('Select a file');
    const untitled = await upload(housing, { title: '' }, { filename: 'a.pdf', bytes: PDF_BYTES });
    expect(untitled.statusCode).toBe(422);
    expect(textOf(untitled.body)).toContain('Enter a title for the document');
    expect((await documents()).length).toBe(before);
  });

  it('checks the CSRF token on uploads', async () => {
    await housing.get(`/staff/consultations/${id}/documents`);
    const response = await upload(
      housing,
      { title: 'No token' },
      { filename: 'a.pdf', bytes: PDF_BYTES },
      'wrong-token',
    );
    expect(response.statusCode).toBe(403);
  });

  it('lets only the lead organisation change documents, and removes one', async () => {
    const council = await consultationBySlug(deps, 'barking-town-centre-parking');
    const nhs = new Browser(app);
    await nhs.signIn('officer@nhs.example');
    await nhs.get('/staff');
    expect((await nhs.get(`/staff/consultations/${council.id}/documents`)).statusCode).toBe(200);
    const [doc] = await documents();
    await housing.get(`/staff/consultations/${id}/documents`);
    const removed = await housing.post(`/staff/consultations/${id}/documents/${doc!.id}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect((await documents()).some((d) => d.id === doc!.id)).toBe(false);
    expect((await nhs.post(`/staff/consultations/${id}/documents/${doc!.id}/remove`, {})).statusCode).toBe(404);
  });
});

describe('document types', () => {
  it('needs the extension and the first bytes to agree', () => {
    expect(detectDocumentType('a.PDF', Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(detectDocumentType('a.docx', Buffer.from('PK\x03\x04rest'))).toContain('wordprocessingml');
    expect(detectDocumentType('a.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      'image/png',
    );
    expect(detectDocumentType('a.jpg', Buffer.from('%PDF-1.7'))).toBeNull();
    expect(detectDocumentType('a.html', Buffer.from('<html>'))).toBeNull();
    expect(detectDocumentType('noextension', Buffer.from('%PDF-'))).toBeNull();
  });
  it('makes filenames safe for headers and URLs', () => {
    expect(safeFilename('..\\..\\evil"name.PDF')).toBe('evil-name.pdf');
    expect(safeFilename('résumé.docx')).toBe('resume.docx');
    expect(safeFilename('???.pdf')).toBe('document.pdf');
  });
});
