// The public surface for scenario authors.
export { defineScenario } from './scenario/define.ts';
export type { ScenarioInput, Scenario, FlowSpec, CheckSpec, StepSpec, Verdict } from './scenario/schema.ts';
export { defineClaims, definePages, type ClaimInfo, type PageInfo } from './report/claims-catalogue.ts';
