// Market Data quotes: GET /marketdata/v1/quotes?symbols=A,B[&fields=…][&indicative=…] (a map keyed by the
// requested symbol; unknown ones listed under "errors".invalidSymbols) and GET /marketdata/v1/{symbol}/quotes.
import type { Book } from './book';
import { marketDataError } from './errorBodies';
import { QUOTE_FIELD_ROOTS, quoteEntry, type QuoteFieldRoot } from './quotePayloads';
import type { FieldPath } from './malformedBody';
import type { Route, RouteResult } from './router';

const FIELDS_DETAIL = 'valid fields should be any of all,fundamental,reference,extended,quote,regular or empty value';

function parseFields(raw: string | null): Set<QuoteFieldRoot> | undefined {
  const parts = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0 || parts.includes('all')) return new Set(QUOTE_FIELD_ROOTS);
  const roots = new Set<QuoteFieldRoot>();
  for (const p of parts) {
    if (!(QUOTE_FIELD_ROOTS as readonly string[]).includes(p)) return undefined;
    roots.add(p as QuoteFieldRoot);
  }
  return roots;
}

function quotes(book: Book, symbols: string[], fieldsParam: string | null, nowMs: number): RouteResult {
  const roots = parseFields(fieldsParam);
  if (!roots) {
    const body = marketDataError(400, FIELDS_DETAIL, { parameter: 'fields' });
    body.errors[0]!.status = '400';
    return { status: 400, json: body };
  }
  const out: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const requested of symbols) {
    const entry = quoteEntry(book.market, requested.toUpperCase(), nowMs, roots);
    if (entry) out[requested] = entry;
    else invalid.push(requested);
  }
  if (invalid.length > 0) out.errors = { invalidSymbols: invalid };
  return { status: 200, json: out };
}

export function marketdataRoutes(book: Book): Route[] {
  // The field a "missing-field" fault removes: the symbol of the first quote in the body.
  const firstQuoteSymbol = (body: unknown): FieldPath | undefined => {
    const k = Object.keys(body as Record<string, unknown>).find((key) => key !== 'errors');
    return k === undefined ? undefined : [k, 'symbol'];
  };
  return [
    {
      method: 'GET',
      pattern: '/marketdata/v1/quotes',
      family: 'marketdata',
      auth: true,
      requiredField: firstQuoteSymbol,
      handle: (ctx) => {
        const p = ctx.url.searchParams;
        const symbols = (p.get('symbols') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        if (symbols.length === 0) {
          const body = marketDataError(400, 'Search combination should have min of 1.', {
            pointer: ['/data/attributes/symbols', '/data/attributes/cusips', '/data/attributes/ssids'],
          });
          body.errors[0]!.status = '400';
          return { status: 400, json: body };
        }
        return quotes(book, [...new Set(symbols)], p.get('fields'), ctx.nowMs);
      },
    },
    {
      method: 'GET',
      pattern: '/marketdata/v1/{symbol}/quotes',
      family: 'marketdata',
      auth: true,
      requiredField: firstQuoteSymbol,
      handle: (ctx) => {
        const symbol = ctx.params.symbol ?? '';
        const result = quotes(book, [symbol], ctx.url.searchParams.get('fields'), ctx.nowMs);
        if ('json' in result && result.status === 200 && !(symbol in (result.json as Record<string, unknown>))) {
          return { status: 404, json: marketDataError(404) };
        }
        return result;
      },
    },
  ];
}
