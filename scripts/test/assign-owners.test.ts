import { describePlan, planOwners } from '../assign-owners';

const mary = { id: 'sub-mary', name: 'Mary Major' };
const diego = { id: 'sub-diego', name: 'Diego Ramirez' };
const otherDiego = { id: 'sub-diego-2', name: 'diego ramirez' };

describe('planOwners', () => {
  it('gives a record to the one person with its name, trimmed and ignoring case', () => {
    const plan = planOwners([{ id: 'r1', engineer: '  mary major ' }], [mary, diego]);

    expect(plan.assign).toEqual([{ record: { id: 'r1', engineer: '  mary major ' }, owner: mary }]);
    expect(plan.unmatched).toEqual([]);
  });

  it('leaves a name nobody has, counting its records', () => {
    const plan = planOwners(
      [
        { id: 'r1', engineer: 'Ada' },
        { id: 'r2', engineer: 'Ada' },
      ],
      [mary],
    );

    expect(plan.assign).toEqual([]);
    expect(plan.unmatched).toEqual([{ engineer: 'Ada', records: 2 }]);
  });

  it('leaves a name two people share', () => {
    const plan = planOwners([{ id: 'r1', engineer: 'Diego Ramirez' }], [diego, otherDiego]);

    expect(plan.assign).toEqual([]);
    expect(plan.ambiguous).toEqual([{ engineer: 'Diego Ramirez', records: 1, people: [diego, otherDiego] }]);
  });
});

describe('describePlan', () => {
  it('says a dry run wrote nothing', () => {
    const lines = describePlan(planOwners([{ id: 'r1', engineer: 'Mary Major' }], [mary]), false);

    expect(lines).toEqual([
      'would assign r1 ("Mary Major") to Mary Major (sub-mary)',
      '1 record(s) to assign, 0 name(s) left (dry run: nothing written; --apply writes)',
    ]);
  });
});
