import { strFromU8, unzipSync } from 'fflate';
import { apiUrl, bearer, closeDynamo, newManager, signedInAs, testPerson, unique } from './support/api';

// Over HTTP against the local stack: the XLSX export as a person downloads it.
afterAll(closeDynamo);

const manager = newManager('Report Manager');

/** The workbook's first sheet and its shared strings, as the XLSX file holds them. */
async function downloadXlsx(query: Record<string, string>) {
  const response = await fetch(apiUrl(`/activities.xlsx?${new URLSearchParams(query)}`), {
    headers: bearer(manager.person),
  });
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  const text = (name: string) => {
    const file = files[name];
    return file === undefined ? '' : strFromU8(file);
  };
  return { response, sheet: text('xl/worksheets/sheet1.xml'), strings: text('xl/sharedStrings.xml') };
}

/** The cells of a sheet row by row: `[reference, type attribute, value]`. */
function cells(sheet: string): [string, string | undefined, string][] {
  return [...sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>(?:<v>([^<]*)<\/v>)?/g)].map((match) => [
    match[1] ?? '',
    /t="(\w+)"/.exec(match[2] ?? '')?.[1],
    match[3] ?? '',
  ]);
}

describe('GET /activities.xlsx', () => {
  it('writes numbers as numbers, dates as dates, a totals row per person, no ids, and names the file after the filter and period', async () => {
    const customer = unique('Xlsx Corp');
    const ana = signedInAs(testPerson(unique('Ana'), ['engineers']));
    const bob = signedInAs(testPerson(unique('Bob'), ['engineers']));
    const created = [];
    for (const [who, date, hours] of [
      [ana, '2005-01-03', 1.5],
      [ana, '2005-01-04', 2.25],
      [bob, '2005-01-05', 4],
    ] as const) {
      const response = await who.postJson<{ id: string }>('/activities', {
        customer,
        project: 'Reports',
        activity: 'Build',
        date,
        hours,
      });
      expect(response.status).toBe(201);
      created.push(response.json.id);
    }

    const { response, sheet, strings } = await downloadXlsx({ customer, from: '2005-01-01', to: '2005-01-31' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="activities_${customer.replaceAll(' ', '-')}_2005-01-01_to_2005-01-31.xlsx"`,
    );
    const all = cells(sheet);
    const column = (letter: string) => all.filter(([reference]) => reference.startsWith(letter)).slice(1);
    // Hours: numbers (no `t` attribute), the person's records then their total.
    expect(column('F').map(([, type, value]) => [type, Number(value)])).toEqual([
      [undefined, 1.5],
      [undefined, 2.25],
      [undefined, 3.75],
      [undefined, 4],
      [undefined, 4],
    ]);
    // Dates: Excel serial day numbers (2005-01-03 is day 38355), not text.
    expect(column('A').map(([, type, value]) => [type, value])).toEqual([
      [undefined, '38355'],
      [undefined, '38356'],
      [undefined, '38357'],
    ]);
    expect(strings).toContain(`Total ${ana.person.name}`);
    expect(strings).toContain(`Total ${bob.person.name}`);
    for (const id of [...created, ana.person.id, bob.person.id]) {
      expect(`${sheet}${strings}`).not.toContain(id);
    }
  });
});
