export { runSimulation, planSimulation, resolveSimulationOptions, DEFAULT_SIMULATION_OPTIONS, MAX_BRANCHES } from './simulation';
export type { SimulationOptions, SimulationProgress, SimulationSummary, SimulationPlan, ResolvedSimulationOptions } from './simulation';
export { runLiveMode } from './live';
export type { LiveModeOptions } from './live';
export { SimulationCommandError, SimulationStoppedError } from './executor';
