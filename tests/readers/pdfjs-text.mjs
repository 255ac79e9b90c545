// Prints each page's text as pdf.js (the PDF reader in Firefox) extracts it,
// a page per block, for tests/world.rs.
// Usage: node pdfjs-text.mjs PATH/TO/pdfjs-dist/legacy/build/pdf.mjs FILE.pdf
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const { getDocument } = await import(pathToFileURL(process.argv[2]).href);
const data = new Uint8Array(readFileSync(process.argv[3]));
const doc = await getDocument({ data, verbosity: 0, disableFontFace: true, useSystemFonts: false })
  .promise;
for (let p = 1; p <= doc.numPages; p++) {
  const page = await doc.getPage(p);
  const content = await page.getTextContent();
  console.log(content.items.map((i) => i.str + (i.hasEOL ? "\n" : "")).join(""));
}
