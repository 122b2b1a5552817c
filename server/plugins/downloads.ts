import type { FastifyReply } from 'fastify';

/** A CSV file the browser saves under `filename`; personal, so never kept by a cache. */
export function sendCsvDownload(reply: FastifyReply, filename: string, csv: string) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(csv);
}
