// Saves CSV text the core made: a Blob URL on a temporary download link (the page never writes files itself).
import type { CsvExport } from '../../../common/contract';

export function saveCsv(csv: CsvExport, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([csv.text], { type: 'text/csv;charset=utf-8' }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = csv.fileName;
  link.hidden = true;
  doc.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the link; the URL is released on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
