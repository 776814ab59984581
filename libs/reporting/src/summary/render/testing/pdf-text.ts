import { repoRoot } from '@app/infra';
import { execFile } from 'node:child_process';

export interface PdfText {
  readonly pages: readonly string[];
  readonly info: Record<string, unknown>;
}

/**
 * Parses a PDF back to text with pdf-parse (Mozilla's pdf.js), page by page. pdf.js loads its
 * worker as an ES module, which jest's CommonJS sandbox cannot do, so it runs in a child Node.
 */
export function pdfText(pdf: Buffer): Promise<PdfText> {
  const script = `
    import { PDFParse } from 'pdf-parse';
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
    const text = await parser.getText();
    const info = await parser.getInfo();
    await parser.destroy();
    process.stdout.write(JSON.stringify({ pages: text.pages.map((p) => p.text), info: info.info ?? {} }));
  `;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: repoRoot(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`pdf-parse failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as PdfText);
      },
    );
    child.stdin!.end(pdf);
  });
}
