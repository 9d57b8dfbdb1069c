import path from "node:path";
import { commandArgv, type CommandPolicy } from "./commandPolicy.ts";
import type { Sandbox } from "./detectSandbox.ts";
import { runCommand } from "./runCommand.ts";
import { scrubEnvironment } from "./scrubEnvironment.ts";
import type { Tool } from "./Tool.ts";
import type { Workspace } from "./Workspace.ts";

export interface ExecuteBashOptions {
    readonly sandbox: Sandbox;
    readonly policy: CommandPolicy;
    /** Longest a command may run, in seconds; a call may ask for less. */
    readonly timeoutSeconds: number;
    /** Most bytes kept of stdout and of stderr each (default 64 KiB). */
    readonly maxOutputBytes?: number;
    /** Environment to scrub (default process.env). */
    readonly env?: NodeJS.ProcessEnv;
}

export function executeBashTool(workspace: Workspace, options: ExecuteBashOptions): Tool<{ command: string; timeout_seconds?: number }> {
    const { sandbox, policy, timeoutSeconds, maxOutputBytes = 64 * 1024 } = options;
    // Hooks and config in .git run code outside the sandbox when the user next runs git.
    const readOnly = [path.join(workspace.root, ".git")];
    return {
        name: "execute_bash",
        description: (policy.allow.length === 0
            ? "Run a bash command with the workspace as the current folder. "
            : `Run one of these programs with its arguments, without a shell (no pipes, redirections, $ or globs): ${policy.allow.join(", ")}. The workspace is the current folder. `)
            + `Killed after ${timeoutSeconds} s; `
            + `stdout and stderr are cut at ${maxOutputBytes} bytes each; no secrets in the environment. Sandbox: ${sandbox.summary}.`,
        parameters: {
            type: "object",
            properties: {
                command: { type: "string", minLength: 1, description: policy.allow.length === 0 ? "The bash command line" : "The program and its arguments; '...' quotes text literally" },
                // No bounds in the schema: a grammar cannot enforce them, so the value is clamped instead.
                timeout_seconds: { type: "integer", description: `Seconds before the command is killed (1 to ${timeoutSeconds}; default ${timeoutSeconds})` }
            },
            required: ["command"],
            additionalProperties: false
        },
        mutates: true,
        run: async ({ command, timeout_seconds }, signal) => {
            const argv = sandbox.wrap(commandArgv(command, policy), workspace.root, readOnly);
            const outcome = await runCommand(argv, {
                cwd: workspace.root,
                env: scrubEnvironment(options.env ?? process.env, workspace.root),
                timeoutMs: Math.min(Math.max(timeout_seconds ?? timeoutSeconds, 1), timeoutSeconds) * 1000,
                maxOutputBytes,
                signal
            });
            return {
                exit_code: outcome.exitCode,
                signal: outcome.signal,
                stdout: outcome.stdout,
                stderr: outcome.stderr,
                timed_out: outcome.timedOut,
                truncated: outcome.truncated,
                duration_ms: outcome.durationMs
            };
        }
    };
}
