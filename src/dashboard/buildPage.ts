import { readFileSync } from "node:fs";

/**
 * The dashboard as one HTML document: `page.html` with `page.css` and the bundled client script
 * (`client/main.ts`) inlined. It is imported as a Bun macro, so it runs when the server's code is
 * bundled: `bun build --compile` embeds the finished page in the binary, and nothing is read from
 * disk at run time. Bun's bundler cannot be called from inside a macro, hence the `bun build` child.
 */
export function buildPage(): string {
    const path = (name: string) => new URL(name, import.meta.url).pathname;
    const build = Bun.spawnSync([process.execPath, "build", path("./client/main.ts"), "--target=browser", "--format=esm", "--minify"]);
    if (!build.success) throw new Error(`the dashboard script did not build: ${build.stderr.toString()}`);
    const script = build.stdout.toString();
    if (script.includes("</script")) throw new Error("the dashboard script contains </script and cannot be inlined");
    return readFileSync(path("./page.html"), "utf8")
        .replace("/* page.css */", () => readFileSync(path("./page.css"), "utf8"))
        .replace("/* client script */", () => script);
}
