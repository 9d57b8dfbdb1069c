export { runWizard, type WizardOptions, type WizardResult, type ProgressDisplay } from "./runWizard.ts";
export { hasSetting, type SetupAnswers } from "./buildConfig.ts";
export { defaultProviders } from "./defaultProviders.ts";
export { serverUrl } from "./curlExample.ts";
export type { SetupProviders, HardwareSummary, ModelOption, FetchProgress } from "./setupProviders.ts";
