/**
 * The page at /openapi: Swagger UI (served by this server, never from a CDN) over /openapi/json.
 * When the server has an API key, the spec answers 401 until the page sends it: the page asks for
 * the key like the dashboard does (kept in this tab's sessionStorage under the dashboard's name),
 * then shows the docs and sends the key with every "Try it out" request.
 */
export const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>local-swarm API</title>
<link rel="stylesheet" href="/openapi/swagger-ui.css">
<style>
body { margin: 0; font-family: system-ui, sans-serif; }
#key-form { max-width: 36rem; margin: 3rem auto; padding: 1.5rem; border: 1px solid #ccc; border-radius: 8px; }
#key-form input { width: 100%; box-sizing: border-box; padding: .5rem; margin: .75rem 0; }
#key-error { color: #b00020; }
</style>
</head>
<body>
<form id="key-form" hidden>
    <label for="key-input">This server needs its API key to show its API. It is kept for this tab only.</label>
    <input id="key-input" type="password" autocomplete="off" placeholder="API key" required>
    <button type="submit">Use key</button>
    <p id="key-error" hidden></p>
</form>
<div id="swagger-ui"></div>
<script src="/openapi/swagger-ui-bundle.js"></script>
<script>
const storageKey = "local-swarm.apiKey";
const form = document.getElementById("key-form");
const keyError = document.getElementById("key-error");
async function show() {
    const key = sessionStorage.getItem(storageKey);
    const response = await fetch("/openapi/json", { headers: key == null ? {} : { authorization: "Bearer " + key } });
    if (response.status === 401) {
        form.hidden = false;
        keyError.hidden = key == null;
        keyError.textContent = "The server refused that key.";
        document.getElementById("key-input").focus();
        return;
    }
    form.hidden = true;
    window.ui = SwaggerUIBundle({
        spec: await response.json(),
        dom_id: "#swagger-ui",
        requestInterceptor: (request) => {
            const current = sessionStorage.getItem(storageKey);
            if (current != null) request.headers.Authorization = "Bearer " + current;
            return request;
        }
    });
}
form.addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(storageKey, document.getElementById("key-input").value.trim());
    void show();
});
void show();
</script>
</body>
</html>
`;
