export { runWizard, type WizardOptions, type WizardResult, type ProgressDisplay } from "./runWizard.ts";
export { buildConfig, hasSetting, type SetupAnswers } from "./buildConfig.ts";
export { defaultProviders } from "./defaultProviders.ts";
export { curlExample, serverUrl } from "./curlExample.ts";
export type { SetupProviders, HardwareSummary, ModelOption, FetchProgress } from "./setupProviders.ts";
