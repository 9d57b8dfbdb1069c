import { buildPage } from "./buildPage.ts" with { type: "macro" };

/** The page served at `/`, finished when the server's code was bundled (see `buildPage`). */
export const dashboardPage: string = buildPage();
