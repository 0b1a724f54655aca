// Parses a CSV file (papaparse) into numeric feature rows and raw label cells, checking every
// cell: a non-numeric feature is a DatasetError naming the line, the column and the value.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { DatasetError } from './dataset-error';

export interface CsvTable {
  /** Column names (generated as column_1... when the file has no header row). */
  columns: string[];
  labelColumn: string;
  featureColumns: string[];
  /** rows × features, row-major. */
  features: Float64Array;
  labels: string[];
  rows: number;
  /** 1-based file line of each data row, for messages. */
  lines: Int32Array;
}

function isNumber(cell: string): boolean {
  const t = cell.trim();
  return t !== '' && Number.isFinite(Number(t));
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(`cannot read CSV file ${path}: ${reason}`, { file: path });
  }
}

export function readCsvTable(path: string, labelColumn: string | undefined): CsvTable {
  // Blank lines are kept through parsing and skipped here, so each record keeps its file line.
  const parsed = Papa.parse<string[]>(readText(path).replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    throw new DatasetError(`${path} line ${(quoteError.row ?? 0) + 1}: ${quoteError.message}`, { file: path, row: quoteError.row });
  }
  const records: { cells: string[]; line: number }[] = [];
  parsed.data.forEach((cells, i) => {
    if (!cells.every((c) => c.trim() === '')) records.push({ cells, line: i + 1 });
  });
  const first = records[0]?.cells;
  if (!first || first.length < 2) {
    throw new DatasetError(`${path}: needs at least two columns (features and a label) and one data row`, { file: path });
  }
  // The first row is a header when a column that is numeric below it is not numeric in it (or,
  // for a one-row file, when any cell is not numeric); otherwise columns get generated names.
  const second = records[1]?.cells;
  const hasHeader = second
    ? first.every((cell) => !isNumber(cell)) || first.some((cell, i) => !isNumber(cell) && second[i] !== undefined && isNumber(second[i]))
    : first.some((cell) => !isNumber(cell));
  const columns = hasHeader ? first.map((c) => c.trim()) : first.map((_, i) => `column_${i + 1}`);
  const dataRecords = hasHeader ? records.slice(1) : records;
  if (dataRecords.length === 0) throw new DatasetError(`${path}: has a header but no data rows`, { file: path });

  let labelIndex = columns.length - 1;
  if (labelColumn !== undefined) {
    labelIndex = columns.indexOf(labelColumn);
    if (labelIndex < 0) {
      throw new DatasetError(`${path}: no column named "${labelColumn}"; the columns are ${columns.map((c) => `"${c}"`).join(', ')}`, {
        file: path,
        columns,
      });
    }
  }
  const featureIndices = columns.map((_, i) => i).filter((i) => i !== labelIndex);
  const rows = dataRecords.length;
  const features = new Float64Array(rows * featureIndices.length);
  const labels: string[] = new Array<string>(rows);
  const lines = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const { cells: record, line } = dataRecords[r]!;
    lines[r] = line;
    if (record.length !== columns.length) {
      throw new DatasetError(`${path} line ${line}: has ${record.length} cells but the file has ${columns.length} columns`, {
        file: path,
        line,
      });
    }
    for (let f = 0; f < featureIndices.length; f++) {
      const c = featureIndices[f]!;
      const cell = record[c]!;
      const value = cell.trim() === '' ? Number.NaN : Number(cell.trim());
      if (!Number.isFinite(value)) {
        const what = cell.trim() === '' ? 'is empty' : `"${cell}" is not a number`;
        throw new DatasetError(
          `${path} line ${line} (row ${r + 1}), column "${columns[c]}": ${what}; feature columns must be numeric (fill or drop that row, or make it the label column)`,
          { file: path, line, row: r + 1, column: columns[c] },
        );
      }
      features[r * featureIndices.length + f] = value;
    }
    const label = record[labelIndex]!.trim();
    if (label === '') {
      throw new DatasetError(`${path} line ${line} (row ${r + 1}), label column "${columns[labelIndex]}": is empty`, {
        file: path,
        line,
        row: r + 1,
        column: columns[labelIndex],
      });
    }
    labels[r] = label;
  }
  return {
    columns,
    labelColumn: columns[labelIndex]!,
    featureColumns: featureIndices.map((i) => columns[i]!),
    features,
    labels,
    rows,
    lines,
  };
}
