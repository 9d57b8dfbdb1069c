/** Shell scripts imported `with { type: "text" }` (Bun inlines their text; compiled binaries carry it). */
declare module "*.sh" {
    const text: string;
    export default text;
}
