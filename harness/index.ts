// The public surface for scenario authors.
export { defineScenario } from './scenario/define.ts';
export type { ScenarioInput, Scenario, FlowSpec, CheckSpec, StepSpec, Verdict } from './scenario/schema.ts';
export { defineClaims, type ClaimInfo } from './report/claims-catalogue.ts';
