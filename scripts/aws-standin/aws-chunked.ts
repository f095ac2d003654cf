import type { IncomingHttpHeaders } from 'node:http';

/**
 * The SDK streams uploads in `aws-chunked` encoding (`<hex size>[;chunk-signature=...]\r\n<data>\r\n`,
 * ending with a zero-size chunk and the checksum trailer); S3 stores the decoded payload.
 */
export function decodedPayload(body: Buffer, headers: IncomingHttpHeaders): Buffer {
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  const encoding = String(headers['content-encoding'] ?? '');
  if (!sha.startsWith('STREAMING-') && !encoding.includes('aws-chunked')) return body;
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) break;
    chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(chunks);
}
