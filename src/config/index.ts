export { settingsTable, type Settings, type SettingName, type SettingSpec, type SettingKind } from "./settings.ts";
export { resolveSettings, type SettingSources } from "./resolveSettings.ts";
export { parseCommandLine, type ParsedCommandLine } from "./parseCommandLine.ts";
export { readConfigFile, writeConfigFile } from "./configFile.ts";
export { userPaths, type UserPaths } from "./paths.ts";
export { flagName, envName } from "./names.ts";
