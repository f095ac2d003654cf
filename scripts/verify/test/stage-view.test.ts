import { stageView } from '../stage-view';
import type { Template } from '../template';

const template: Template = {
  Conditions: {
    IsProd: { 'Fn::Equals': [true, 'true'] },
    HasNat: { 'Fn::Not': [{ 'Fn::Equals': ['none', 'none'] }] },
    ProdWithNat: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'HasNat' }] },
  },
  Resources: {
    Nat: { Type: 'AWS::EC2::NatGateway', Condition: 'HasNat' },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: {
        DesiredCount: { 'Fn::If': ['HasNat', 3, { Ref: 'AWS::NoValue' }] },
        PlacementStrategies: { 'Fn::If': ['IsProd', [{ Type: 'spread' }], [{ Type: 'binpack' }]] },
      },
    },
  },
};

describe('stageView', () => {
  it('evaluates conditions as CloudFormation does, comparing values as strings', () => {
    expect(stageView(template).conditions).toEqual({ IsProd: true, HasNat: false, ProdWithNat: false });
  });

  it('leaves out resources whose condition is false and resolves every Fn::If', () => {
    const view = stageView(template);
    expect(Object.keys(view.resources)).toEqual(['Service']);
    expect(view.resource('Service').Properties).toEqual({ PlacementStrategies: [{ Type: 'spread' }] });
  });

  it('takes forced conditions as given', () => {
    const view = stageView(template, { HasNat: true });
    expect(view.ofType('AWS::EC2::NatGateway')).toEqual(['Nat']);
    expect(view.resource('Service').Properties.DesiredCount).toBe(3);
    expect(view.conditions.ProdWithNat).toBe(true);
  });
});
