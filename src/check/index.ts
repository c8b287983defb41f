// `topoform check`'s estimate: pure functions over the model (no cdktf). The CLI command lives elsewhere.
export { estimate, tailOf, scenarios, trafficRegions, availability, cost, awsStrategy, sum, worst } from './estimate';
export type { Estimate, Scenario, Phase, PhaseName, StoreRpo, Comparison, Tail, Status, Availability, Cost, CostItem, AwsStrategy, Figure } from './estimate';
export { renderEstimateText, estimateJson, humanDuration, humanFigure, readmeComparisonRow } from './render';
